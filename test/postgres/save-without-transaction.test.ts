import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/database";
import type { Answer } from "../../app/assessment/answers";
import { loadAnswers, saveAnswers } from "../../app/models/answer.server";
import { openWithStartedAssessment } from "../support/database";

/**
 * On PostgreSQL an autosave is a read and then one statement, with no transaction around the two
 * (writeAnswersPostgres). What the read saw can change before the statement runs: these tests hold the
 * assessment's row locked in another transaction, change what the save read, let the save reach the lock
 * and wait there, and only then commit. The save must see the change, never write over it.
 */
const actor = { personId: 1, address: null };
const at = new Date("2026-06-01T09:00:00.000Z");
const questionId = "paperless-epr-coverage";
const answer = (value: Answer["value"]): Answer => ({
  questionId,
  value,
  notApplicableReason: null,
  evidence: "",
  evidenceLinks: [],
});

async function setUp() {
  const { db, id } = await openWithStartedAssessment(at);
  const [first] = await saveAnswers(
    db,
    id,
    [{ themeId: "paperless", answer: answer(2), baseRevision: 0 }],
    actor,
    at,
  );
  expect(first?.outcome).toBe("saved");
  return { db, id };
}

/** Resolves once a statement of this database waits for a lock (the save has read and reached its write). */
async function untilWaitingForLock(db: Db) {
  for (let i = 0; i < 10_000; i++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if (rows[0]!.n > 0) return;
  }
  throw new Error("the save never waited for the lock");
}

/** Runs `change` in a transaction holding the assessment's row, commits once `save` waits for it. */
async function whileLocked<T>(
  db: Db,
  id: number,
  change: (trx: Db) => Promise<void>,
  save: () => Promise<T>,
) {
  let pending: Promise<T> | undefined;
  await db.transaction().execute(async (trx) => {
    await sql`select id from assessment where id = ${id} for update`.execute(trx);
    await change(trx);
    pending = save();
    await untilWaitingForLock(db);
  });
  return pending!;
}

const versionOf = async (db: Db, id: number) =>
  (await db.selectFrom("assessment").select("version").where("id", "=", id).executeTakeFirstOrThrow())
    .version;

describe("an autosave on PostgreSQL, a read and one statement", () => {
  it("writes nothing to an assessment submitted after the save read it: the save is told it closed", async () => {
    const { db, id } = await setUp();
    const version = await versionOf(db, id);
    const results = await whileLocked(
      db,
      id,
      async (trx) => {
        await trx.updateTable("assessment").set({ status: "submitted" }).where("id", "=", id).execute();
      },
      () => saveAnswers(db, id, [{ themeId: "paperless", answer: answer(3), baseRevision: 1 }], actor, at),
    );
    expect(results).toEqual([{ questionId, outcome: "closed" }]);
    expect((await loadAnswers(db, id)).get(questionId)).toMatchObject({ value: 2, revision: 1 });
    expect(await versionOf(db, id)).toBe(version);
    const changes = await db
      .selectFrom("answer_change")
      .select("revision")
      .where("assessment_id", "=", id)
      .execute();
    expect(changes.map((c) => c.revision)).toEqual([1]);
  });

  it("does not overwrite an answer saved by someone else after the save read it: a conflict with theirs", async () => {
    const { db, id } = await setUp();
    const results = await whileLocked(
      db,
      id,
      async (trx) => {
        // Another person's save, as far as the answer's row goes: a new revision with other content.
        await trx
          .updateTable("answer")
          .set({ value: "4", revision: 2 })
          .where("assessment_id", "=", id)
          .where("question_id", "=", questionId)
          .execute();
      },
      () => saveAnswers(db, id, [{ themeId: "paperless", answer: answer(3), baseRevision: 1 }], actor, at),
    );
    expect(results[0]).toMatchObject({ outcome: "conflict", current: { value: 4, revision: 2 } });
    expect((await loadAnswers(db, id)).get(questionId)).toMatchObject({ value: 4, revision: 2 });
  });

  it("saves once the lock is free when nothing it read has changed, with its version and history", async () => {
    const { db, id } = await setUp();
    const version = await versionOf(db, id);
    const results = await whileLocked(
      db,
      id,
      async () => {},
      () => saveAnswers(db, id, [{ themeId: "paperless", answer: answer(3), baseRevision: 1 }], actor, at),
    );
    expect(results[0]).toMatchObject({ outcome: "saved", revision: 2 });
    expect(await versionOf(db, id)).toBe(version + 1);
    const changes = await db
      .selectFrom("answer_change")
      .select(["revision", "before", "version"])
      .where("assessment_id", "=", id)
      .orderBy("id")
      .execute();
    expect(changes.at(-1)).toMatchObject({ revision: 2, version: version + 1 });
    expect(JSON.parse(changes.at(-1)!.before!)).toMatchObject({ value: 2 });
  });
});
