import { chartData } from "./chart-data";
import type { Report } from "./report";

/** The report's radar chart as static SVG. The chart library loads with the first report, not at start. */
export async function reportChart(report: Report): Promise<string> {
  const { radarSvg } = await import("./radar-svg.server");
  const { series, points } = chartData(report);
  return radarSvg(points, series, {
    title: `Radar chart of theme scores for ${report.organisation.name}, ${report.assessment.cycle}. The same figures are in the table.`,
  });
}
