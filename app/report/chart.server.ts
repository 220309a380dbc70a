import { reportRadar } from "./chart-data";
import type { Report } from "./report";
import { radarSvg } from "./radar-svg";

/** The report's radar chart as static SVG, from the same geometry the PDF draws. */
export async function reportChart(report: Report): Promise<string> {
  return radarSvg(reportRadar(report), {
    title: `Radar chart of theme scores for ${report.organisation.name}, ${report.assessment.cycle}. The same figures are in the table.`,
  });
}
