export default function Accessibility() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Accessibility statement</h1>
        <p>
          This service aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA.
          It uses the NHS design system and works without JavaScript.
        </p>
        <p>Every page is checked automatically with the axe accessibility engine before each release.</p>
        <p>Charts always sit next to a table that holds the same figures.</p>
      </div>
    </div>
  );
}
