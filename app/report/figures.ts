import type { Comparisons } from "../benchmark/compare";
import { type DisclosureRule, positionWords, type Statistic } from "../benchmark/disclosure";
import { formatNumber, formatPercent, formatScore } from "../format";
import type { Report, ReportTheme } from "./report";

/**
 * The words around a report's figures, shared by the page and the PDF so they say the same. Pure.
 */

/** Reports saved before the rule was recorded carry only a threshold: read it as the rule of the time. */
export function ruleOf(c: Comparisons): DisclosureRule {
  const legacy = c as Comparisons & { threshold?: number };
  return c.rule ?? { minGroup: legacy.threshold ?? 5, quartileMinGroup: 10 };
}

/** The disclosure rule in one sentence, for the page and the PDF. */
export function ruleText(rule: DisclosureRule): string {
  return `To protect organisations, no figure is shown from fewer than ${rule.minGroup} organisations; the lowest and highest scores of a group are never shown (each is one organisation's exact score); quartiles and percentile ranks are shown only for groups of ${rule.quartileMinGroup} or more.`;
}

const organisations = (n: number) => `${n} ${n === 1 ? "organisation" : "organisations"}`;

/** What the page says in place of figures the rule holds back, or where a group has no figures. */
export function withheldText(stat: Statistic | undefined, rule: DisclosureRule): string | null {
  if (!stat) return "No submitted assessments yet";
  if (stat.shown === "count") return `Not shown: ${organisations(stat.n)}, fewer than ${rule.minGroup}`;
  return null;
}

export const medianText = (stat: Statistic | undefined) =>
  stat && stat.shown !== "count" ? formatScore(stat.median) : "–";

export function middleHalfText(stat: Statistic | undefined, rule: DisclosureRule): string {
  if (!stat || stat.shown === "count") return "–";
  if (stat.shown === "median")
    return `Not shown: ${organisations(stat.n)}, quartiles need ${rule.quartileMinGroup}`;
  return `${formatScore(stat.q1)} to ${formatScore(stat.q3)}, ${organisations(stat.n)}`;
}

export function rankText(stat: Statistic | undefined): string {
  if (!stat || stat.shown === "count" || stat.shown === "median") return "–";
  return stat.percentileRank === null ? "–" : formatNumber(stat.percentileRank, 0);
}

/** Where the organisation sits, in words: "above the median", "in the lowest quarter". */
export function positionText(stat: Statistic | undefined): string | null {
  if (!stat || stat.shown === "count" || !stat.position) return null;
  return positionWords[stat.position];
}

/** The sentence for a theme that has no score: what happened, never "0% answered" when nothing applied. */
export function notScoredText(theme: ReportTheme, report: Report): string {
  const minimum = report.questionnaire.minimumCoverage;
  const need = minimum === undefined ? "enough of it" : `at least ${formatPercent(minimum)} of it`;
  switch (theme.notScored) {
    case "all-not-applicable":
      return "Not scored: every question in this theme was marked not applicable, so there is nothing to score. This does not lower the overall score.";
    case "nothing-answered":
      return `Not scored: no question in this theme was answered (a score needs ${need}).`;
    default:
      return theme.coverage === 0
        ? "Not scored: no question in this theme was answered, or every question was marked not applicable."
        : `Not scored: only ${formatPercent(theme.coverage)} of this theme was answered (a score needs ${need}).`;
  }
}

/** The peer position of the overall score in words, for the summary: "Above the median of …". */
export function overallPosition(report: Report): string | null {
  const c = report.comparisons;
  const group = c?.groups[0];
  const stat = group?.themes.overall;
  if (!c || !group || !stat) return null;
  if (stat.shown === "count")
    return `${group.label}: too few organisations to compare (${organisations(stat.n)}, fewer than ${ruleOf(c).minGroup}).`;
  const where = positionText(stat);
  return `${where ? `${where[0]!.toUpperCase()}${where.slice(1)} of` : "Compared with"} ${group.label.replace(/^./, (ch) => ch.toLowerCase())} (median ${formatScore(stat.median)}, ${organisations(stat.n)}).`;
}

/**
 * The caveat every format shows beside a change since last cycle that crosses questionnaire versions (the
 * page, the PDF, the CSV and the JSON say the same words), or null when both cycles used one version.
 */
export function changeCaveat(report: Pick<Report, "previous" | "questionnaire">): string | null {
  const before = report.previous?.questionnaireVersion;
  if (before === undefined || before === report.questionnaire.version) return null;
  return `The questionnaire changed: ${report.previous!.cycle} used version ${before} and this report uses version ${report.questionnaire.version}. Changes are compared theme by theme, and some questions in each theme were reworded, added or retired, so read a change as a guide, not an exact measure.`;
}

/** The same caveat for the trend across cycles, when its cycles used more than one questionnaire version. */
export function trendCaveat(report: Pick<Report, "trend">): string | null {
  const points = (report.trend ?? []).filter((t) => t.questionnaireVersion !== undefined);
  const versions = [...new Set(points.map((t) => t.questionnaireVersion!))];
  if (versions.length < 2) return null;
  const byVersion = versions
    .map(
      (v) =>
        `${points
          .filter((t) => t.questionnaireVersion === v)
          .map((t) => t.cycle)
          .join(", ")} on version ${v}`,
    )
    .join("; ");
  return `The trend crosses questionnaire versions (${byVersion}): questions were reworded, added or retired in between, so read a change between versions as a guide, not an exact measure.`;
}
