import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../db/database";
import type { AssessmentStatus } from "../../db/schema";
import type { Answer } from "../assessment/answers";
import { type StoredAnswer, withCarry } from "./stored-answer";

/**
 * The versions of an assessment: what a QuestionnaireResponse's meta.versionId, ETag and history are.
 *
 * Every write that changes what the response shows (answers saved, the assessment started, submitted,
 * returned or signed off) calls `recordVersion` inside its own transaction. It increments the assessment's
 * counter with `version = version + 1` on the assessment's row, which the write already holds locked (the
 * row is locked `for update` by saveAnswers on PostgreSQL, updated first by a state move; SQLite has one
 * writer at a time), so two writers to one assessment take turns, numbers are never shared or skipped, and a version
 * is visible only once everything it made is committed. A global sequence (answer_change.id) would not do:
 * on PostgreSQL a later id can commit before an earlier one, so "the newest id" could name a state that
 * misses a change still in flight.
 */
export async function recordVersion(trx: Db, assessmentId: number, at: string): Promise<number> {
  // last_updated never goes back, even if two servers' clocks disagree.
  const row = await trx
    .updateTable("assessment")
    .set((eb) => ({
      version: eb("version", "+", 1),
      last_updated: sql<string>`case when last_updated > ${at} then last_updated else ${at} end`,
    }))
    .where("id", "=", assessmentId)
    .returning(["version", "status", "last_updated"])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("assessment_version")
    .values({
      assessment_id: assessmentId,
      version: row.version,
      status: row.status,
      last_updated: row.last_updated,
    })
    .execute();
  return row.version;
}

/** One changed answer, as answer_change keeps it (the version is added by recordChanges). */
export interface AnswerChangeRow {
  question_id: string;
  revision: number;
  before: string | null;
  after: string;
  changed_by: number | null;
  changed_at: string;
}

/**
 * Records the next version of an assessment and the answer changes that made it, in the caller's transaction
 * (SQLite, where a statement costs no round trip). On PostgreSQL saveAnswers writes the answers, the version
 * and the changes as one statement, with `nextVersionCtes` below.
 */
export async function recordChanges(trx: Db, assessmentId: number, at: string, changes: AnswerChangeRow[]) {
  const version = await recordVersion(trx, assessmentId, at);
  await trx
    .insertInto("answer_change")
    .values(changes.map((c) => ({ ...c, assessment_id: assessmentId, version })))
    .execute();
  return version;
}

/**
 * `recordVersion` as two data-modifying CTEs for one PostgreSQL statement, `next` (the assessment's new
 * version, status and last_updated, when `when` holds) and `recorded` (its assessment_version row), for the
 * statement's other parts to use `next.version`.
 */
export const nextVersionCtes = (assessmentId: number, at: string, when: RawBuilder<unknown>) => sql`
  next as (
    update assessment
    set version = version + 1,
      last_updated = case when last_updated > ${at} then last_updated else ${at} end
    where id = ${assessmentId} and ${when}
    returning id, version, status, last_updated
  ), recorded as (
    insert into assessment_version (assessment_id, version, status, last_updated)
    select id, version, status, last_updated from next
  )`;

/** The first version, written with the assessment itself. */
export async function recordFirstVersion(trx: Db, assessmentId: number, at: string) {
  await trx
    .insertInto("assessment_version")
    .values({ assessment_id: assessmentId, version: 1, status: "in-progress", last_updated: at })
    .execute();
}

export interface AssessmentVersion {
  version: number;
  status: AssessmentStatus;
  lastUpdated: string;
}

/**
 * Versions newest first, at most `limit`: the newest ones, those older than `below`, or the `limit` oldest
 * of those newer than `above` (a keyset page either way); and how many versions there are in all.
 */
export async function listVersions(
  db: Db,
  assessmentId: number,
  { below, above, limit }: { below?: number; above?: number; limit: number },
): Promise<{ total: number; versions: AssessmentVersion[] }> {
  const [count, rows] = await Promise.all([
    db
      .selectFrom("assessment_version")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assessment_id", "=", assessmentId)
      .executeTakeFirst(),
    db
      .selectFrom("assessment_version")
      .select(["version", "status", "last_updated"])
      .where("assessment_id", "=", assessmentId)
      .$if(below !== undefined, (q) => q.where("version", "<", below!))
      .$if(above !== undefined, (q) => q.where("version", ">", above!))
      .orderBy("version", above !== undefined ? "asc" : "desc")
      .limit(limit)
      .execute(),
  ]);
  if (above !== undefined) rows.reverse();
  return {
    total: Number(count?.n ?? 0),
    versions: rows.map((r) => ({ version: r.version, status: r.status, lastUpdated: r.last_updated })),
  };
}

export async function getVersion(db: Db, assessmentId: number, version: number) {
  const row = await db
    .selectFrom("assessment_version")
    .select(["version", "status", "last_updated"])
    .where("assessment_id", "=", assessmentId)
    .where("version", "=", version)
    .executeTakeFirst();
  return row && { version: row.version, status: row.status, lastUpdated: row.last_updated };
}

/**
 * The answers as they stood at each of the given versions, rebuilt from answer_change (each row holds the
 * whole answer after the change). A copy from last cycle that nobody had confirmed is not an answer yet, as
 * loadAnswers reads it.
 */
export async function answersAtVersions(
  db: Db,
  assessmentId: number,
  versions: number[],
): Promise<Map<number, Map<string, StoredAnswer>>> {
  const out = new Map<number, Map<string, StoredAnswer>>();
  if (versions.length === 0) return out;
  const wanted = [...new Set(versions)].sort((a, b) => a - b);
  const rows = await db
    .selectFrom("answer_change")
    .select(["question_id", "revision", "after", "changed_at", "version"])
    .where("assessment_id", "=", assessmentId)
    .where("version", "<=", wanted.at(-1)!)
    .orderBy("version")
    .orderBy("id")
    .execute();
  const state = new Map<string, StoredAnswer>();
  let next = 0;
  for (const version of wanted) {
    while (next < rows.length && rows[next]!.version <= version) {
      const row = rows[next++]!;
      state.set(row.question_id, fromChange(row));
    }
    out.set(version, new Map(state));
  }
  return out;
}

function fromChange(row: { question_id: string; revision: number; after: string; changed_at: string }) {
  const after = JSON.parse(row.after) as Omit<Answer, "questionId"> & { carriedFromCycle?: string };
  const answer: Answer = {
    questionId: row.question_id,
    value: after.value ?? null,
    notApplicableReason: after.notApplicableReason ?? null,
    evidence: after.evidence ?? "",
    evidenceLinks: after.evidenceLinks ?? [],
  };
  const stored = { revision: row.revision, updatedAt: row.changed_at, updatedBy: null };
  return withCarry(answer, stored, after.carriedFromCycle);
}

/** Each answer's revision as of a version: the base an imported answer was edited from. */
export async function baseRevisionsAt(db: Db, assessmentId: number, version: number) {
  const rows = await db
    .selectFrom("answer_change")
    .select(["question_id", (eb) => eb.fn.max("revision").as("revision")])
    .where("assessment_id", "=", assessmentId)
    .where("version", "<=", version)
    .groupBy("question_id")
    .execute();
  return new Map(rows.map((r) => [r.question_id, Number(r.revision)]));
}
