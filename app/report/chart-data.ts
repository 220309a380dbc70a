import type { Comparisons } from "../benchmark/compare";
import { type RadarGeometry, radarGeometry } from "./radar";
import type { Report } from "./report";
import { type RadarSeries, radarSeries } from "./series";

/** The peer group the radar compares with: the same care setting nationally. */
const peerKey = (c: Comparisons) => c.groups[0]?.key;

function medians(report: Report, key: string | undefined): Record<string, number> | null {
  const group = report.comparisons?.groups.find((g) => g.key === key);
  if (!group) return null;
  const values: Record<string, number> = {};
  for (const t of report.themes) {
    const stat = group.themes[t.id];
    if (!stat || stat.shown === "count") return null; // a series with holes would mislead: leave it out
    values[t.id] = stat.median;
  }
  return values;
}

/** Which series the radar chart draws, and their points, from the report alone (so a saved copy draws the same). */
export function chartData(report: Report) {
  const peer = report.comparisons ? medians(report, peerKey(report.comparisons)) : null;
  const national = medians(report, "all");
  const series: RadarSeries[] = [
    radarSeries.current,
    ...(report.previous ? [radarSeries.previous] : []),
    ...(peer ? [radarSeries.peer] : []),
    ...(national ? [radarSeries.national] : []),
  ];
  const points = report.themes.map((t) => ({
    label: t.title,
    current: t.score ?? 0,
    previous: t.previousScore,
    peer: peer?.[t.id] ?? null,
    national: national?.[t.id] ?? null,
  }));
  return { series, points, peerLabel: report.comparisons?.groups[0]?.label ?? null };
}

/** The report's radar geometry, the one the page's SVG and the PDF both draw. */
export function reportRadar(report: Report, options?: Parameters<typeof radarGeometry>[2]): RadarGeometry {
  const { series, points } = chartData(report);
  return radarGeometry(
    points.map((p) => p.label),
    series.map((s) => ({ ...s, values: points.map((p) => p[s.key as "current"] as number | null) })),
    options,
  );
}
