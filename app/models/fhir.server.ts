import type { Db } from "../../db/database";

/**
 * The version of an assessment's answers, for a QuestionnaireResponse's meta.versionId and ETag: the id of
 * its latest answer change ("0" before any). It only grows, so it can say which revision of each answer a
 * client had seen when it sends a response back (see baseRevisionsAt).
 */
export async function answerVersion(db: Db, assessmentId: number): Promise<string> {
  const row = await db
    .selectFrom("answer_change")
    .select((eb) => eb.fn.max("id").as("latest"))
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirst();
  return String(row?.latest ?? 0);
}

/** Each answer's revision as of an answer version: the base an imported answer was edited from. */
export async function baseRevisionsAt(db: Db, assessmentId: number, version: number) {
  const rows = await db
    .selectFrom("answer_change")
    .select(["question_id", (eb) => eb.fn.max("revision").as("revision")])
    .where("assessment_id", "=", assessmentId)
    .where("id", "<=", version)
    .groupBy("question_id")
    .execute();
  return new Map(rows.map((r) => [r.question_id, Number(r.revision)]));
}
