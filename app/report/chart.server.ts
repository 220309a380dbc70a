import { chartData } from "./chart-data";
import { radarSvg } from "./radar.server";
import type { Report } from "./report";

/** The report's radar chart as static SVG. */
export function reportChart(report: Report): string {
  const { series, points } = chartData(report);
  return radarSvg(points, series, {
    title: `Radar chart of theme scores for ${report.organisation.name}, ${report.assessment.cycle}. The same figures are in the table.`,
  });
}
