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

/**
 * A level's place on the 0–100 score scale, read off the questionnaire's level scale as a straight line
 * (1 → 0 … 5 → 100 on the core scale, docs/scoring.md §4), so a target level can be drawn with the scores.
 */
export function levelToScore(level: number, scale: readonly { value: number }[]): number {
  const values = scale.map((l) => l.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  return high === low ? 100 : ((level - low) / (high - low)) * 100;
}

/** Target levels by theme id (the improvement plan made from the report), or none. */
export type Targets = Readonly<Record<string, number | null>>;

/**
 * Which series the radar chart draws, and their points: from the report (so a saved copy draws the same) and
 * the plan's targets. The one data module behind the static SVG, the PDF and the interactive chart.
 */
export function chartData(report: Report, targets: Targets = {}) {
  const peer = report.comparisons ? medians(report, peerKey(report.comparisons)) : null;
  const national = medians(report, "all");
  const scale = report.questionnaire.levelScale;
  const targetScore = (id: string) => {
    const level = targets[id];
    return level == null ? null : levelToScore(level, scale);
  };
  const hasTargets = report.themes.some((t) => targetScore(t.id) !== null);
  const series: RadarSeries[] = [
    radarSeries.current,
    ...(report.previous ? [radarSeries.previous] : []),
    ...(peer ? [radarSeries.peer] : []),
    ...(national ? [radarSeries.national] : []),
    ...(hasTargets ? [radarSeries.target] : []),
  ];
  const points = report.themes.map((t) => ({
    label: t.title,
    current: t.score ?? 0,
    previous: t.previousScore,
    peer: peer?.[t.id] ?? null,
    national: national?.[t.id] ?? null,
    target: targetScore(t.id),
  }));
  return { series, points, peerLabel: report.comparisons?.groups[0]?.label ?? null };
}

/** The report's radar geometry, the one the page's SVG and the PDF both draw. */
export function reportRadar(
  report: Report,
  options?: Parameters<typeof radarGeometry>[2],
  targets: Targets = {},
): RadarGeometry {
  const { series, points } = chartData(report, targets);
  return radarGeometry(
    points.map((p) => p.label),
    series.map((s) => ({ ...s, values: points.map((p) => p[s.key as "current"] as number | null) })),
    options,
  );
}

/**
 * The trajectory chart's figures: the overall score and each theme's, cycle by cycle (earlier cycles from the
 * organisation's stored scores, this one from the report), with the next cycle's targets as scores. Each row
 * names the questionnaire version, so the page can say when the questions changed in between.
 */
export function trajectoryData(
  report: Report,
  history: readonly { cycle: string; scores: Record<string, number>; questionnaireVersion: number }[],
  targets: Targets = {},
) {
  const themes = [
    { id: "overall", title: "Overall" },
    ...report.themes.map((t) => ({ id: t.id, title: t.title })),
  ];
  const rows = [
    ...history
      .filter((h) => h.cycle < report.assessment.cycle)
      .map((h) => ({
        cycle: h.cycle,
        questionnaireVersion: h.questionnaireVersion,
        values: Object.fromEntries(themes.map((t) => [t.id, h.scores[t.id] ?? null])),
      })),
    {
      cycle: report.assessment.cycle,
      questionnaireVersion: report.questionnaire.version,
      values: Object.fromEntries(
        themes.map((t) => [
          t.id,
          t.id === "overall"
            ? report.overall.score
            : (report.themes.find((x) => x.id === t.id)?.score ?? null),
        ]),
      ),
    },
  ].sort((a, b) => (a.cycle < b.cycle ? -1 : 1));
  const scale = report.questionnaire.levelScale;
  const target = Object.fromEntries(
    themes.map((t) => [t.id, targets[t.id] == null ? null : levelToScore(targets[t.id]!, scale)]),
  );
  const versions = new Set(rows.map((r) => r.questionnaireVersion));
  return { themes, rows, target, crossesVersions: versions.size > 1 };
}

/**
 * The regional view's trajectory: a peer group's median per theme and overall, cycle by cycle, in the
 * trajectory chart's shape (no targets: a region has none of its own). A median comes only from a group the
 * disclosure rule lets the audience see (`median` is null otherwise).
 */
export function groupTrajectoryData(
  themes: readonly { id: string; title: string }[],
  cycles: readonly string[],
  median: (cycle: string, themeId: string) => number | null,
) {
  const ordered = [...themes].sort((a, b) => (a.id === "overall" ? -1 : b.id === "overall" ? 1 : 0));
  return {
    themes: ordered,
    rows: [...cycles].sort().map((cycle) => ({
      cycle,
      questionnaireVersion: 0,
      values: Object.fromEntries(ordered.map((t) => [t.id, median(cycle, t.id)])),
    })),
    target: {} as Record<string, number | null>,
    crossesVersions: false,
  };
}
