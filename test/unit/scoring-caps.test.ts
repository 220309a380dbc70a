import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Answer, Answers } from "../../app/assessment/answers";
import { checkQuestionnaire, checkQuestionnaireText } from "../../app/questionnaire/check";
import type { Questionnaire } from "../../app/questionnaire/schema";
import { buildReport } from "../../app/report/report";
import { scoreAssessment, scoringMethodVersion } from "../../app/scoring/engine";

/**
 * The cyber cap (docs/scoring.md §3a): core v3 (and v4 after it) declares that a CAF outcome Not achieved caps
 * the cyber theme at level 2. Real questionnaire files, the pure engine, no mocks.
 */
function load(id: string, version: number): Questionnaire {
  const text = readFileSync(
    fileURLToPath(new URL(`../../questionnaires/${id}/v${version}.yaml`, import.meta.url)),
    "utf8",
  );
  const result = checkQuestionnaireText(text);
  if (!result.ok) throw new Error(`${id} v${version}: ${JSON.stringify(result.problems)}`);
  return result.questionnaire;
}

const cyberIds = (q: Questionnaire) =>
  q.themes
    .find((t) => t.id === "cyber-security")!
    .questions.filter((x) => !x.careSettings || x.careSettings.includes("acute"))
    .map((x) => x.id);

/** Every acute cyber outcome Achieved, except the named ones at the given value. */
function cyberAnswers(q: Questionnaire, low: Record<string, number>): Answers {
  const answers = new Map<string, Answer>();
  for (const id of cyberIds(q))
    answers.set(id, { questionId: id, value: low[id] ?? 3, evidence: "", evidenceLinks: [], notApplicableReason: null });
  return answers;
}

const cyber = (q: Questionnaire, answers: Answers) =>
  scoreAssessment(q, "acute", answers).themes.find((t) => t.themeId === "cyber-security")!;

describe("cyber cap", () => {
  const v3 = load("core-digital-maturity", 3);
  const v2 = load("core-digital-maturity", 2);

  it("is declared in core v3 for every cyber outcome at Not achieved, at level 2", () => {
    const cap = v3.scoring.caps?.find((c) => c.theme === "cyber-security");
    expect(cap).toMatchObject({ atOrBelow: 1, maxLevel: 2 });
    const outcomes = v3.themes
      .find((t) => t.id === "cyber-security")!
      .questions.filter((x) => x.type === "outcome")
      .map((x) => x.id);
    expect([...cap!.questions].sort()).toEqual([...outcomes].sort());
  });

  it("holds the review's case (no immutable backup, everything else Achieved) at level 2, not 4.6", () => {
    const theme = cyber(v3, cyberAnswers(v3, { "cyber-backup-recovery": 1 }));
    // 8 of 9 outcomes at 100 and one at 0: 88.9 uncapped.
    expect(theme.cap?.uncappedScore).toBeCloseTo(800 / 9, 10);
    expect(theme.score).toBe(25);
    expect(theme.level).toBe(2);
    expect(theme.cap?.by).toEqual(["cyber-backup-recovery"]);
    expect(theme.cap?.reason).toMatch(/Not achieved/);
  });

  it("lists every Not achieved outcome, in questionnaire order, and the overall score uses the capped score", () => {
    const answers = cyberAnswers(v3, { "cyber-security-monitoring": 1, "cyber-identity-mfa": 1 });
    const result = scoreAssessment(v3, "acute", answers);
    const theme = result.themes.find((t) => t.themeId === "cyber-security")!;
    expect(theme.cap?.by).toEqual(["cyber-identity-mfa", "cyber-security-monitoring"]);
    expect(result.overall.score).toBe(25); // the only scored theme
  });

  it("does not apply with Partially achieved, and keeps a lower score while naming what caps it", () => {
    const partial = cyber(v3, cyberAnswers(v3, { "cyber-backup-recovery": 2 }));
    expect(partial.cap).toBeUndefined();
    expect(partial.score).toBeCloseTo(850 / 9, 10);
    const low = Object.fromEntries(cyberIds(v3).map((id) => [id, 1]));
    const allNot = cyber(v3, cyberAnswers(v3, low));
    expect(allNot.score).toBe(0);
    expect(allNot.cap?.by.length).toBe(cyberIds(v3).length);
  });

  it("carries to core v4 unchanged: the review's case still stops at level 2", () => {
    const v4 = load("core-digital-maturity", 4);
    expect(v4.scoring.caps).toEqual(v3.scoring.caps);
    const theme = cyber(v4, cyberAnswers(v4, { "cyber-backup-recovery": 1 }));
    expect(theme.cap?.uncappedScore).toBeCloseTo(800 / 9, 10);
    expect(theme.level).toBe(2);
    expect(theme.cap?.by).toEqual(["cyber-backup-recovery"]);
  });

  it("leaves version 2 scores as they were: v2 declares no cap", () => {
    expect(v2.scoring.caps).toBeUndefined();
    const theme = cyber(v2, cyberAnswers(v2, { "cyber-backup-recovery": 1 }));
    expect(theme.cap).toBeUndefined();
    expect(theme.score).toBeCloseTo(800 / 9, 10);
    expect(scoringMethodVersion).toBe("1.1.0");
  });

  it("puts the Not achieved outcomes beside the score in the report", () => {
    const answers = cyberAnswers(v3, { "cyber-backup-recovery": 1 });
    const report = buildReport({
      questionnaire: v3,
      organisation: { odsCode: "RXX", name: "Test Trust", careSetting: "acute", regionCode: "Y56" },
      assessment: { id: 1, cycle: "2026/27", status: "submitted" },
      answers,
      previous: null,
    });
    const theme = report.themes.find((t) => t.id === "cyber-security")!;
    expect(theme.cap?.by.map((b) => b.id)).toEqual(["cyber-backup-recovery"]);
    expect(theme.cap?.by[0]?.answer).toBe("Not achieved");
  });

  it("is refused by the check when it names a question outside the theme or a level off the scale", () => {
    const broken = structuredClone(v3);
    broken.scoring.caps = [
      {
        theme: "cyber-security",
        questions: ["paperless-epr-coverage"],
        atOrBelow: 1,
        maxLevel: 9,
        reason: "x",
      },
    ];
    const result = checkQuestionnaire(broken);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => p.path)).toEqual([
        "scoring.caps[0].maxLevel",
        "scoring.caps[0].questions[0]",
      ]);
  });
});
