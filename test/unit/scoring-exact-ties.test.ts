import { describe, expect, it } from "vitest";
import type { Answer } from "../../app/assessment/answers";
import { percentileRank } from "../../app/benchmark/stats";
import type { Questionnaire } from "../../app/questionnaire/schema";
import { scoreAssessment } from "../../app/scoring/engine";
import { divide, exact, sum, toNumber } from "../../app/scoring/exact";
import { coreQuestionnaire } from "../support/assessment";

// Scores that are equal must compare equal (docs/scoring.md): two organisations at exactly 54 1/6 were
// stored as 54.166666666666664 and 54.16666666666666 and given different percentile ranks, quarters and
// sides of the median. Here the same answers, in a different order, make sums that differ in floating
// point; the engine must still give both the same score, to the last bit.

const core: Questionnaire = coreQuestionnaire();
const scale = core.scales.find((s) => s.id === "maturity")!;
const plainLevels = (t: Questionnaire["themes"][number]) =>
  t.questions.filter((q) => q.type === "level" && q.scale === "maturity" && !q.careSettings && !q.showWhen);
// The theme with the most questions every care setting answers on the maturity scale: the more terms a sum
// has, the more its order can change its last bits.
const theme = [...core.themes].sort((a, b) => plainLevels(b).length - plainLevels(a).length)[0]!;
const levelQuestions = plainLevels(theme);

const answer = (questionId: string, value: number): Answer => ({
  questionId,
  value,
  notApplicableReason: null,
  evidence: "",
  evidenceLinks: [],
});

/** The engine's old arithmetic: each answer's share of the weight times its value, added in order. */
const floatMean = (values: number[]) => values.reduce((s, v) => s + (1 / values.length) * v, 0);

/** Two orders of the same levels whose floating-point means differ in their last bits. */
function orderingsThatDisagree(): [number[], number[]] {
  const levels = scale.levels.map((l) => l.value);
  const n = levelQuestions.length;
  for (let seed = 1; seed < 10_000; seed++) {
    const a = Array.from({ length: n }, (_, i) => levels[(seed * (i + 3) + i * i) % levels.length]!);
    const scores = (order: number[]) => order.map((v) => scale.levels.find((l) => l.value === v)!.score);
    // Every order one swap away.
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const b = [...a];
        [b[i], b[j]] = [b[j]!, b[i]!];
        if (floatMean(scores(a)) !== floatMean(scores(b))) return [a, b];
      }
  }
  throw new Error("no two orders disagree in floating point: the test could not fail");
}

describe("exact ties", () => {
  it("uses enough questions to make floating point disagree", () => {
    expect(levelQuestions.length).toBeGreaterThanOrEqual(5);
  });

  it("the same answers in another order score exactly the same, theme and overall", () => {
    const [a, b] = orderingsThatDisagree();
    const answersOf = (levels: number[]) =>
      new Map(levelQuestions.map((q, i) => [q.id, answer(q.id, levels[i]!)]));
    const first = scoreAssessment(core, "acute", answersOf(a));
    const second = scoreAssessment(core, "acute", answersOf(b));
    const themeScore = (r: typeof first) => r.themes.find((t) => t.themeId === theme.id)!.score;
    expect(themeScore(first)).not.toBeNull();
    expect(Object.is(themeScore(first), themeScore(second))).toBe(true);
    expect(Object.is(first.overall.score, second.overall.score)).toBe(true);
    // The number shown and stored is the exact mean's nearest number, whatever the order.
    const exactMean = toNumber(
      divide(sum(a.map((v) => exact(scale.levels.find((l) => l.value === v)!.score))), exact(a.length)),
    );
    expect(themeScore(first)).toBe(exactMean);

    // And so the two rank alike among peers, and sit on the same side of a median equal to them.
    const peers = [10, 20, themeScore(first)!, themeScore(second)!, 90, 95].sort((x, y) => x - y);
    expect(percentileRank(peers, themeScore(first)!)).toBe(percentileRank(peers, themeScore(second)!));
  });

  it("54 1/6 is one number, however it is reached", () => {
    // 325/6 reached by two sets of six equally weighted scores, as six themes make an overall score: in
    // floating point, 54.16666666666666 and 54.166666666666664 (the two figures the demo data stored).
    const sixths = [0, 0, 25, 100, 100, 100];
    const other = [0, 0, 50, 75, 100, 100];
    expect(floatMean(sixths)).not.toBe(floatMean(other));
    const exactly = (values: number[]) =>
      toNumber(divide(sum(values.map((v) => exact(v))), exact(values.length)));
    expect(exactly(sixths)).toBe(exactly(other));
    expect(exactly(sixths)).toBe(325 / 6);
  });
});

describe("exact", () => {
  it.each([
    [25, 25n, 1n],
    [12.5, 25n, 2n],
    [0.1, 1n, 10n],
    [1e-7, 1n, 10_000_000n],
    [0, 0n, 1n],
  ])("%s is %s/%s", (value, n, d) => {
    expect(exact(value)).toEqual({ n, d });
  });
});
