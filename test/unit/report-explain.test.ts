import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Answer, type AnswerValue, isShown } from "../../app/assessment/answers";
import type { CareSetting } from "../../app/domain/organisation";
import { formatScore, roundHalfUp } from "../../app/format";
import { checkQuestionnaireText } from "../../app/questionnaire/check";
import type { Question, Questionnaire } from "../../app/questionnaire/schema";
import { explain } from "../../app/report/explain";
import { notScoredText } from "../../app/report/figures";
import { buildReport } from "../../app/report/report";

// "How this score was worked out" adds up, for thousands of answer sets of the real questionnaires; tied
// gated next steps are one step; a theme answered entirely "not applicable" says so.

function load(id: string): Questionnaire {
  const text = readFileSync(
    fileURLToPath(new URL(`../../questionnaires/${id}/v1.yaml`, import.meta.url)),
    "utf8",
  );
  const result = checkQuestionnaireText(text);
  if (!result.ok) throw new Error(id);
  return result.questionnaire;
}

/** A small seeded generator (mulberry32): the same answer sets every run. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(q: Questionnaire, question: Question, rnd: () => number): AnswerValue {
  switch (question.type) {
    case "level":
    case "outcome": {
      const levels = q.scales.find((s) => s.id === question.scale)!.levels;
      return levels[Math.floor(rnd() * levels.length)]!.value;
    }
    case "checklist":
      return question.items.filter(() => rnd() < 0.5).map((i) => i.id);
    case "yes-no":
      return rnd() < 0.5 ? "yes" : "no";
    case "number":
      return question.min ?? 1;
    case "text":
      return "Our answer";
  }
}

function answersFor(
  q: Questionnaire,
  careSetting: CareSetting,
  rnd: () => number,
  value?: (question: Question) => AnswerValue,
) {
  const answers = new Map<string, Answer>();
  for (const theme of q.themes)
    for (const question of theme.questions) {
      if (!isShown(question, careSetting, answers)) continue;
      answers.set(question.id, {
        questionId: question.id,
        value: value ? value(question) : randomValue(q, question, rnd),
        notApplicableReason: null,
        evidence: "",
        evidenceLinks: [],
      });
    }
  return answers;
}

const report = (q: Questionnaire, careSetting: CareSetting, answers: Map<string, Answer>) =>
  buildReport({
    questionnaire: q,
    organisation: { odsCode: "RXX", name: "Test Trust", careSetting, regionCode: "Y56" },
    assessment: { id: 1, cycle: "2026/27", status: "submitted" },
    answers,
    previous: null,
  });

const units = (x: number) => Math.round(x * 10);

describe("weighted mean: shown points add up to the shown score, shares to 100%", () => {
  const q = load("core-digital-maturity");
  it("for 200 random answer sets in every care setting", () => {
    const rnd = seeded(12);
    let themes = 0;
    let separatelyRoundedMiss = 0;
    for (const careSetting of q.careSettings)
      for (let i = 0; i < 40; i++) {
        const r = report(q, careSetting, answersFor(q, careSetting, rnd));
        for (const t of r.themes) {
          const e = explain(t, r.method);
          if (!e) continue;
          themes++;
          const points = e.rows.reduce((s, row) => s + units(row.points!), 0);
          expect(points, `${t.id} points`).toBe(units(roundHalfUp(t.score!, 1)));
          expect(
            e.rows.reduce((s, row) => s + Math.round(row.share! * 100), 0),
            `${t.id} shares`,
          ).toBe(100);
          for (const [k, row] of e.rows.entries()) {
            expect(Math.abs(row.points! - t.questions[k]!.points)).toBeLessThan(0.1 + 1e-9);
          }
          // What rounding each part on its own would have shown.
          const separate = t.questions.reduce((s, x) => s + units(roundHalfUp(x.points, 1)), 0);
          if (separate !== units(roundHalfUp(t.score!, 1))) separatelyRoundedMiss++;
        }
      }
    expect(themes).toBeGreaterThan(1500);
    expect(separatelyRoundedMiss).toBeGreaterThan(0); // the old explanation missed in these cases
    expect(summaryOf(q)).toMatch(/add up to the score/);
  });
});

function summaryOf(q: Questionnaire) {
  const r = report(q, "acute", answersFor(q, "acute", seeded(1)));
  return explain(r.themes[0]!, r.method)!.summary;
}

describe("gated: the explanation names the gate, with no shares or points", () => {
  const q = load("board-digital-leadership");
  it("shows which answers hold the theme, and tied steps as one step", () => {
    // Every level question at the middle (3): the board-risk theme is held by its three level questions.
    const mid = (question: Question) =>
      question.type === "level" || question.type === "outcome"
        ? q.scales.find((s) => s.id === question.scale)!.levels[2]!.value
        : question.type === "yes-no"
          ? "yes"
          : question.type === "checklist"
            ? []
            : "Our answer";
    const r = report(q, "acute", answersFor(q, "acute", seeded(1), mid));
    const risk = r.themes.find((t) => t.id === "board-risk")!;
    expect(risk.heldBy).toEqual(["board-risk-cyber", "board-risk-clinical-safety", "board-risk-continuity"]);
    const e = explain(risk, r.method)!;
    expect(e.rows.every((row) => row.share === null && row.points === null)).toBe(true);
    expect(e.rows.filter((row) => row.holds).map((row) => row.id)).toEqual(risk.heldBy);
    expect(e.summary).toContain(`lowest answer's value, ${formatScore(risk.score)}`);
    expect(e.summary).toContain("3 answers hold it there, and all of them must rise");
    // One step for the three tied answers, with the gain of raising all three.
    expect(risk.nextSteps).toHaveLength(1);
    expect(risk.nextSteps[0]!.questions.map((x) => x.questionId)).toEqual(risk.heldBy);
    expect(risk.nextSteps[0]!.gain).toBeGreaterThan(0);
  });
});

describe("a theme with no score says why", () => {
  const q = load("core-digital-maturity");
  it("every question not applicable", () => {
    const answers = answersFor(q, "acute", seeded(3));
    const theme = q.themes[0]!;
    for (const question of theme.questions) {
      const a = answers.get(question.id);
      if (a) answers.set(question.id, { ...a, value: null, notApplicableReason: "Not for us" });
    }
    const r = report(q, "acute", answers);
    const t = r.themes.find((x) => x.id === theme.id)!;
    expect(t.score).toBeNull();
    expect(t.notScored).toBe("all-not-applicable");
    expect(notScoredText(t, r)).toContain("every question in this theme was marked not applicable");
    expect(notScoredText(t, r)).not.toContain("0%");
  });

  it("nothing answered", () => {
    const answers = answersFor(q, "acute", seeded(4));
    for (const question of q.themes[1]!.questions) answers.delete(question.id);
    const r = report(q, "acute", answers);
    const t = r.themes[1]!;
    expect(t.notScored).toBe("nothing-answered");
    expect(notScoredText(t, r)).toBe(
      "Not scored: no question in this theme was answered (a score needs at least 50% of it).",
    );
  });
});
