/** UI copy of the accessibility statement: kept out of app/content/index.ts (the copy every page needs) so other pages do not load it. */

export const accessibilityContent = {
  title: "Accessibility statement",
  intro:
    "This statement applies to the digital maturity self-assessment service. We want as many people as possible to be able to use it. For example, you should be able to change colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the screen, navigate the whole service using just a keyboard or speech recognition software, and listen to it using a screen reader.",
  howAccessible: [
    "The service uses the NHS design system and works without JavaScript.",
    "Every page is checked automatically with the axe accessibility engine (WCAG 2.2 AA rules) before each release, with JavaScript on and off.",
    "Charts always sit next to a table that holds the same figures.",
  ],
  compliance:
    "This service is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances listed below.",
  nonAccessible: [
    "The radar chart on reports cannot be explored with a keyboard or a screen reader. The table beside it holds the same scores, and the PDF download holds the same table.",
    "The PDF board pack is tagged (language, title, headings, reading order and a text alternative for the chart), but has not yet been tried with a screen reader by a person. The same report is available as a web page and as CSV and JSON downloads.",
    "We have not yet had the service audited by an accessibility specialist. Automated checks find only some kinds of problem.",
  ],
  reportTitle: "Reporting accessibility problems with this service",
  report:
    "If you find a problem that is not listed on this page, or you need information in a different format, tell your organisation's digital maturity lead or email the service team at digital-maturity@demo.example. Say which page you were on and what happened. We will reply within 5 working days.",
  enforcementTitle: "Enforcement procedure",
  enforcement:
    "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the accessibility regulations). If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).",
  preparationTitle: "Preparation of this accessibility statement",
  preparation:
    "This statement was prepared on 1 December 2026. It was last reviewed on 1 December 2026. The service was last tested on 1 December 2026, automatically with axe in Chromium, by the team that builds it.",
} as const;
