import { reportRadar, type Targets } from "./chart-data";
import type { Report } from "./report";
import { radarSvg } from "./radar-svg";

/** The report's radar chart as static SVG, from the same geometry the PDF draws. */
export async function reportChart(report: Report, targets: Targets = {}): Promise<string> {
  const title = `Radar chart of theme scores for ${report.organisation.name}, ${report.assessment.cycle}. The same figures are in the table.`;
  // Two drawings, and the style sheet shows one: on a phone the full labels would shrink to about 8 px, so
  // the narrow one labels each spoke with its theme's number, 22 px across 368 (the table numbers the themes).
  return (
    radarSvg(reportRadar(report, undefined, targets), {
      title,
      className: "app-radar__svg app-radar__svg--wide",
    }) +
    radarSvg(reportRadar(report, { labelSpace: 34, top: 40, bottom: 40, numbersOnly: true }, targets), {
      title,
      className: "app-radar__svg app-radar__svg--narrow",
      labelSize: 22,
      scaleSize: 14,
    })
  );
}
