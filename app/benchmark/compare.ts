import type { PeerGroup } from "./groups";
import { distribution, percentileRank } from "./stats";

/** A peer group's figures for one theme, or only its size when it is too small to show. */
export type Statistic =
  | { n: number; suppressed: true }
  | {
      n: number;
      suppressed: false;
      min: number;
      q1: number;
      median: number;
      q3: number;
      max: number;
      percentileRank: number | null;
    };

export interface GroupComparison {
  key: string;
  label: string;
  themes: Record<string, Statistic>;
}

export interface Comparisons {
  basis: "submitted" | "validated";
  threshold: number;
  groups: GroupComparison[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Compares an organisation's scores with its peer groups' stored distributions. Statistics from fewer
 * organisations than the disclosure threshold are suppressed: only the count is kept, never the figures.
 */
export function compare(
  scores: Record<string, number | null>,
  groups: PeerGroup[],
  distributions: Map<string, Map<string, number[]>>,
  basis: Comparisons["basis"],
  threshold: number,
): Comparisons {
  return {
    basis,
    threshold,
    groups: groups.map((group) => {
      const themes: Record<string, Statistic> = {};
      for (const [themeId, sorted] of distributions.get(group.key) ?? []) {
        const d = distribution(sorted, { sorted: true }); // stored ascending
        if (!d) continue;
        if (d.n < threshold) {
          themes[themeId] = { n: d.n, suppressed: true };
          continue;
        }
        const own = scores[themeId];
        themes[themeId] = {
          n: d.n,
          suppressed: false,
          min: round1(d.min),
          q1: round1(d.q1),
          median: round1(d.median),
          q3: round1(d.q3),
          max: round1(d.max),
          percentileRank: own == null ? null : Math.round(percentileRank(sorted, own)),
        };
      }
      return { key: group.key, label: group.label, themes };
    }),
  };
}
