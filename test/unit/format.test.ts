import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatCount,
  dataNumber,
  formatChange,
  formatChangeBetween,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatScore,
  formatTime,
  formatWhole,
  largestRemainder,
  roundHalfUp,
} from "../../app/format";

// The one formatter. Golden figures worked out by hand; where `toFixed` or `Math.round(x * 10) / 10` give a
// different answer, the case says so.

describe("roundHalfUp", () => {
  it.each([
    [54.25, 54.3], // exact in binary: a true half
    [54.15, 54.2], // 54.15 is 54.149999… in binary: toFixed(1) gives 54.1
    [1.005 * 100, 100.5], // 100.49999999999999 in binary
    [0.05, 0.1],
    [62.5, 62.5],
    [99.95, 100],
    [0, 0],
    [-0.25, -0.3],
    [-0.04, 0], // never "-0"
    [1 / 3, 0.3],
    [2 / 3, 0.7],
  ])("%s → %s", (value, expected) => {
    expect(roundHalfUp(value, 1)).toBe(expected);
    expect(Object.is(roundHalfUp(value, 1), -0)).toBe(false);
  });

  it("rounds to whole numbers and more places", () => {
    expect(roundHalfUp(54.5, 0)).toBe(55);
    expect(roundHalfUp(54.49, 0)).toBe(54);
    expect(roundHalfUp(0.125, 2)).toBe(0.13);
  });

  it("is within half a unit of the value, and idempotent", () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), (x) => {
        const r = roundHalfUp(x, 1);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(roundHalfUp(r, 1)).toBe(r);
      }),
    );
  });
});

describe("number text", () => {
  it("always shows the places asked for", () => {
    expect(formatNumber(54, 1)).toBe("54.0");
    expect(formatNumber(54.25)).toBe("54.3");
    expect(formatScore(null)).toBe("Not scored");
    expect(formatScore(31.25)).toBe("31.3");
    expect(formatWhole(54.46)).toBe("54"); // once, from the unrounded score (54.46 → 54.5 → 55 was twice)
    expect(formatWhole(undefined)).toBe("–");
  });

  it("signs changes by their rounded value", () => {
    expect(formatChange(1.25)).toBe("+1.3");
    expect(formatChange(-0.4)).toBe("-0.4");
    expect(formatChange(0.04)).toBe("0.0");
    expect(formatChange(-0.04)).toBe("0.0");
    expect(formatChange(null)).toBe("–");
  });

  it("counts with thousands separated", () => {
    expect(formatCount(7)).toBe("7");
    expect(formatCount(2000)).toBe("2,000");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(-1000)).toBe("-1,000");
  });

  it("percentages and download figures", () => {
    expect(formatPercent(2 / 3)).toBe("67%");
    expect(formatPercent(0.125, 1)).toBe("12.5%");
    expect(dataNumber(54.25)).toBe(54.3);
    expect(dataNumber(null)).toBeNull();
  });
});

describe("largestRemainder", () => {
  it("makes the parts add up to the rounded total", () => {
    // Three equal thirds of 50: each 16.666…, separately rounded 16.7 × 3 = 50.1.
    const parts = [50 / 3, 50 / 3, 50 / 3];
    const r = largestRemainder(parts, 1);
    expect(r).toEqual([16.7, 16.7, 16.6]);
    expect(
      roundHalfUp(
        r.reduce((s, x) => s + x, 0),
        1,
      ),
    ).toBe(50);
  });

  it("shares that make 100%", () => {
    expect(
      largestRemainder(
        [1 / 3, 1 / 3, 1 / 3].map((s) => s * 100),
        0,
      ),
    ).toEqual([34, 33, 33]);
  });

  it("adds up for any parts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (xs) => {
          const total = xs.reduce((s, x) => s + x, 0);
          const r = largestRemainder(xs, 1);
          const sum = r.reduce((s, x) => s + x * 10, 0);
          expect(Math.round(sum)).toBe(Math.round(roundHalfUp(total, 1) * 10));
          for (const [i, x] of r.entries()) expect(Math.abs(x - xs[i]!)).toBeLessThan(0.1 + 1e-9);
        },
      ),
    );
  });
});

describe("dates in words, UK time", () => {
  it("winter (GMT) and summer (BST)", () => {
    expect(formatDate("2026-12-01T10:00:00.000Z")).toBe("1 December 2026");
    expect(formatDate("2026-06-30T23:30:00.000Z")).toBe("1 July 2026"); // 00:30 BST
    expect(formatDate(new Date("2027-01-15T00:00:00Z"))).toBe("15 January 2027");
  });

  it("times as the NHS writes them", () => {
    expect(formatTime("2026-12-01T09:00:00Z")).toBe("9am");
    expect(formatTime("2026-12-01T14:05:00Z")).toBe("2:05pm");
    expect(formatTime("2026-12-01T12:00:00Z")).toBe("midday");
    expect(formatTime("2026-12-01T00:00:00Z")).toBe("midnight");
    expect(formatTime("2026-07-01T11:30:00Z")).toBe("12:30pm"); // BST
    expect(formatDateTime("2026-12-01T14:05:00Z")).toBe("1 December 2026 at 2:05pm");
  });
});

describe("formatChangeBetween", () => {
  it("is the difference of the figures as shown", () => {
    expect(formatChangeBetween(54.25, 52.14)).toBe("+2.2"); // 54.3 − 52.1, though 54.25 − 52.14 = 2.11
    expect(formatChangeBetween(50, 50.04)).toBe("0.0");
    expect(formatChangeBetween(49.95, 50.05)).toBe("-0.1");
    expect(formatChangeBetween(null, 50)).toBe("–");
  });
});
