import { radarSvg } from "./radar.server";
import type { Report } from "./report";
import { radarSeries } from "./series";

/** The report's radar chart: this cycle, and the previous cycle when there is one. */
export function reportChart(report: Report): string {
  const series = [radarSeries.current, ...(report.previous ? [radarSeries.previous] : [])];
  return radarSvg(
    report.themes.map((t) => ({ label: t.title, current: t.score ?? 0, previous: t.previousScore })),
    series,
    {
      title: `Radar chart of theme scores for ${report.organisation.name}, ${report.assessment.cycle}. The same figures are in the table.`,
    },
  );
}
