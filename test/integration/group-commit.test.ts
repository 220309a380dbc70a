import { describe, expect, it } from "vitest";
import { groupCommit } from "../../db/database";
import type { Answer } from "../../app/assessment/answers";
import { loadAnswers, saveAnswers } from "../../app/models/answer.server";
import { onPostgres, openWithStartedAssessment } from "../support/database";

/**
 * Group commit (ADR 018): on SQLite, saves handed in at the same moment share one transaction and one fsync,
 * and none is answered before that commit; one that fails takes nothing of the others with it. On PostgreSQL
 * each save is its own transaction, and the same outcomes hold.
 */
const actor = { personId: 1, address: null };
const at = new Date("2026-06-01T09:00:00.000Z");
const answer = (questionId: string, value: Answer["value"]): Answer => ({
  questionId,
  value,
  notApplicableReason: null,
  evidence: "",
  evidenceLinks: [],
});
const paperless = ["paperless-epr-coverage", "paperless-clinical-noting", "paperless-data-for-decisions"];

async function setUp() {
  const statements: string[] = [];
  const { db, id } = await openWithStartedAssessment(at, {
    onStatement: (sql) => statements.push(sql.trim().toLowerCase()),
  });
  statements.length = 0;
  const count = (verb: string) => statements.filter((s) => s.startsWith(verb)).length;
  return { db, id, statements, count };
}

describe("group commit", () => {
  it("commits saves handed in together once, and answers none of them before that commit", async () => {
    const { db, id, statements, count } = await setUp();
    const answered: number[] = [];
    const results = await Promise.all(
      paperless.map((questionId) =>
        saveAnswers(
          db,
          id,
          [{ themeId: "paperless", answer: answer(questionId, 3), baseRevision: 0 }],
          actor,
          at,
        ).then((result) => {
          answered.push(statements.length);
          return result;
        }),
      ),
    );
    expect(results.flat().map((r) => r.outcome)).toEqual(["saved", "saved", "saved"]);
    expect([...(await loadAnswers(db, id)).keys()].sort()).toEqual([...paperless].sort());
    if (!onPostgres) {
      // Three saves, one transaction: one begin, one commit (one fsync), and every answer after it.
      expect(count("begin")).toBe(1);
      expect(count("commit")).toBe(1);
      const committedAt = statements.findIndex((s) => s.startsWith("commit")) + 1;
      expect(answered.every((n) => n >= committedAt)).toBe(true);
    }
  });

  it("saves one answer in few statements: two on PostgreSQL (each a round trip, no begin or commit), five on SQLite", async () => {
    const { db, id, statements } = await setUp();
    const save = async (value: number, baseRevision: number) => {
      statements.length = 0;
      const [result] = await saveAnswers(
        db,
        id,
        [{ themeId: "paperless", answer: answer(paperless[0]!, value), baseRevision }],
        actor,
        at,
      );
      expect(result?.outcome).toBe("saved");
      // SQLite's begin and commit cost no round trip (and group commit shares them); PostgreSQL's would.
      return onPostgres ? statements : statements.filter((s) => !/^(begin|commit|rollback)/.test(s));
    };
    // A first answer, then a change to it. PostgreSQL: read the assessment's state with the answers, then
    // lock the assessment and write the answer, the version and the change as one statement, with no
    // transaction around the two. SQLite: the same read, the answer, the assessment's version, its row, the
    // change.
    expect((await save(2, 0)).length).toBe(onPostgres ? 2 : 5);
    expect((await save(3, 1)).length).toBe(onPostgres ? 2 : 5);
  });

  it("rolls back a write that fails, and commits the others it shared a transaction with", async () => {
    const { db, count } = await setUp();
    const write = (label: string, fail = false) =>
      groupCommit(db, async (trx) => {
        await trx.insertInto("audit_event").values(auditRow(label)).execute();
        if (fail) throw new Error(`${label} failed`);
        return label;
      });
    const outcomes = await Promise.allSettled([write("first"), write("second", true), write("third")]);
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : (o.reason as Error).message))).toEqual([
      "first",
      "second failed",
      "third",
    ]);
    const kept = await db
      .selectFrom("audit_event")
      .select("action")
      .where("action", "like", "test.%")
      .execute();
    expect(kept.map((r) => r.action).sort()).toEqual(["test.first", "test.third"]);
    if (!onPostgres) {
      // The failure rolled back the shared transaction; the other two ran again and committed together.
      expect(count("rollback")).toBe(1);
      expect(count("commit")).toBe(1);
    }
  });

  it("undoes an all-or-nothing import that conflicts, and keeps the save that shared its commit", async () => {
    const { db, id } = await setUp();
    await saveAnswers(
      db,
      id,
      [{ themeId: "paperless", answer: answer(paperless[0]!, 2), baseRevision: 0 }],
      actor,
      at,
    );
    const [imported, saved] = await Promise.all([
      saveAnswers(
        db,
        id,
        [
          { themeId: "paperless", answer: answer(paperless[1]!, 4), baseRevision: 0 },
          // Edited from before the save above: a conflict, so nothing of the import is kept.
          { themeId: "paperless", answer: answer(paperless[0]!, 5), baseRevision: 0 },
        ],
        actor,
        at,
        { allOrNothing: true },
      ),
      saveAnswers(
        db,
        id,
        [{ themeId: "paperless", answer: answer(paperless[2]!, 1), baseRevision: 0 }],
        actor,
        at,
      ),
    ]);
    expect(imported.map((r) => r.outcome)).toEqual(["saved", "conflict"]);
    expect(saved.map((r) => r.outcome)).toEqual(["saved"]);
    const stored = await loadAnswers(db, id);
    expect(stored.get(paperless[0]!)?.value).toBe(2);
    expect(stored.has(paperless[1]!)).toBe(false);
    expect(stored.get(paperless[2]!)?.value).toBe(1);
  });
});

const auditRow = (label: string) => ({
  action: `test.${label}`,
  person_id: 1,
  occurred_at: at.toISOString(),
  subject: null,
  address: null,
});
