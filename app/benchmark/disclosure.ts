import { distribution, percentileRank } from "./stats";

/**
 * The disclosure rule: what a peer group's scores may reveal, and to whom. Pure. The rule and its reasons are
 * in docs/scoring.md ("What peer figures show"), and on every report.
 *
 * - Nobody sees figures from fewer than `minGroup` organisations (default 5): only the count.
 * - Organisation users never see a group's lowest or highest score (each is one organisation's exact score).
 *   From `minGroup` they see the median and which side of it they are; from `quartileMinGroup` (default 10)
 *   also the quartiles, their percentile rank and their quarter.
 * - Regional analysts (who may open every organisation of their region anyway) see the full five figures
 *   from `minGroup`, in the regional view.
 *
 * A figure that is not disclosed is not in the data at all (not hidden by the page), so no download can
 * carry it.
 */
export interface DisclosureRule {
  minGroup: number;
  quartileMinGroup: number;
}

/** The loosest the configuration may make the rule. */
export const disclosureFloor = { minGroup: 5, quartileMinGroup: 10 } as const;
export const defaultDisclosureRule: DisclosureRule = { ...disclosureFloor };

export type Audience = "organisation" | "analyst";

/** Where an organisation's score sits in its group, in words that reveal no other organisation's score. */
export type Position = "lowest-quarter" | "below-median" | "at-median" | "above-median" | "highest-quarter";

/** A peer group's figures for one theme, as far as the rule lets this audience see them. */
export type Statistic =
  | { n: number; shown: "count" }
  | { n: number; shown: "median"; median: number; position: Position | null }
  | {
      n: number;
      shown: "quartiles";
      q1: number;
      median: number;
      q3: number;
      percentileRank: number | null;
      position: Position | null;
    }
  | {
      n: number;
      shown: "full";
      min: number;
      q1: number;
      median: number;
      q3: number;
      max: number;
      percentileRank: number | null;
      position: Position | null;
    };

export type ShownStatistic = Exclude<Statistic, { shown: "count" }>;

/** Checks a rule against the floor: a configuration can only make it stricter. */
export function checkRule(rule: DisclosureRule): DisclosureRule {
  if (
    !Number.isSafeInteger(rule.minGroup) ||
    !Number.isSafeInteger(rule.quartileMinGroup) ||
    rule.minGroup < disclosureFloor.minGroup ||
    rule.quartileMinGroup < disclosureFloor.quartileMinGroup ||
    rule.quartileMinGroup < rule.minGroup
  ) {
    throw new RangeError(
      `A disclosure rule needs minGroup ≥ ${disclosureFloor.minGroup} and quartileMinGroup ≥ ${disclosureFloor.quartileMinGroup} and ≥ minGroup (got ${rule.minGroup}, ${rule.quartileMinGroup})`,
    );
  }
  return rule;
}

function positionOf(own: number, d: { q1: number; median: number; q3: number }, quarters: boolean): Position {
  if (quarters && own < d.q1) return "lowest-quarter";
  if (quarters && own > d.q3) return "highest-quarter";
  if (own < d.median) return "below-median";
  if (own > d.median) return "above-median";
  return "at-median";
}

/**
 * A group's figures for one audience, from the group's unrounded scores (ascending) and the organisation's
 * own unrounded score. Nothing here is rounded: the formatter rounds once, at display.
 */
export function disclose(
  sorted: readonly number[],
  own: number | null,
  rule: DisclosureRule,
  audience: Audience,
): Statistic | null {
  const d = distribution(sorted, { sorted: true });
  if (!d) return null;
  if (d.n < rule.minGroup) return { n: d.n, shown: "count" };
  const rank = own === null ? null : percentileRank(sorted, own);
  if (audience === "analyst") {
    return {
      n: d.n,
      shown: "full",
      min: d.min,
      q1: d.q1,
      median: d.median,
      q3: d.q3,
      max: d.max,
      percentileRank: rank,
      position: own === null ? null : positionOf(own, d, true),
    };
  }
  if (d.n < rule.quartileMinGroup) {
    return {
      n: d.n,
      shown: "median",
      median: d.median,
      position: own === null ? null : positionOf(own, d, false),
    };
  }
  return {
    n: d.n,
    shown: "quartiles",
    q1: d.q1,
    median: d.median,
    q3: d.q3,
    percentileRank: rank,
    position: own === null ? null : positionOf(own, d, true),
  };
}

export const positionWords: Record<Position, string> = {
  "lowest-quarter": "in the lowest quarter",
  "below-median": "below the median",
  "at-median": "at the median",
  "above-median": "above the median",
  "highest-quarter": "in the highest quarter",
};
