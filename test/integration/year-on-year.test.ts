import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import type { Db } from "../../db/database";
import { isUniqueViolation } from "../../db/errors";
import { type Answer, isAnswered, themeStatus } from "../../app/assessment/answers";
import { startAssessment } from "../../app/models/assessment.server";
import { loadAnswers, saveAnswers } from "../../app/models/answer.server";
import { carryForwardFor, carryForwardPreview } from "../../app/models/year-on-year.server";
import { isForCareSetting } from "../../app/assessment/answers";
import { getQuestionnaireVersion, loadQuestionnaires } from "../../app/models/questionnaire.server";
import { questionsNewSince, unchangedQuestions } from "../../app/questionnaire/lineage";
import type { Questionnaire } from "../../app/questionnaire/schema";
import { scoreAssessment } from "../../app/scoring/engine";
import { addPersonAndOrganisation, openTestDb } from "../support/database";

/**
 * Year-on-year assessments against the real questionnaires: a 2025/26 assessment on core v1, then a 2026/27
 * one on core v2 that starts from it. Unchanged questions are carried forward (and count only once
 * confirmed), reworded and new ones start empty, and a cycle has one assessment, enforced by the database.
 */
const questionnairesDir = fileURLToPath(new URL("../../questionnaires", import.meta.url));
const core = "core-digital-maturity";
const actor = { personId: 1, address: "192.0.2.1" };
const at = new Date("2026-05-01T09:00:00.000Z");

async function setUp() {
  // In memory on SQLite; a database of its own on PostgreSQL (TEST_DATABASE_URL).
  const db = await openTestDb();
  onTestFinished(() => db.dropAfter());
  await loadQuestionnaires(db, questionnairesDir, at);
  await addPersonAndOrganisation(
    db,
    { odsCode: "RXX", name: "Test Hospitals NHS Trust", careSetting: "acute" },
    at,
    { email: "lead@test.example", name: "Lee Lead" },
  );
  const v1 = (await getQuestionnaireVersion(db, core, 1))!;
  const v2 = (await getQuestionnaireVersion(db, core, 2))!;
  return { db, v1, v2 };
}

const answer = (questionId: string, value: Answer["value"], evidence = ""): Answer => ({
  questionId,
  value,
  notApplicableReason: null,
  evidence,
  evidenceLinks: [],
});

const themeOf = (q: Questionnaire, id: string) =>
  q.themes.find((t) => t.questions.some((x) => x.id === id))!.id;

/** A signed-off 2025/26 assessment on v1 with answers to kept, reworded and retired questions. */
async function lastYear(db: Db, v1: Questionnaire) {
  const started = await startAssessment(
    db,
    { organisationCode: "RXX", questionnaireId: core, version: 1, cycle: "2025/26" },
    actor,
    at,
  );
  if (!started.started) throw new Error("could not start");
  const answers = [
    answer("cyber-identity-mfa", 2, "MFA coverage report, March 2026"), // same in v2
    answer("paperless-electronic-observations", 4), // same in v2
    answer("paperless-epr-coverage", 3), // reworded in v2
    answer("cyber-dspt-standards-met", "yes"), // retired in v2
  ];
  await saveAnswers(
    db,
    started.id,
    answers.map((a) => ({ themeId: themeOf(v1, a.questionId), answer: a, baseRevision: 0 })),
    actor,
    at,
  );
  await db.updateTable("assessment").set({ status: "signed-off" }).where("id", "=", started.id).execute();
  return started.id;
}

describe("lineage", () => {
  it("v2 carries only questions whose lineage is same, following renames", async () => {
    const { v1, v2 } = await setUp();
    const mapping = unchangedQuestions(v2, v1, [v1, v2]);
    const same = v2.themes.flatMap((t) => t.questions).filter((q) => q.lineage?.change === "same");
    expect([...mapping.keys()].sort()).toEqual(same.map((q) => q.id).sort());
    expect(mapping.get("cyber-identity-mfa")).toBe("cyber-identity-mfa");
    expect(mapping.has("paperless-epr-coverage")).toBe(false); // reworded
    expect(mapping.has("paperless-epr-convergence")).toBe(false); // new
    // The same version a year later: every question carries.
    expect(unchangedQuestions(v2, v2, [v2]).size).toBe(v2.themes.flatMap((t) => t.questions).length);
    // A missing version in between carries nothing.
    expect(unchangedQuestions(v2, v1, [v2]).size).toBe(0);
    // A rename with change: same follows `from`.
    const renamed: Questionnaire = {
      ...v2,
      version: 3,
      previousVersion: 2,
      themes: v2.themes.map((t) => ({
        ...t,
        questions: t.questions.map((q) =>
          q.id === "cyber-identity-mfa"
            ? { ...q, id: "cyber-access-control", lineage: { from: "cyber-identity-mfa", change: "same" } }
            : { ...q, lineage: { change: "same" } },
        ),
      })),
    };
    expect(unchangedQuestions(renamed, v1, [v1, v2, renamed]).get("cyber-access-control")).toBe(
      "cyber-identity-mfa",
    );
  });
});

describe("copy-forward", () => {
  it("copies unchanged answers as carried forward; changed and new questions start empty", async () => {
    const { db, v1, v2 } = await setUp();
    const previousId = await lastYear(db, v1);
    const carry = (await carryForwardFor(db, "RXX", v2, "2026/27"))!;
    expect(carry).toMatchObject({ fromAssessmentId: previousId, fromCycle: "2025/26", fromVersion: 1 });
    const started = await startAssessment(
      db,
      { organisationCode: "RXX", questionnaireId: core, version: 2, cycle: "2026/27", carryForward: carry },
      actor,
      at,
    );
    expect(started).toMatchObject({ started: true, carried: 2 });
    if (!started.started) return;

    const answers = await loadAnswers(db, started.id);
    expect([...answers.keys()].sort()).toEqual(["cyber-identity-mfa", "paperless-electronic-observations"]);
    const mfa = answers.get("cyber-identity-mfa")!;
    // Not an answer yet: empty fields, the copy kept beside them.
    expect(mfa).toMatchObject({ value: null, notApplicableReason: null, evidence: "", revision: 1 });
    expect(mfa.carriedForward).toMatchObject({
      value: 2,
      evidence: "MFA coverage report, March 2026",
      fromCycle: "2025/26",
    });
    expect(isAnswered(mfa)).toBe(false);
    expect(answers.has("paperless-epr-coverage")).toBe(false); // reworded: starts empty
    expect(answers.has("cyber-dspt-standards-met")).toBe(false); // retired

    // Nothing counts until confirmed: no theme is started and nothing is scored.
    const cyber = v2.themes.find((t) => t.id === "cyber-security")!;
    expect(themeStatus(cyber, "acute", answers)).toBe("not-started");
    const score = scoreAssessment(v2, "acute", answers);
    expect(score.themes.find((t) => t.themeId === "cyber-security")?.coverage).toBe(0);

    // Confirming (saving the same answer) makes it an answer, and it counts.
    const [result] = await saveAnswers(
      db,
      started.id,
      [
        {
          themeId: "cyber-security",
          answer: { ...mfa.carriedForward!, questionId: mfa.questionId },
          baseRevision: 1,
        },
      ],
      actor,
      at,
    );
    expect(result).toMatchObject({ outcome: "saved", revision: 2 });
    const after = await loadAnswers(db, started.id);
    expect(after.get("cyber-identity-mfa")).toMatchObject({ value: 2, revision: 2 });
    expect(after.get("cyber-identity-mfa")?.carriedForward).toBeUndefined();
    expect(themeStatus(cyber, "acute", after)).toBe("in-progress");
    expect(
      scoreAssessment(v2, "acute", after).themes.find((t) => t.themeId === "cyber-security")?.coverage,
    ).toBeGreaterThan(0);
    // The other copy is still waiting.
    expect(after.get("paperless-electronic-observations")?.carriedForward?.value).toBe(4);

    // The audit and the answer history say where the copies came from.
    const history = await db
      .selectFrom("answer_change")
      .select(["question_id", "revision", "after"])
      .where("assessment_id", "=", started.id)
      .orderBy("id")
      .execute();
    // In questionnaire order: the copies first, then the confirmation.
    expect(history.map((h) => [h.question_id, h.revision])).toEqual([
      ["paperless-electronic-observations", 1],
      ["cyber-identity-mfa", 1],
      ["cyber-identity-mfa", 2],
    ]);
    expect(JSON.parse(history[0]!.after)).toMatchObject({ carriedFromCycle: "2025/26" });
  });

  it("says before the start how many answers will carry, of how many questions, and why the rest do not", async () => {
    const { db, v1, v2 } = await setUp();
    await lastYear(db, v1);
    const preview = (await carryForwardPreview(db, "RXX", "acute", v2, "2026/27"))!;
    const asked = v2.themes.flatMap((t) => t.questions).filter((q) => isForCareSetting(q, "acute"));
    const same = asked.filter((q) => q.lineage?.change === "same");
    expect(preview).toEqual({
      fromCycle: "2025/26",
      fromVersion: 1,
      asked: asked.length,
      // What the start will copy: the two unchanged questions answered last year.
      carried: 2,
      changed: asked.filter((q) => q.lineage?.change === "reworded").length,
      added: asked.filter((q) => q.lineage?.change === "new").length,
      unanswered: same.length - 2,
    });
    const started = await startAssessment(
      db,
      {
        organisationCode: "RXX",
        questionnaireId: core,
        version: 2,
        cycle: "2026/27",
        carryForward: (await carryForwardFor(db, "RXX", v2, "2026/27"))!,
      },
      actor,
      at,
    );
    expect(started).toMatchObject({ started: true, carried: preview.carried });
    // No earlier assessment: nothing to offer.
    expect(await carryForwardPreview(db, "RXX", "acute", v2, "2025/26")).toBeNull();
  });

  it("counts a question the earlier version never asked as new, even when a later version rewords it (v1 → v4)", async () => {
    const { db, v1, v2 } = await setUp();
    await lastYear(db, v1);
    const v3 = (await getQuestionnaireVersion(db, core, 3))!;
    const v4 = (await getQuestionnaireVersion(db, core, 4))!;
    const added = questionsNewSince(v4, v1, [v1, v2, v3, v4]);
    // New in v2 and in v3, equivalent in v4: still new to a v1 answer. A v1 question reworded since is not.
    expect(added).toContain("paperless-epr-convergence");
    expect(added).toContain("safety-eps-outpatients-discharge");
    expect(added).not.toContain("paperless-epr-coverage");
    expect(added).not.toContain("safe-access-shared-care-record");
    const preview = (await carryForwardPreview(db, "RXX", "acute", v4, "2026/27"))!;
    const asked = v4.themes.flatMap((t) => t.questions).filter((q) => isForCareSetting(q, "acute"));
    expect(preview.added).toBe(asked.filter((q) => added.has(q.id)).length);
    expect(preview.added).toBeGreaterThan(0);
    expect(preview.carried + preview.changed + preview.added + preview.unanswered).toBe(asked.length);
  });

  it("never copies a copy that nobody confirmed", async () => {
    const { db, v1, v2 } = await setUp();
    await lastYear(db, v1);
    const first = await startAssessment(
      db,
      {
        organisationCode: "RXX",
        questionnaireId: core,
        version: 2,
        cycle: "2026/27",
        carryForward: (await carryForwardFor(db, "RXX", v2, "2026/27"))!,
      },
      actor,
      at,
    );
    if (!first.started) throw new Error("could not start");
    await db.updateTable("assessment").set({ status: "signed-off" }).where("id", "=", first.id).execute();
    const carry = (await carryForwardFor(db, "RXX", v2, "2027/28"))!;
    expect(carry).toMatchObject({ fromAssessmentId: first.id, fromVersion: 2 });
    const next = await startAssessment(
      db,
      { organisationCode: "RXX", questionnaireId: core, version: 2, cycle: "2027/28", carryForward: carry },
      actor,
      at,
    );
    expect(next).toMatchObject({ started: true, carried: 0 });
  });
});

describe("one assessment per organisation, questionnaire and cycle", () => {
  it("is refused for a signed-off cycle, by the database's unique index", async () => {
    const { db, v1 } = await setUp();
    const signedOff = await lastYear(db, v1);
    const again = await startAssessment(
      db,
      { organisationCode: "RXX", questionnaireId: core, version: 2, cycle: "2025/26" },
      actor,
      at,
    );
    expect(again).toEqual({ started: false, existingId: signedOff, status: "signed-off" });
    // Not a check in our code: a write that skips it is refused too, with the error the one helper for
    // unique violations (db/errors.ts) recognises on this dialect, so a race is answered, never a 500.
    const refused = await db
      .insertInto("assessment")
      .values({
        organisation_code: "RXX",
        questionnaire_id: core,
        questionnaire_version: 2,
        cycle: "2025/26",
        status: "in-progress",
        started_at: at.toISOString(),
        updated_at: at.toISOString(),
        care_setting: "acute",
        last_updated: at.toISOString(),
      })
      .execute()
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refused).not.toBeNull();
    expect(isUniqueViolation(refused)).toBe(true);
    const count = await db
      .selectFrom("assessment")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("two starts at once: one assessment, the other told which one exists", async () => {
    const { db } = await setUp();
    const input = { organisationCode: "RXX", questionnaireId: core, version: 2, cycle: "2026/27" };
    // On PostgreSQL these run at once on separate connections: the losers' inserts meet the unique index,
    // and retryOnConflict runs their transactions again, which then find the winner's assessment.
    const results = await Promise.all([1, 2, 3, 4].map(() => startAssessment(db, input, actor, at)));
    const winners = results.filter((r) => r.started);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((r) => !r.started))
      expect(r).toEqual({ started: false, existingId: winners[0]!.id, status: "in-progress" });
  });
});
