import { deflateRawSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { Migrator } from "kysely";
import { describe, expect, it, onTestFinished } from "vitest";
import { migrateToLatest } from "../../db/database";
import { migrationProvider } from "../../db/migrations/index";
import type { Answer } from "../../app/assessment/answers";
import { getAssessment, reviewAssessment, startAssessment } from "../../app/models/assessment.server";
import { saveAnswers } from "../../app/models/answer.server";
import { answersAtVersions, listVersions } from "../../app/models/assessment-version.server";
import { setCareSetting } from "../../app/models/organisation.server";
import { loadQuestionnaires } from "../../app/models/questionnaire.server";
import { addPersonAndOrganisation, openTestDb } from "../support/database";

/**
 * The care setting an assessment keeps, and the versions of its QuestionnaireResponse, on the service's own
 * database factory (SQLite, or PostgreSQL under TEST_DATABASE_URL): migration 0013's backfill, and version
 * numbers that stay one per change, in order, when saves to one assessment run at the same time.
 */
const questionnairesDir = fileURLToPath(new URL("../../questionnaires", import.meta.url));
const actor = { personId: 1, address: null };
const at = new Date("2026-06-01T09:00:00.000Z");
const answer = (questionId: string, value: Answer["value"]): Answer => ({
  questionId,
  value,
  notApplicableReason: null,
  evidence: "",
  evidenceLinks: [],
});

const setUp = (db: Awaited<ReturnType<typeof openTestDb>>) =>
  addPersonAndOrganisation(
    db,
    { odsCode: "RYY", name: "Test Ambulance Service NHS Trust", careSetting: "ambulance" },
    at,
  );

describe("migration 0013", () => {
  it("gives existing assessments the care setting of their saved report, or else the organisation's", async () => {
    const db = await openTestDb({ migrate: false });
    onTestFinished(() => db.dropAfter());
    const migrator = new Migrator({ db, provider: migrationProvider });
    const before = await migrator.migrateTo("0012-year-on-year");
    expect(before.error).toBeUndefined();
    await loadQuestionnaires(db, questionnairesDir, at);
    await setUp(db);
    const rows = [
      { id: 1, cycle: "2024/25", status: "signed-off" as const, report: "Ambulance" },
      { id: 2, cycle: "2025/26", status: "submitted" as const, report: "Ambulance" },
      { id: 3, cycle: "2026/27", status: "in-progress" as const, report: null },
    ];
    for (const row of rows) {
      // Columns as they were at 0012 (the typed schema is the newest one).
      await db
        .insertInto("assessment")
        .values({
          id: row.id,
          organisation_code: "RYY",
          questionnaire_id: "core-digital-maturity",
          questionnaire_version: 1,
          cycle: row.cycle,
          status: row.status,
          started_at: at.toISOString(),
          updated_at: at.toISOString(),
        } as never)
        .execute();
      if (row.report)
        await db
          .insertInto("report")
          .values({
            assessment_id: row.id,
            organisation_code: "RYY",
            questionnaire_id: "core-digital-maturity",
            questionnaire_version: 1,
            cycle: row.cycle,
            scoring_method_version: "1",
            overall_score: 50,
            content: `z:${deflateRawSync(JSON.stringify({ organisation: { careSetting: row.report } })).toString("base64")}`,
            created_at: at.toISOString(),
          })
          .execute();
    }
    await db
      .insertInto("answer_change")
      .values({
        assessment_id: 3,
        question_id: "q",
        revision: 1,
        before: null,
        after: "{}",
        changed_by: 1,
        changed_at: "2026-07-01T00:00:00.000Z",
      } as never)
      .execute();
    // The trust became a mental health trust after its past assessments were answered.
    await db.updateTable("organisation").set({ care_setting: "mental-health" }).execute();
    await migrateToLatest(db);
    const after = await db
      .selectFrom("assessment")
      .select(["id", "care_setting", "version", "last_updated"])
      .orderBy("id")
      .execute();
    expect(after).toEqual([
      { id: 1, care_setting: "ambulance", version: 1, last_updated: at.toISOString() },
      { id: 2, care_setting: "ambulance", version: 1, last_updated: at.toISOString() },
      { id: 3, care_setting: "mental-health", version: 1, last_updated: "2026-07-01T00:00:00.000Z" },
    ]);
    const versions = await db
      .selectFrom("assessment_version")
      .select(["assessment_id", "version", "status"])
      .orderBy("assessment_id")
      .execute();
    expect(versions).toEqual(rows.map((r) => ({ assessment_id: r.id, version: 1, status: r.status })));
  });
});

describe("versions of an assessment", () => {
  it("are one per change, without gaps or repeats, when saves to one assessment run at once", async () => {
    const db = await openTestDb();
    onTestFinished(() => db.dropAfter());
    await loadQuestionnaires(db, questionnairesDir, at);
    await setUp(db);
    const started = await startAssessment(
      db,
      { organisationCode: "RYY", questionnaireId: "core-digital-maturity", version: 2, cycle: "2026/27" },
      actor,
      at,
    );
    if (!started.started) throw new Error("not started");
    const id = started.id;
    // The care setting is fixed at the start: a later change is the organisation's, not the assessment's.
    await setCareSetting(db, "RYY", "mental-health", actor, at);
    expect((await getAssessment(db, id))?.care_setting).toBe("ambulance");

    const questions = ["paperless-epr-coverage", "paperless-clinical-noting", "paperless-data-for-decisions"];
    // Two rounds; in each, one save per question, all at once (on PostgreSQL, on separate connections).
    const results = [];
    for (const round of [1, 2])
      results.push(
        ...(await Promise.all(
          questions.map((questionId, i) =>
            saveAnswers(
              db,
              id,
              [{ themeId: "paperless", answer: answer(questionId, round + i), baseRevision: round - 1 }],
              actor,
              new Date(at.getTime() + 1000 * round),
            ),
          ),
        )),
      );
    const saved = results.flat().filter((r) => r.outcome === "saved").length;
    expect(saved).toBe(2 * questions.length);
    const assessment = (await getAssessment(db, id))!;
    expect(assessment.version).toBe(1 + saved);
    const { total, versions } = await listVersions(db, id, { limit: 100 });
    expect(total).toBe(1 + saved);
    expect(versions.map((v) => v.version)).toEqual(
      Array.from({ length: 1 + saved }, (_, i) => saved + 1 - i),
    );
    const changeVersions = await db
      .selectFrom("answer_change")
      .select("version")
      .where("assessment_id", "=", id)
      .orderBy("version")
      .execute();
    expect(changeVersions.map((c) => c.version)).toEqual(Array.from({ length: saved }, (_, i) => i + 2));
    // Each version holds one more answer change than the one before; the newest is the answers as stored.
    const rebuilt = await answersAtVersions(
      db,
      id,
      versions.map((v) => v.version),
    );
    expect(rebuilt.get(1)?.size).toBe(0);
    const stored = await db
      .selectFrom("answer")
      .select(["question_id", "value"])
      .where("assessment_id", "=", id)
      .execute();
    const newest = rebuilt.get(1 + saved)!;
    for (const row of stored) expect(JSON.stringify(newest.get(row.question_id)?.value)).toBe(row.value);
    // lastUpdated never goes back, and a state move is a version too.
    const times = [...versions].reverse().map((v) => v.lastUpdated);
    expect([...times].sort()).toEqual(times);
    expect(await reviewAssessment(db, id, { action: "submitted" }, actor, at)).toBe(true);
    const submitted = (await getAssessment(db, id))!;
    expect(submitted.version).toBe(2 + saved);
    expect(submitted.last_updated).toBe(times.at(-1));
  });
});
