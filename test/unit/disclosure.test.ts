import { describe, expect, it } from "vitest";
import { compare } from "../../app/benchmark/compare";
import {
  checkRule,
  defaultDisclosureRule,
  disclose,
  disclosureFloor,
  type Statistic,
} from "../../app/benchmark/disclosure";
import { percentileRank, quantile } from "../../app/benchmark/stats";
import { parseConfig, disclosureRule } from "../../app/config.server";
import { formatScore } from "../../app/format";

// The disclosure rule at every group size from 1 to 12 (docs/scoring.md, "What peer figures show"). Scores
// are distinct and unrounded, so that any figure equal to a member's score is that member's score.

/** n distinct, unrounded scores, ascending: 41.37, 45.52, … */
const group = (n: number) => Array.from({ length: n }, (_, i) => 41.37 + i * 4.15 + (i % 3) * 0.011);
const own = 50.02;
const rule = defaultDisclosureRule;

/** Every number a statistic carries, except its size. */
const figures = (s: Statistic) =>
  Object.entries(s)
    .filter(([k, v]) => k !== "n" && typeof v === "number")
    .map(([, v]) => v as number);

describe("organisation users, groups of 1 to 12", () => {
  for (let n = 1; n <= 12; n++) {
    it(`n = ${n}`, () => {
      const sorted = group(n);
      const s = disclose(sorted, own, rule, "organisation")!;
      expect(s.n).toBe(n);
      if (n < 5) {
        // Fewer than 5: the count, nothing else.
        expect(s).toEqual({ n, shown: "count" });
        return;
      }
      // Never the lowest or highest score (each is one organisation's exact score).
      expect(Object.keys(s)).not.toContain("min");
      expect(Object.keys(s)).not.toContain("max");
      for (const v of figures(s)) {
        expect(v).not.toBe(sorted[0]);
        expect(v).not.toBe(sorted[n - 1]);
      }
      const median = quantile(sorted, 0.5);
      if (n < 10) {
        // 5 to 9: the median and a side of it, no quartiles, no percentile rank.
        expect(s).toEqual({
          n,
          shown: "median",
          median,
          position: own < median ? "below-median" : "above-median",
        });
      } else {
        // 10 or more: quartiles (exact type 7, unrounded), percentile rank and quarter too.
        expect(s).toEqual({
          n,
          shown: "quartiles",
          q1: quantile(sorted, 0.25),
          median,
          q3: quantile(sorted, 0.75),
          percentileRank: percentileRank(sorted, own),
          position: s.shown === "quartiles" ? s.position : null,
        });
        if (s.shown !== "quartiles") throw new Error("quartiles expected");
        expect(s.q1).toBeGreaterThan(sorted[0]!);
        expect(s.q3).toBeLessThan(sorted[n - 1]!);
      }
    });
  }

  it("a group of exactly 5 shows one figure, not the five scores", () => {
    const s = disclose(group(5), own, rule, "organisation")!;
    expect(figures(s)).toEqual([quantile(group(5), 0.5)]);
  });

  it("no score of its own: no position, no rank", () => {
    expect(disclose(group(7), null, rule, "organisation")).toMatchObject({ shown: "median", position: null });
    expect(disclose(group(11), null, rule, "organisation")).toMatchObject({
      shown: "quartiles",
      percentileRank: null,
      position: null,
    });
  });

  it("positions: quarters from 10, sides of the median below", () => {
    const ten = group(10); // q1 ≈ 50.7, q3 ≈ 72.1
    const at = (x: number) => (disclose(ten, x, rule, "organisation") as { position: string }).position;
    expect(at(42)).toBe("lowest-quarter");
    expect(at(55)).toBe("below-median");
    expect(at(quantile(ten, 0.5))).toBe("at-median");
    expect(at(65)).toBe("above-median");
    expect(at(80)).toBe("highest-quarter");
  });
});

describe("regional analysts", () => {
  for (let n = 1; n <= 12; n++) {
    it(`n = ${n}: ${n < 5 ? "the count only" : "all five figures"}`, () => {
      const sorted = group(n);
      const s = disclose(sorted, null, rule, "analyst")!;
      if (n < 5) expect(s).toEqual({ n, shown: "count" });
      else
        expect(s).toMatchObject({
          n,
          shown: "full",
          min: sorted[0],
          q1: quantile(sorted, 0.25),
          median: quantile(sorted, 0.5),
          q3: quantile(sorted, 0.75),
          max: sorted[n - 1],
        });
    });
  }
});

describe("configured thresholds", () => {
  it("stricter thresholds move the steps", () => {
    const strict = checkRule({ minGroup: 7, quartileMinGroup: 12 });
    expect(disclose(group(6), own, strict, "organisation")!.shown).toBe("count");
    expect(disclose(group(7), own, strict, "organisation")!.shown).toBe("median");
    expect(disclose(group(11), own, strict, "organisation")!.shown).toBe("median");
    expect(disclose(group(12), own, strict, "organisation")!.shown).toBe("quartiles");
  });

  it.each([
    [{ minGroup: 4, quartileMinGroup: 10 }],
    [{ minGroup: 5, quartileMinGroup: 9 }],
    [{ minGroup: 12, quartileMinGroup: 10 }],
    [{ minGroup: 5.5, quartileMinGroup: 10 }],
  ])("refuses a rule looser than the floor: %o", (r) => {
    expect(() => checkRule(r)).toThrow(RangeError);
  });

  it("the configuration reads both thresholds, and refuses loose ones at start", () => {
    expect(disclosureFloor).toEqual({ minGroup: 5, quartileMinGroup: 10 });
    expect(disclosureRule(parseConfig({}))).toEqual({ minGroup: 5, quartileMinGroup: 10 });
    expect(
      disclosureRule(parseConfig({ DISCLOSURE_MIN_GROUP: "8", DISCLOSURE_QUARTILE_MIN_GROUP: "20" })),
    ).toEqual({ minGroup: 8, quartileMinGroup: 20 });
    expect(() => parseConfig({ DISCLOSURE_MIN_GROUP: "4" })).toThrow(/DISCLOSURE_MIN_GROUP/);
    expect(() => parseConfig({ DISCLOSURE_QUARTILE_MIN_GROUP: "9" })).toThrow(
      /DISCLOSURE_QUARTILE_MIN_GROUP/,
    );
    // A larger smallest group raises the quartile threshold with it.
    expect(disclosureRule(parseConfig({ DISCLOSURE_MIN_GROUP: "12" }))).toEqual({
      minGroup: 12,
      quartileMinGroup: 12,
    });
  });
});

describe("exact statistics from unrounded scores", () => {
  it("rounding first creates ties that move the percentile rank", () => {
    const exact = [54.21, 54.24, 54.26, 70];
    const rounded = exact.map((x) => Math.round(x * 10) / 10); // 54.2, 54.2, 54.3, 70
    expect(percentileRank(exact, 54.24)).toBe(37.5);
    expect(percentileRank(rounded, 54.2)).toBe(25); // the old figure
  });

  it("a median of rounded scores can differ by 0.1 from the exact one, shown", () => {
    // Exact type-7 median of 54 and 54.05 is 54.025, shown 54.0; from rounded scores (54.0 and 54.1) it
    // is 54.05, shown 54.1.
    const exact = [40, 50, 54, 54.05, 60, 61];
    expect(formatScore(quantile(exact, 0.5))).toBe("54.0");
    const fromRounded = quantile(
      exact.map((x) => Math.round(x * 10) / 10),
      0.5,
    );
    expect(formatScore(fromRounded)).toBe("54.1"); // the old, double-rounded figure
  });

  it("compare() keeps only what the rule allows, for every group", () => {
    const distributions = new Map([
      ["a", new Map([["overall", group(4)]])],
      ["b", new Map([["overall", group(6)]])],
      ["c", new Map([["overall", group(12)]])],
    ]);
    const c = compare(
      { overall: own },
      [
        { key: "a", label: "A" },
        { key: "b", label: "B" },
        { key: "c", label: "C" },
      ],
      distributions,
      "submitted",
      rule,
    );
    expect(c.rule).toEqual(rule);
    expect(c.groups.map((g) => g.themes.overall!.shown)).toEqual(["count", "median", "quartiles"]);
  });
});
