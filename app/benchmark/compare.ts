import { type Audience, type DisclosureRule, disclose, type Statistic } from "./disclosure";
import type { PeerGroup } from "./groups";

export type { Statistic } from "./disclosure";

export interface GroupComparison {
  key: string;
  label: string;
  themes: Record<string, Statistic>;
}

export interface Comparisons {
  basis: "submitted" | "validated";
  /** The rule the figures were disclosed under (saved with the report, so a saved copy explains itself). */
  rule: DisclosureRule;
  audience: Audience;
  groups: GroupComparison[];
}

/**
 * Compares an organisation's unrounded scores with its peer groups' stored (unrounded, ascending)
 * distributions, keeping only what the disclosure rule lets the audience see.
 */
export function compare(
  scores: Record<string, number | null>,
  groups: PeerGroup[],
  distributions: Map<string, Map<string, number[]>>,
  basis: Comparisons["basis"],
  rule: DisclosureRule,
  audience: Audience = "organisation",
): Comparisons {
  return {
    basis,
    rule,
    audience,
    groups: groups.map((group) => {
      const themes: Record<string, Statistic> = {};
      for (const [themeId, sorted] of distributions.get(group.key) ?? []) {
        const stat = disclose(sorted, scores[themeId] ?? null, rule, audience);
        if (stat) themes[themeId] = stat;
      }
      return { key: group.key, label: group.label, themes };
    }),
  };
}
