import { pageTitle } from "../content";
import { accessibilityContent } from "../content/accessibility";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle(accessibilityContent.title));

export default function Accessibility() {
  const a = accessibilityContent;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{a.title}</h1>
        <p>{a.intro}</p>
        <h2>How accessible this service is</h2>
        <ul>
          {a.howAccessible.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h2>Compliance status</h2>
        <p>{a.compliance}</p>
        <h2>Non-accessible content</h2>
        <ul>
          {a.nonAccessible.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h2>{a.reportTitle}</h2>
        <p>{a.report}</p>
        <h2>{a.enforcementTitle}</h2>
        <p>{a.enforcement}</p>
        <h2>{a.preparationTitle}</h2>
        <p>{a.preparation}</p>
      </div>
    </div>
  );
}
