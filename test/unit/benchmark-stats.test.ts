import { describe, expect, it } from "vitest";
import { compare, type Statistic } from "../../app/benchmark/compare";
import type { PeerGroup } from "../../app/benchmark/groups";
import { defaultDisclosureRule } from "../../app/benchmark/disclosure";
import { distribution, percentileRank, quantile } from "../../app/benchmark/stats";

// Benchmark statistics, against figures worked out by hand. Quartiles are Hyndman and Fan type 7 (R's
// default, Excel's QUARTILE.INC): position p × (n − 1) in the sorted values, interpolating linearly.

describe("quantile (type 7)", () => {
  it("interpolates between order statistics", () => {
    const sorted = [1, 2, 3, 4];
    // positions 0.75, 1.5, 2.25
    expect(quantile(sorted, 0.25)).toBe(1.75);
    expect(quantile(sorted, 0.5)).toBe(2.5);
    expect(quantile(sorted, 0.75)).toBe(3.25);
  });

  it("gives the extremes at p = 0 and p = 1", () => {
    expect(quantile([3, 7, 11], 0)).toBe(3);
    expect(quantile([3, 7, 11], 1)).toBe(11);
  });

  it("refuses an empty list", () => {
    expect(() => quantile([], 0.5)).toThrow();
  });
});

describe("distribution", () => {
  it("even count: [1, 2, 3, 4]", () => {
    expect(distribution([1, 2, 3, 4])).toEqual({ n: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
  });

  it("odd count, unsorted input: [3, 1, 2]", () => {
    // sorted [1, 2, 3]; positions 0.5, 1, 1.5
    expect(distribution([3, 1, 2])).toEqual({ n: 3, min: 1, q1: 1.5, median: 2, q3: 2.5, max: 3 });
  });

  it("odd count with exact order statistics: [5, 4, 3, 2, 1]", () => {
    expect(distribution([5, 4, 3, 2, 1])).toEqual({ n: 5, min: 1, q1: 2, median: 3, q3: 4, max: 5 });
  });

  it("two values: [20, 10]", () => {
    expect(distribution([20, 10])).toEqual({ n: 2, min: 10, q1: 12.5, median: 15, q3: 17.5, max: 20 });
  });

  it("a single value is every statistic", () => {
    expect(distribution([5])).toEqual({ n: 1, min: 5, q1: 5, median: 5, q3: 5, max: 5 });
  });

  it("ties: [2, 2, 2, 8]", () => {
    // positions 0.75 (2..2), 1.5 (2..2), 2.25 (2 + 0.25 × 6)
    expect(distribution([2, 8, 2, 2])).toEqual({ n: 4, min: 2, q1: 2, median: 2, q3: 3.5, max: 8 });
  });

  it("ties: [1, 1, 9, 9]", () => {
    // positions 0.75 (1..1), 1.5 (1 + 0.5 × 8), 2.25 (9..9)
    expect(distribution([9, 1, 9, 1])).toEqual({ n: 4, min: 1, q1: 1, median: 5, q3: 9, max: 9 });
  });

  it("all equal", () => {
    expect(distribution([4, 4, 4])).toEqual({ n: 3, min: 4, q1: 4, median: 4, q3: 4, max: 4 });
  });

  it("does not reorder the caller's list", () => {
    const values = [3, 1, 2];
    distribution(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("of an empty list is null", () => {
    expect(distribution([])).toBeNull();
  });
});

describe("percentileRank (mid-rank)", () => {
  it("counts the share below, ties as half", () => {
    expect(percentileRank([1, 2, 3, 4], 2.5)).toBe(50);
    expect(percentileRank([1, 2, 3, 4], 3)).toBe(62.5); // (2 + 0.5) / 4
    expect(percentileRank([2, 2, 2, 8], 2)).toBe(37.5); // (0 + 1.5) / 4
    expect(percentileRank([2, 2, 2, 8], 8)).toBe(87.5); // (3 + 0.5) / 4
    expect(percentileRank([2, 2, 2, 8], 5)).toBe(75); // 3 / 4
  });

  it("a value equal to the whole group is the middle: 50", () => {
    expect(percentileRank([7, 7, 7, 7], 7)).toBe(50);
    expect(percentileRank([7], 7)).toBe(50);
  });

  it("below everyone is 0, above everyone is 100", () => {
    expect(percentileRank([2, 3, 5], 1)).toBe(0);
    expect(percentileRank([2, 3, 5], 9)).toBe(100);
  });

  it("refuses an empty group", () => {
    expect(() => percentileRank([], 1)).toThrow();
  });
});

describe("compare (organisation users)", () => {
  const groups: PeerGroup[] = [
    { key: "setting:acute", label: "Acute organisations in England" },
    { key: "region:Y56", label: "All organisations in London" },
    { key: "icb:ZQ56", label: "Organisations in integrated care board ZQ56" },
  ];
  const ten = [1.25, 2.5, 3.33, 4.1, 7.77, 9, 10, 11, 12, 13];
  const distributions = new Map<string, Map<string, number[]>>([
    [
      "setting:acute",
      new Map([
        ["t1", [10, 20, 30, 40, 50]], // exactly the smallest group (5)
        ["overall", ten],
      ]),
    ],
    ["region:Y56", new Map([["t1", [10, 20, 30, 40]]])], // one fewer
  ]);
  const rule = defaultDisclosureRule;
  const result = compare({ t1: 30, overall: 4.1 }, groups, distributions, "submitted", rule);

  it("keeps the basis and the rule, and every group in order", () => {
    expect(result.basis).toBe("submitted");
    expect(result.rule).toEqual({ minGroup: 5, quartileMinGroup: 10 });
    expect(result.audience).toBe("organisation");
    expect(result.groups.map((g) => [g.key, g.label])).toEqual(groups.map((g) => [g.key, g.label]));
  });

  it("shows a group of exactly 5 as its median alone", () => {
    expect(result.groups[0]!.themes.t1).toEqual({ n: 5, shown: "median", median: 30, position: "at-median" });
  });

  it("keeps figures unrounded (the formatter rounds once, at display)", () => {
    // sorted ten: positions 2.25, 4.5, 6.75
    // q1 = 3.33 + 0.25 × 0.77 = 3.5225; median = (7.77 + 9) / 2 = 8.385; q3 = 10 + 0.75 × 1 = 10.75
    // rank of 4.1: (3 + 0.5) / 10 = 35
    const s = result.groups[0]!.themes.overall!;
    expect(s).toMatchObject({ n: 10, shown: "quartiles", percentileRank: 35, position: "below-median" });
    if (s.shown !== "quartiles") throw new Error("quartiles expected");
    expect(s.q1).toBeCloseTo(3.5225, 12);
    expect(s.median).toBeCloseTo(8.385, 12);
    expect(s.q3).toBeCloseTo(10.75, 12);
    expect(s).not.toHaveProperty("min");
    expect(s).not.toHaveProperty("max");
  });

  it("holds back a group one below the smallest, keeping only its size", () => {
    const stat = result.groups[1]!.themes.t1!;
    expect(JSON.stringify(stat)).toBe('{"n":4,"shown":"count"}');
  });

  it("leaves out themes of groups with no stored distribution", () => {
    expect(result.groups[2]!.themes).toEqual({});
  });

  it("gives no percentile rank or position when the organisation has no score for the theme", () => {
    const c = compare({ t1: null }, groups.slice(0, 1), distributions, "validated", rule);
    expect(c.basis).toBe("validated");
    expect(c.groups[0]!.themes.t1).toMatchObject({ shown: "median", position: null });
    expect(c.groups[0]!.themes.overall).toMatchObject({
      shown: "quartiles",
      percentileRank: null,
      position: null,
    });
  });

  it("holds back every statistic when the smallest group exceeds every group", () => {
    const c = compare({ t1: 30, overall: 4.1 }, groups, distributions, "submitted", {
      minGroup: 50,
      quartileMinGroup: 50,
    });
    const stats: Statistic[] = c.groups.flatMap((g) => Object.values(g.themes));
    expect(stats.length).toBe(3);
    for (const s of stats) expect(Object.keys(s).sort()).toEqual(["n", "shown"]);
  });
});
