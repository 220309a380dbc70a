import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Answer, type AnswerValue, isShown } from "../../app/assessment/answers";
import type { CareSetting } from "../../app/domain/organisation";
import { checkQuestionnaireText } from "../../app/questionnaire/check";
import type { Question, Questionnaire } from "../../app/questionnaire/schema";
import { buildReport } from "../../app/report/report";
import { scoreAssessment, scoringMethodVersion } from "../../app/scoring/engine";

/**
 * The real questionnaires, answered uniformly: every shown question at level 1, then 3, then 5 (outcomes
 * at the bottom, middle and top; checklists none, half, all; scored yes/no at the lower answer for level 1
 * and the higher answer for levels 3 and 5). Expected scores are worked out by hand below.
 */

function load(id: string): Questionnaire {
  const text = readFileSync(
    fileURLToPath(new URL(`../../questionnaires/${id}/v1.yaml`, import.meta.url)),
    "utf8",
  );
  const result = checkQuestionnaireText(text);
  if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.problems)}`);
  return result.questionnaire;
}

type Level = 1 | 3 | 5;

/** Checklist item ids whose shares add up to exactly 50. */
function half(question: Question & { type: "checklist" }): string[] {
  const items = question.items;
  for (let mask = 0; mask < 1 << items.length; mask++) {
    const chosen = items.filter((_, i) => (mask >> i) & 1);
    if (Math.abs(chosen.reduce((s, i) => s + i.share, 0) - 50) < 1e-9) return chosen.map((i) => i.id);
  }
  throw new Error(`${question.id}: no set of items shares exactly 50`);
}

function valueAt(q: Questionnaire, question: Question, level: Level): AnswerValue {
  switch (question.type) {
    case "level":
    case "outcome": {
      const levels = [...q.scales.find((s) => s.id === question.scale)!.levels].sort(
        (a, b) => a.value - b.value,
      );
      // 1 → the bottom, 3 → the middle, 5 → the top (on a 3-outcome CAF scale: not, partially, achieved).
      return levels[Math.round(((level - 1) / 4) * (levels.length - 1))]!.value;
    }
    case "checklist":
      return level === 1 ? [] : level === 3 ? half(question) : question.items.map((i) => i.id);
    case "yes-no": {
      const better = question.scores && question.scores.no > question.scores.yes ? "no" : "yes";
      return level === 1 ? (better === "yes" ? "no" : "yes") : better;
    }
    case "number":
      return question.min ?? 1;
    case "text":
      return "Our answer";
  }
}

/** Answers every shown question, in questionnaire order (conditions only look at earlier questions). */
function answerAll(q: Questionnaire, careSetting: CareSetting, level: Level): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  for (const theme of q.themes) {
    for (const question of theme.questions) {
      if (!isShown(question, careSetting, answers)) continue;
      answers.set(question.id, {
        questionId: question.id,
        value: valueAt(q, question, level),
        notApplicableReason: null,
        evidence: "",
        evidenceLinks: [],
      });
    }
  }
  return answers;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/*
 * Core questionnaire at level 3 (weighted mean, every question weight 1, every theme weight 1). Every level,
 * outcome and checklist answer is worth 50; the scored yes/no questions take their better answer, 100:
 * paperless-fax-in-use ("no"), cyber-dspt-standards-met and citizen-nhs-login ("yes"). So a theme of n
 * counted questions with one yes/no scores (50 × (n − 1) + 100) / n; the other six themes score 50.
 *
 *   paperless: epr, noting, fax, data + electronic-observations (not ambulance) + one setting question
 *     (order-communications for acute and specialist acute, mental-health-act, community-point-of-care)
 *     → n = 6: 350/6 = 58.333…;  ambulance: epr, noting, fax, data, ambulance-epcr → n = 5: 300/5 = 60
 *   cyber-security: six CAF outcomes + dspt yes/no = 7, + medical-devices (acute, specialist acute) or
 *     ambulance-dispatch-resilience (ambulance) → n = 8: 450/8 = 56.25;  mental health, community
 *     → n = 7: 400/7 = 57.142857…
 *   mission-citizen-access: five levels + nhs-login yes/no = 6 → 350/6 = 58.333…;  + mh-digital-therapies
 *     (mental health) or ambulance-111-online (ambulance) → n = 7: 400/7 = 57.142857…
 *
 *   overall = (sum of the nine themes) / 9:
 *     acute, specialist acute: (350/6 + 56.25 + 350/6 + 6 × 50) / 9 = 472.91666… / 9 = 52.546296…
 *     mental health:           (350/6 + 400/7 + 400/7 + 300) / 9    = 472.61904… / 9 = 52.513227…
 *     community:               (350/6 + 400/7 + 350/6 + 300) / 9    = 473.80952… / 9 = 52.645502…
 *     ambulance:               (60 + 56.25 + 400/7 + 300) / 9       = 473.39285… / 9 = 52.599206…
 */
const coreLevel3: Record<string, { themes: Record<string, number>; overall: number }> = {
  acute: {
    themes: { paperless: 350 / 6, "cyber-security": 450 / 8, "mission-citizen-access": 350 / 6 },
    overall: 52.546296296,
  },
  "specialist-acute": {
    themes: { paperless: 350 / 6, "cyber-security": 450 / 8, "mission-citizen-access": 350 / 6 },
    overall: 52.546296296,
  },
  "mental-health": {
    themes: { paperless: 350 / 6, "cyber-security": 400 / 7, "mission-citizen-access": 400 / 7 },
    overall: 52.513227513,
  },
  community: {
    themes: { paperless: 350 / 6, "cyber-security": 400 / 7, "mission-citizen-access": 350 / 6 },
    overall: 52.645502646,
  },
  ambulance: {
    themes: { paperless: 60, "cyber-security": 450 / 8, "mission-citizen-access": 400 / 7 },
    overall: 52.599206349,
  },
};

const questionnaires = [load("core-digital-maturity"), load("board-digital-leadership")];
const cases = questionnaires.flatMap((q) => q.careSettings.map((setting) => [q.id, setting, q] as const));

describe("the real questionnaires answered at one level throughout", () => {
  it("covers both questionnaires and all their care settings", () => {
    expect(cases.map(([id, s]) => `${id}/${s}`)).toEqual([
      "core-digital-maturity/acute",
      "core-digital-maturity/specialist-acute",
      "core-digital-maturity/mental-health",
      "core-digital-maturity/community",
      "core-digital-maturity/ambulance",
      "board-digital-leadership/acute",
      "board-digital-leadership/specialist-acute",
      "board-digital-leadership/mental-health",
      "board-digital-leadership/community",
      "board-digital-leadership/ambulance",
      "board-digital-leadership/icb",
    ]);
  });

  describe.each(cases)("%s for %s", (id, careSetting, q) => {
    it.each([1, 3, 5] as const)("at level %i", (level) => {
      const answers = answerAll(q, careSetting, level);
      const result = scoreAssessment(q, careSetting, answers);
      expect(result.scoringMethodVersion).toBe(scoringMethodVersion);

      // Every shown scored question counts; every theme is fully covered and scored.
      expect(
        result.questions.filter((s) => s.status === "unanswered" || s.status === "not-applicable"),
      ).toEqual([]);
      for (const t of result.themes) {
        expect(t.coverage, t.themeId).toBe(1);
        expect(t.score, t.themeId).not.toBeNull();
      }
      expect(result.overall.coverage).toBe(1);

      const expectedTheme = (themeId: string) =>
        level === 1
          ? 0
          : level === 5
            ? 100
            : id === "core-digital-maturity"
              ? (coreLevel3[careSetting]!.themes[themeId] ?? 50)
              : 50;
      for (const t of result.themes) expect(t.score!, t.themeId).toBeCloseTo(expectedTheme(t.themeId), 6);

      const overall =
        level === 1
          ? 0
          : level === 5
            ? 100
            : id === "core-digital-maturity"
              ? coreLevel3[careSetting]!.overall
              : 50;
      expect(result.overall.score!).toBeCloseTo(overall, 6);
      expect(Math.abs(result.overall.score! - (level - 1) * 25)).toBeLessThan(5); // ~0 / ~50 / ~100
      expect(result.overall.level).toBe(round1(1 + overall / 25)); // core and board scale: level = 1 + score / 25

      if (id === "board-digital-leadership" && level === 3) {
        // Gated: the yes/no at 100 does not lift board-risk; the three level questions at 50 hold it.
        expect(result.themes.find((t) => t.themeId === "board-risk")!.heldBy).toEqual([
          "board-risk-cyber",
          "board-risk-clinical-safety",
          "board-risk-continuity",
        ]);
      }

      // The report carries the engine's figures unrounded (the formatter rounds once, at display).
      const report = buildReport({
        questionnaire: q,
        organisation: { odsCode: "RXX", name: "Test Trust", careSetting, regionCode: "Y56" },
        assessment: { id: 1, cycle: "2025-26", status: "submitted" },
        answers,
        previous: null,
      });
      expect(report.scoringMethodVersion).toBe(result.scoringMethodVersion);
      expect(report.method).toBe(q.scoring.method);
      expect(report.overall.score).toBe(result.overall.score);
      expect(report.overall.level).toBe(result.overall.level);
      expect(report.overall.coverage).toBe(1);
      expect(report.themes.map((t) => t.id)).toEqual(result.themes.map((t) => t.themeId));
      for (const [i, t] of report.themes.entries()) {
        const engine = result.themes[i]!;
        expect(t.score, t.id).toBe(engine.score);
        expect(t.score!, t.id).toBeCloseTo(expectedTheme(t.id), 1);
        expect(t.level, t.id).toBe(engine.level);
        expect(t.coverage, t.id).toBe(engine.coverage);
        expect(t.heldBy, t.id).toEqual(engine.heldBy);
        expect(
          t.questions.map((x) => [x.id, x.value]),
          t.id,
        ).toEqual(engine.contributions.map((c) => [c.id, c.value]));
        if (level === 5) expect(t.nextSteps, `${t.id}: nothing left to raise`).toEqual([]);
      }
    });
  });
});
