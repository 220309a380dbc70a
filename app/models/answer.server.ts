import { sql } from "kysely";
import { type Db, dialectOf, groupCommit } from "../../db/database";
import type { Answer } from "../assessment/answers";
import { type AnswerChangeRow, nextVersionCtes, recordChanges } from "./assessment-version.server";
import type { Actor } from "./audit.server";
import { emptyAnswer, type StoredAnswer, withCarry } from "./stored-answer";

export type { StoredAnswer } from "./stored-answer";

/**
 * An assessment's answers: reading them, saving them (revisions, conflicts, history), copying last cycle's
 * forward. The assessment's lifecycle (start, review, assignments) is app/models/assessment.server.ts.
 */

/** Answers to copy from an earlier assessment, for questions whose lineage says they are unchanged. */
export interface CarryForward {
  fromAssessmentId: number;
  fromCycle: string;
  /** Each question of the new assessment to fill, its theme, and the question it continues. */
  questions: { questionId: string; themeId: string; fromQuestionId: string }[];
}

/** Copies confirmed answers (never copies of copies) into a new assessment, marked as carried forward. */
export async function copyAnswers(
  trx: Db,
  assessmentId: number,
  carry: CarryForward,
  actor: Actor,
  at: string,
) {
  if (carry.questions.length === 0) return 0;
  const source = await trx
    .selectFrom("answer")
    .select(["question_id", "value", "not_applicable_reason", "evidence", "evidence_links"])
    .where("assessment_id", "=", carry.fromAssessmentId)
    .where("question_id", "in", [...new Set(carry.questions.map((q) => q.fromQuestionId))])
    .where("carried_from_cycle", "is", null)
    .where((eb) => eb.or([eb("value", "is not", null), eb("not_applicable_reason", "is not", null)]))
    .execute();
  const bySource = new Map(source.map((r) => [r.question_id, r]));
  const rows = carry.questions.flatMap((q) => {
    const from = bySource.get(q.fromQuestionId);
    return from ? [{ ...q, from }] : [];
  });
  if (rows.length === 0) return 0;
  await trx
    .insertInto("answer")
    .values(
      rows.map(({ questionId, themeId, from }) => ({
        assessment_id: assessmentId,
        question_id: questionId,
        theme_id: themeId,
        value: from.value,
        not_applicable_reason: from.not_applicable_reason,
        evidence: from.evidence,
        evidence_links: from.evidence_links,
        revision: 1,
        updated_by: actor.personId,
        updated_at: at,
        carried_from_cycle: carry.fromCycle,
      })),
    )
    .execute();
  await trx
    .insertInto("answer_change")
    .values(
      rows.map(({ questionId, from }) => ({
        assessment_id: assessmentId,
        question_id: questionId,
        revision: 1,
        before: null,
        after: JSON.stringify({
          value: from.value === null ? null : JSON.parse(from.value),
          notApplicableReason: from.not_applicable_reason,
          evidence: from.evidence,
          evidenceLinks: JSON.parse(from.evidence_links),
          carriedFromCycle: carry.fromCycle,
        }),
        changed_by: actor.personId,
        changed_at: at,
        version: 1,
      })),
    )
    .execute();
  return rows.length;
}

function toAnswer(row: {
  question_id: string;
  value: string | null;
  not_applicable_reason: string | null;
  evidence: string;
  evidence_links: string;
  revision: number;
  updated_at: string;
  updated_by_name?: string | null;
  carried_from_cycle: string | null;
}): StoredAnswer {
  const answer: Answer = {
    questionId: row.question_id,
    value: row.value === null ? null : JSON.parse(row.value),
    notApplicableReason: row.not_applicable_reason,
    evidence: row.evidence,
    evidenceLinks: JSON.parse(row.evidence_links),
  };
  const stored = {
    revision: row.revision,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by_name ?? null,
  };
  return withCarry(answer, stored, row.carried_from_cycle);
}

/** What a stored answer is read with (`toAnswer`). */
const answerRowColumns = [
  "answer.question_id",
  "answer.value",
  "answer.not_applicable_reason",
  "answer.evidence",
  "answer.evidence_links",
  "answer.revision",
  "answer.updated_at",
  "answer.carried_from_cycle",
] as const;

/** The same, joined to the person who last saved it. */
const storedAnswerColumns = [...answerRowColumns, "person.name as updated_by_name"] as const;

export async function loadAnswers(
  db: Db,
  assessmentId: number,
  themeId?: string,
): Promise<Map<string, StoredAnswer>> {
  let query = db
    .selectFrom("answer")
    .leftJoin("person", "person.id", "answer.updated_by")
    .select(storedAnswerColumns)
    .where("answer.assessment_id", "=", assessmentId);
  if (themeId) query = query.where("answer.theme_id", "=", themeId);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.question_id, toAnswer(r)]));
}

const snapshot = (a: Answer) =>
  JSON.stringify({
    value: a.value,
    notApplicableReason: a.notApplicableReason,
    evidence: a.evidence,
    evidenceLinks: a.evidenceLinks,
  });

export type SaveResult =
  | { questionId: string; outcome: "saved"; revision: number; updatedAt: string }
  | { questionId: string; outcome: "unchanged"; revision: number; updatedAt: string }
  | { questionId: string; outcome: "conflict"; current: StoredAnswer }
  | { questionId: string; outcome: "closed" };

/**
 * Saves answers that were edited from the given revisions, in one transaction (on SQLite, one it may share
 * with other saves handed in at the same moment: groupCommit, ADR 018). An answer someone else saved
 * since (a newer revision with different content) is not overwritten: its result is a conflict carrying
 * their version. Every change is kept in answer_change. With `allOrNothing` (imports), any conflict means
 * nothing of the call is written.
 *
 * The database decides who wins, so this holds with several servers on one PostgreSQL database too: an
 * update only applies `where revision = base`, and a first answer is inserted `on conflict do nothing`; a
 * write that applies to no row lost the race and reports the winner's answer as a conflict. The assessment's
 * row is read `for update` on PostgreSQL, so a submission waits for saves under way and later saves see it,
 * and saves to one assessment take turns at its version counter (recordVersion): a save that changes
 * anything makes the next version, and its answer_change rows say so.
 */
export async function saveAnswers(
  db: Db,
  assessmentId: number,
  edits: { themeId: string; answer: Answer; baseRevision: number }[],
  actor: Actor,
  now = new Date(),
  {
    allOrNothing = false,
    alsoInTransaction,
  }: {
    allOrNothing?: boolean;
    /** More writes that belong with the save (a workbook's claim and audit event), in its transaction. */
    alsoInTransaction?: (trx: Db, results: SaveResult[]) => Promise<void>;
  } = {},
): Promise<SaveResult[]> {
  const at = now.toISOString();
  const questionIds = edits.map((e) => e.answer.questionId);
  if (new Set(questionIds).size !== questionIds.length) throw new Error("saveAnswers: a question twice");
  try {
    return await saveInTransaction();
  } catch (error) {
    if (error instanceof RolledBack) return error.results;
    throw error;
  }
  function saveInTransaction() {
    // On PostgreSQL a save with nothing else to do in its transaction (autosave, the hot path) is one read and
    // one statement, each its own transaction: the statement locks the assessment's row and re-checks its
    // state before it writes, and each write applies only at the revision read, so nothing read can have
    // changed under it (see writeAnswersPostgres). Everything else is one transaction, as on SQLite.
    const inOneStatement = dialectOf(db) === "postgres" && !allOrNothing && !alsoInTransaction;
    const run = <T>(work: (trx: Db) => Promise<T>) => (inOneStatement ? work(db) : groupCommit(db, work));
    return run(async (trx) => {
      // The assessment's state and the answers being saved, in one query (one round trip on PostgreSQL, where
      // in a transaction the assessment's row is locked for the rest of it).
      let query = trx
        .selectFrom("assessment")
        .leftJoin("answer", (join) =>
          join
            .onRef("answer.assessment_id", "=", "assessment.id")
            .on("answer.question_id", "in", questionIds.length > 0 ? questionIds : [""]),
        )
        .select(["assessment.status", ...answerRowColumns])
        .where("assessment.id", "=", assessmentId);
      if (dialectOf(trx) === "postgres" && !inOneStatement) query = query.forUpdate("assessment");
      const found = await query.execute();
      if (found[0]?.status !== "in-progress")
        return edits.map((e) => ({ questionId: e.answer.questionId, outcome: "closed" as const }));
      if (edits.length === 0) return [];
      const rows = found.flatMap((r) =>
        r.question_id === null
          ? []
          : [
              {
                ...r,
                question_id: r.question_id,
                evidence: r.evidence ?? "",
                evidence_links: r.evidence_links ?? "[]",
                revision: r.revision ?? 0,
                updated_at: r.updated_at ?? "",
              },
            ],
      );
      const stored = new Map(rows.map((r) => [r.question_id, r]));

      /** The answer as another person saved it, for a conflict (their name only needed then). */
      const conflict = async (questionId: string): Promise<SaveResult> => {
        const row = await trx
          .selectFrom("answer")
          .leftJoin("person", "person.id", "answer.updated_by")
          .select(storedAnswerColumns)
          .where("answer.assessment_id", "=", assessmentId)
          .where("answer.question_id", "=", questionId)
          .executeTakeFirst();
        // A base revision for an answer that was never saved (a made-up one): a conflict with nothing.
        const current: StoredAnswer = row
          ? toAnswer(row)
          : { ...emptyAnswer(questionId), revision: 0, updatedBy: null, updatedAt: at };
        return { questionId, outcome: "conflict", current };
      };

      const results: (SaveResult | undefined)[] = [];
      const writes: AnswerWrite[] = [];
      for (const [index, { themeId, answer, baseRevision }] of edits.entries()) {
        const row = stored.get(answer.questionId);
        const current = row ? toAnswer(row) : undefined;
        const blank =
          answer.value === null &&
          answer.notApplicableReason === null &&
          answer.evidence === "" &&
          answer.evidenceLinks.length === 0;
        if (!current && blank) {
          // An untouched question posted with its page: nothing to keep.
          results[index] = {
            questionId: answer.questionId,
            outcome: "unchanged",
            revision: 0,
            updatedAt: at,
          };
          continue;
        }
        if (current && snapshot(current) === snapshot(answer)) {
          results[index] = {
            questionId: answer.questionId,
            outcome: "unchanged",
            revision: current.revision,
            updatedAt: current.updatedAt,
          };
          continue;
        }
        if ((current?.revision ?? 0) !== baseRevision) {
          results[index] = await conflict(answer.questionId);
          continue;
        }
        writes.push({
          index,
          themeId,
          answer,
          base: current ? baseRevision : null,
          before: current ? snapshot(current) : null,
          columns: answerColumns(answer, baseRevision + 1, actor.personId, at),
        });
      }
      // Each write lands only if its answer is still at the revision it was based on (or, new, still absent):
      // one that lost the race is a conflict.
      const written =
        dialectOf(trx) === "postgres"
          ? await writeAnswersPostgres(trx, assessmentId, at, writes)
          : await writeAnswersSqlite(trx, assessmentId, at, writes);
      // Closed between the read and the write (only without a transaction): nothing was written.
      if (written === "closed")
        return edits.map((e) => ({ questionId: e.answer.questionId, outcome: "closed" as const }));
      for (const { index, answer, columns } of writes) {
        results[index] = written.has(answer.questionId)
          ? { questionId: answer.questionId, outcome: "saved", revision: columns.revision, updatedAt: at }
          : await conflict(answer.questionId);
      }
      // With allOrNothing (imports), one conflict undoes every write of the call.
      if (allOrNothing && results.some((r) => r?.outcome === "conflict"))
        throw new RolledBack(results as SaveResult[]);
      await alsoInTransaction?.(trx, results as SaveResult[]);
      // assessment.updated_at marks state changes (start, submit, return, sign-off); last_updated and version
      // (recordVersion, above) mark any change to what the QuestionnaireResponse shows.
      return results as SaveResult[];
    });
  }
}

/** Thrown inside saveAnswers' transaction to roll it back, carrying what each answer's outcome would be. */
class RolledBack extends Error {
  constructor(readonly results: SaveResult[]) {
    super("rolled back");
  }
}

/** An answer to write: an update from revision `base`, or (base null) a first answer. */
interface AnswerWrite {
  index: number;
  themeId: string;
  answer: Answer;
  base: number | null;
  /** The answer before, as answer_change keeps it (null for a first answer). */
  before: string | null;
  columns: AnswerColumns;
}

/**
 * SQLite: each update, then the first answers together, then the version and the changes of what was
 * written (recordChanges). Statements cost no round trip here.
 */
async function writeAnswersSqlite(trx: Db, assessmentId: number, at: string, writes: AnswerWrite[]) {
  const written = new Set<string>();
  for (const { answer, base, columns } of writes) {
    if (base === null) continue;
    const updated = await trx
      .updateTable("answer")
      .set(columns)
      .where("assessment_id", "=", assessmentId)
      .where("question_id", "=", answer.questionId)
      .where("revision", "=", base)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) written.add(answer.questionId);
  }
  const firsts = writes.filter((w) => w.base === null);
  if (firsts.length > 0) {
    const inserted = await trx
      .insertInto("answer")
      .values(
        firsts.map(({ themeId, answer, columns }) => ({
          assessment_id: assessmentId,
          question_id: answer.questionId,
          theme_id: themeId,
          ...columns,
        })),
      )
      .onConflict((oc) => oc.columns(["assessment_id", "question_id"]).doNothing())
      .returning("question_id")
      .execute();
    for (const { question_id } of inserted) written.add(question_id);
  }
  const changes = writes.filter((w) => written.has(w.answer.questionId));
  if (changes.length > 0) await recordChanges(trx, assessmentId, at, changes.map(changeRow));
  return written;
}

/**
 * PostgreSQL: the same as one statement of data-modifying CTEs (each statement is a round trip, and autosave
 * is the hot path): the assessment's row locked while it is in progress, the updates and first answers, then,
 * if any landed, the next version of the assessment, its assessment_version row and the changes of what was
 * written, in the order given (answer_change.id, which history reads them by). "closed" when the assessment
 * is no longer in progress: nothing is written.
 *
 * Without a transaction around it (autosave) this is still safe. The lock waits for a submission or another
 * save under way and re-reads the row once it has it (READ COMMITTED), and every write joins the lock's row,
 * so nothing is written to an assessment that has closed. An update applies only where the answer is still at
 * the revision it was based on, re-checked against the newest row version after any wait, and every change to
 * an answer raises its revision: so an update that applies replaces exactly the answer the caller read, and
 * its `before` is true.
 */
async function writeAnswersPostgres(
  trx: Db,
  assessmentId: number,
  at: string,
  writes: AnswerWrite[],
): Promise<Set<string> | "closed"> {
  if (writes.length === 0) return new Set<string>();
  const rows = writes.map((w) => ({ ...w.columns, ...changeRow(w), theme_id: w.themeId, base: w.base }));
  const { rows: written } = await sql<{ question_id: string | null }>`
    with open as (
      select id from assessment where id = ${assessmentId} and status = 'in-progress' for update
    ), w as (
      select * from rows from (
        jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (
          question_id text, theme_id text, base integer, value text, not_applicable_reason text, evidence text,
          evidence_links text, revision integer, updated_by integer, updated_at text, before text, after text
        )
      ) with ordinality as w(question_id, theme_id, base, value, not_applicable_reason, evidence,
        evidence_links, revision, updated_by, updated_at, before, after, n)
    ), updated as (
      update answer a
      set value = w.value, not_applicable_reason = w.not_applicable_reason, evidence = w.evidence,
        evidence_links = w.evidence_links, revision = w.revision, updated_by = w.updated_by,
        updated_at = w.updated_at, carried_from_cycle = null
      from w, open
      where w.base is not null and a.assessment_id = open.id and a.question_id = w.question_id
        and a.revision = w.base
      returning a.question_id
    ), inserted as (
      insert into answer (assessment_id, question_id, theme_id, value, not_applicable_reason, evidence,
        evidence_links, revision, updated_by, updated_at, carried_from_cycle)
      select open.id, question_id, theme_id, value, not_applicable_reason, evidence, evidence_links,
        revision, updated_by, updated_at, null
      from w, open where w.base is null
      on conflict (assessment_id, question_id) do nothing
      returning question_id
    ), written as (
      select question_id from updated union all select question_id from inserted
    ), ${nextVersionCtes(assessmentId, at, sql`exists (select 1 from written)`)}, changed as (
      insert into answer_change (assessment_id, question_id, revision, before, after, changed_by, changed_at, version)
      select next.id, w.question_id, w.revision, w.before, w.after, w.updated_by, w.updated_at, next.version
      from next cross join w join written on written.question_id = w.question_id
      order by w.n
    )
    select question_id from written union all select null from open`.execute(trx);
  // The lock's row comes back as a null question: none means the assessment had closed.
  if (!written.some((r) => r.question_id === null)) return "closed";
  return new Set(written.flatMap((r) => (r.question_id === null ? [] : [r.question_id])));
}

const changeRow = ({ answer, before, columns }: AnswerWrite): AnswerChangeRow => ({
  question_id: answer.questionId,
  revision: columns.revision,
  before,
  after: snapshot(answer),
  changed_by: columns.updated_by,
  changed_at: columns.updated_at,
});

type AnswerColumns = ReturnType<typeof answerColumns>;
const answerColumns = (answer: Answer, revision: number, personId: number, at: string) => ({
  value: answer.value === null ? null : JSON.stringify(answer.value),
  not_applicable_reason: answer.notApplicableReason,
  evidence: answer.evidence,
  evidence_links: JSON.stringify(answer.evidenceLinks),
  revision,
  updated_by: personId,
  updated_at: at,
  // Saving a carried-forward answer, changed or not, is what confirms it.
  carried_from_cycle: null,
});

/**
 * The answers of many assessments (the regional view's Excel download), read in batches. Unconfirmed copies
 * from last cycle are left out: they count as unanswered everywhere.
 */
export async function answersOfAssessments(db: Db, assessmentIds: number[]) {
  const rows: {
    assessment_id: number;
    question_id: string;
    value: string | null;
    not_applicable_reason: string | null;
  }[] = [];
  for (let i = 0; i < assessmentIds.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom("answer")
        .select(["assessment_id", "question_id", "value", "not_applicable_reason"])
        .where("assessment_id", "in", assessmentIds.slice(i, i + 500))
        .where("carried_from_cycle", "is", null)
        .where((eb) => eb.or([eb("value", "is not", null), eb("not_applicable_reason", "is not", null)]))
        .orderBy("assessment_id")
        .execute()),
    );
  }
  return rows;
}
