import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { Answer, AnswerValue } from "../../app/assessment/answers";
import type { CareSetting } from "../../app/domain/organisation";
import { CareSettingSchema } from "../../app/domain/schemas";
import { checkQuestionnaire, checkQuestionnaireText } from "../../app/questionnaire/check";
import type { Questionnaire } from "../../app/questionnaire/schema";
import { type QuestionStatus, scoreAssessment, scoringMethodVersion } from "../../app/scoring/engine";

/**
 * Golden files: small questionnaires with answers and results worked out by hand from docs/scoring.md
 * (test/fixtures/scoring/README.md describes the format). The engine must reproduce them.
 */

const dir = fileURLToPath(new URL("../fixtures/scoring", import.meta.url));

interface ExpectedTheme {
  score: number | null;
  level: number | null;
  coverage: number;
  heldBy: string[];
  contributions?: Record<string, number>;
}

interface Golden {
  name: string;
  questionnaire: Questionnaire;
  careSetting: CareSetting;
  answers: Map<string, Answer>;
  expected: {
    themes: Record<string, ExpectedTheme>;
    overall: { score: number | null; level: number | null; coverage: number };
    questions?: Record<string, QuestionStatus>;
  };
}

function toAnswer(questionId: string, raw: unknown): Answer {
  const base = { questionId, evidence: "", evidenceLinks: [] };
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    const reason = (raw as { notApplicable?: unknown }).notApplicable;
    if (typeof reason !== "string")
      throw new Error(`${questionId}: an object answer must be { notApplicable: reason }`);
    return { ...base, value: null, notApplicableReason: reason };
  }
  return { ...base, value: raw as AnswerValue | null, notApplicableReason: null };
}

function load(file: string): Golden {
  const doc = parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>;
  const checked =
    typeof doc.questionnaireFile === "string"
      ? checkQuestionnaireText(readFileSync(join(dir, doc.questionnaireFile), "utf8"))
      : checkQuestionnaire(doc.questionnaire);
  if (!checked.ok)
    throw new Error(`${file}: the questionnaire fails the check: ${JSON.stringify(checked.problems)}`);
  const answers = new Map(
    Object.entries((doc.answers ?? {}) as Record<string, unknown>).map(([id, raw]) => [
      id,
      toAnswer(id, raw),
    ]),
  );
  return {
    name: file,
    questionnaire: checked.questionnaire,
    careSetting: CareSettingSchema.parse(doc.careSetting),
    answers,
    expected: doc.expected as Golden["expected"],
  };
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const goldens = files.map(load);

/** Scores to 6 decimal places; null must stay null ("not scored", never zero). */
function expectScore(actual: number | null, expected: number | null, what: string) {
  if (expected === null) expect(actual, what).toBeNull();
  else {
    expect(actual, what).not.toBeNull();
    expect(actual!, what).toBeCloseTo(expected, 6);
  }
}

/** Levels exactly, as the engine rounds them to one decimal place. */
function expectLevel(actual: number | null, expected: number | null, what: string) {
  expect(actual, what).toBe(expected);
  if (actual !== null) expect(Math.round(actual * 10) / 10, `${what} has one decimal place`).toBe(actual);
}

describe("scoring golden files", () => {
  it("finds the required cases", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "worked-example.yaml",
        "worked-example-gated.yaml",
        "unequal-weights.yaml",
        "mixed-types.yaml",
        "below-minimum-coverage.yaml",
        "care-setting-filter.yaml",
        "all-not-applicable.yaml",
        "nonlinear.yaml",
      ]),
    );
  });

  it.each(goldens.map((g) => [g.name, g] as const))("%s", (_name, golden) => {
    const { questionnaire: q, expected } = golden;
    const result = scoreAssessment(q, golden.careSetting, golden.answers);

    expect(result.scoringMethodVersion).toBe(scoringMethodVersion);
    expect(result.scoringMethodVersion).toBe("1.1.0"); // docs/scoring.md: "now 1.1.0"
    expect(result.questionnaireId).toBe(q.id);
    expect(result.questionnaireVersion).toBe(q.version);
    expect(result.method).toBe(q.scoring.method);

    // Every theme is expected, in questionnaire order.
    expect(result.themes.map((t) => t.themeId)).toEqual(q.themes.map((t) => t.id));
    expect(Object.keys(expected.themes).sort()).toEqual(q.themes.map((t) => t.id).sort());

    for (const theme of result.themes) {
      const want = expected.themes[theme.themeId]!;
      const what = `theme ${theme.themeId}`;
      expectScore(theme.score, want.score, `${what} score`);
      expectLevel(theme.level, want.level, `${what} level`);
      expect(theme.coverage, `${what} coverage`).toBeCloseTo(want.coverage, 6);
      expect(theme.heldBy, `${what} heldBy`).toEqual(want.heldBy);
      if (want.contributions) {
        const points = Object.fromEntries(theme.contributions.map((c) => [c.id, c.points]));
        expect(Object.keys(points).sort(), `${what} contributions`).toEqual(
          Object.keys(want.contributions).sort(),
        );
        for (const [id, p] of Object.entries(want.contributions)) {
          expect(points[id], `${what} points of ${id}`).toBeCloseTo(p, 6);
        }
      }
      if (theme.score === null) {
        expect(theme.contributions, `${what} has no contributions when not scored`).toEqual([]);
      } else {
        const shares = theme.contributions.reduce((s, c) => s + c.share, 0);
        expect(shares, `${what} shares add up to 1`).toBeCloseTo(1, 9);
        for (const c of theme.contributions) expect(c.points).toBeCloseTo(c.share * c.value, 9);
        if (q.scoring.method === "weighted-mean") {
          const total = theme.contributions.reduce((s, c) => s + c.points, 0);
          expect(total, `${what}: the contributions' points add up to the score`).toBeCloseTo(theme.score, 9);
        }
      }
    }

    expectScore(result.overall.score, expected.overall.score, "overall score");
    expectLevel(result.overall.level, expected.overall.level, "overall level");
    expect(result.overall.coverage, "overall coverage").toBeCloseTo(expected.overall.coverage, 6);
    if (result.overall.score !== null) {
      const total = result.overall.contributions.reduce((s, c) => s + c.points, 0);
      expect(total, "overall: the contributions' points add up to the score").toBeCloseTo(
        result.overall.score,
        9,
      );
    }
    // The overall contributions are exactly the scored themes.
    expect(result.overall.contributions.map((c) => c.id)).toEqual(
      result.themes.filter((t) => t.score !== null).map((t) => t.themeId),
    );

    for (const [id, status] of Object.entries(expected.questions ?? {})) {
      expect(result.questions.find((s) => s.questionId === id)?.status, `status of ${id}`).toBe(status);
    }
  });
});
