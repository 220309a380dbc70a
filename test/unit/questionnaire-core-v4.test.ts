import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkQuestionnaireText, lineageProblems } from "../../app/questionnaire/check";
import { unchangedQuestions } from "../../app/questionnaire/lineage";
import { readingTime } from "../../app/questionnaire/reading-time";
import type { Question, Questionnaire } from "../../app/questionnaire/schema";

/**
 * Core v4 is core v3 in fewer words (issue 26: at most 9,000 words for every care setting). It must ask the
 * same questions with the same answers: nothing retired or added, the same levels, items, care settings,
 * conditions, mappings (ADR 023) and cyber cap (docs/scoring.md §3a), and every answer carries from v3.
 */
function load(version: number): Questionnaire {
  const text = readFileSync(
    fileURLToPath(new URL(`../../questionnaires/core-digital-maturity/v${version}.yaml`, import.meta.url)),
    "utf8",
  );
  const result = checkQuestionnaireText(text);
  if (!result.ok) throw new Error(`core v${version}: ${JSON.stringify(result.problems)}`);
  return result.questionnaire;
}

const v3 = load(3);
const v4 = load(4);
const questions = (q: Questionnaire) => q.themes.flatMap((t) => t.questions);
const byId = new Map(questions(v3).map((q) => [q.id, q]));
/** What an answer means, apart from the wording: the shape a carried answer must still fit. */
const shape = (q: Question) => ({
  type: q.type,
  scale: "scale" in q ? q.scale : undefined,
  levels: "levels" in q ? q.levels.map((l) => l.level) : undefined,
  items: "items" in q ? q.items.map((i) => [i.id, i.share]) : undefined,
  scores: "scores" in q ? q.scores : undefined,
  careSettings: q.careSettings,
  notApplicableAllowed: q.notApplicableAllowed,
  required: q.required,
  weight: q.weight,
  showWhen: q.showWhen,
  mappings: q.mappings,
});

describe("core v4 against core v3", () => {
  it("follows v3 with every v3 question continued, none retired and none new", () => {
    expect(v4).toMatchObject({ version: 4, previousVersion: 3, status: "published", wordingRules: 2 });
    expect(v4.retiredQuestions).toEqual([]);
    expect(lineageProblems(v4, v3)).toEqual([]);
    expect(questions(v4).map((q) => q.id)).toEqual(questions(v3).map((q) => q.id));
    expect(v4.themes.map((t) => [t.id, t.weight])).toEqual(v3.themes.map((t) => [t.id, t.weight]));
  });

  it("asks each question with the same answers, care settings, conditions and mappings", () => {
    for (const q of questions(v4)) expect(shape(q), q.id).toEqual(shape(byId.get(q.id)!));
  });

  it("keeps the cyber cap and the scoring method", () => {
    expect(v4.scoring).toEqual(v3.scoring);
    expect(v4.scales).toEqual(v3.scales);
  });

  it("marks each question same or equivalent, so every v3 answer carries forward", () => {
    for (const q of questions(v4)) expect(["same", "equivalent"], q.id).toContain(q.lineage?.change);
    const carried = unchangedQuestions(v4, v3, [v3, v4]);
    expect([...carried.keys()].sort()).toEqual(questions(v3).map((q) => q.id).sort());
  });

  it("shows every care setting at most 9,000 words, and acute at most 8,700", () => {
    for (const careSetting of v4.careSettings) {
      const before = readingTime(v3, careSetting);
      const after = readingTime(v4, careSetting);
      expect(after.words, careSetting).toBeLessThanOrEqual(9000);
      expect(after.words, careSetting).toBeLessThan(before.words);
      expect(after.questions, careSetting).toBe(before.questions);
    }
    expect(readingTime(v4, "acute").words).toBeLessThanOrEqual(8700);
  });
});
