import type { Db } from "../../db/database";
import type { Answer } from "../assessment/answers";

/**
 * What answers were, from answer_change (every save's before and after, ADR 017): the latest changes a
 * question page shows, who last edited each theme, and answers as they stood at given revisions (a workbook
 * upload's baseline). Saving is in answer.server.ts.
 */

/** How many of an answer's latest changes a page shows (autosave keeps every change, so there can be many). */
export const historyShown = 10;

/** The latest changes of each answer, newest first; every answer's revision says how many there are in all. */
export async function answerHistory(db: Db, assessmentId: number, questionIds: string[]) {
  if (questionIds.length === 0) return [];
  return db
    .selectFrom("answer_change")
    .innerJoin("answer", (join) =>
      join
        .onRef("answer.assessment_id", "=", "answer_change.assessment_id")
        .onRef("answer.question_id", "=", "answer_change.question_id"),
    )
    .leftJoin("person", "person.id", "answer_change.changed_by")
    .where((eb) => eb("answer_change.revision", ">", eb("answer.revision", "-", historyShown)))
    .select([
      "answer_change.question_id",
      "answer_change.revision",
      "answer_change.before",
      "answer_change.after",
      "answer_change.changed_at",
      "person.name as changed_by",
    ])
    .where("answer_change.assessment_id", "=", assessmentId)
    .where("answer_change.question_id", "in", questionIds)
    .orderBy("answer_change.id", "desc")
    .execute();
}

/** Per theme: who last edited an answer in it, and when. */
export async function themeActivity(db: Db, assessmentId: number) {
  const rows = await db
    .selectFrom("answer")
    .leftJoin("person", "person.id", "answer.updated_by")
    .select(["answer.theme_id", "answer.updated_at", "person.name"])
    .where("answer.assessment_id", "=", assessmentId)
    // A copy from last cycle is nobody's edit yet.
    .where("answer.carried_from_cycle", "is", null)
    .orderBy("answer.updated_at", "desc")
    .execute();
  const latest = new Map<string, { at: string; by: string | null }>();
  for (const r of rows) if (!latest.has(r.theme_id)) latest.set(r.theme_id, { at: r.updated_at, by: r.name });
  return latest;
}

/**
 * Answers as they were at given revisions (from answer_change), for a workbook upload to tell an answer left
 * as downloaded from one changed in the workbook. Revision 0, and an unconfirmed copy from last cycle, are
 * "no answer" (null).
 */
export async function answersAtRevisions(
  db: Db,
  assessmentId: number,
  wanted: { questionId: string; revision: number }[],
): Promise<Map<string, Answer | null>> {
  const result = new Map<string, Answer | null>();
  const asked = wanted.filter((w) => w.revision > 0);
  for (const w of wanted) if (w.revision <= 0) result.set(w.questionId, null);
  if (asked.length === 0) return result;
  const rows = await db
    .selectFrom("answer_change")
    .select(["question_id", "revision", "after"])
    .where("assessment_id", "=", assessmentId)
    .where(
      "question_id",
      "in",
      asked.map((w) => w.questionId),
    )
    .execute();
  const revisionOf = new Map(asked.map((w) => [w.questionId, w.revision]));
  for (const row of rows) {
    if (revisionOf.get(row.question_id) !== row.revision) continue;
    const after = JSON.parse(row.after);
    result.set(
      row.question_id,
      after.carriedFromCycle
        ? null
        : {
            questionId: row.question_id,
            value: after.value ?? null,
            notApplicableReason: after.notApplicableReason ?? null,
            evidence: after.evidence ?? "",
            evidenceLinks: after.evidenceLinks ?? [],
          },
    );
  }
  return result;
}
