import type { Db } from "../../db/database";
import { type Actor, recordAuditEvent } from "./audit.server";

/**
 * Citations of evidence items by answers (issue 23): an answer (assessment, question) citing an item of the
 * same organisation, which the database itself insists on (migration 0019). Items are
 * app/models/evidence.server.ts.
 */
export interface CiteAt {
  assessmentId: number;
  questionId: string;
  themeId: string;
}

/** Citations of an item in assessments still in progress: what deleting it would remove. */
export async function openCitationCount(db: Db, organisationCode: string, id: number): Promise<number> {
  const row = await db
    .selectFrom("evidence_citation")
    .innerJoin("assessment", "assessment.id", "evidence_citation.assessment_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("evidence_citation.organisation_code", "=", organisationCode)
    .where("evidence_citation.evidence_item_id", "=", id)
    .where("assessment.status", "=", "in-progress")
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertCitation(
  trx: Db,
  organisationCode: string,
  itemId: number,
  at: CiteAt,
  actor: Actor,
  now: Date,
) {
  // The organisation is written with both the assessment and the item; the foreign keys refuse the row
  // unless both are that organisation's (migration 0019). The item must not be deleted.
  const inserted = await trx
    .insertInto("evidence_citation")
    .columns([
      "assessment_id",
      "question_id",
      "theme_id",
      "evidence_item_id",
      "organisation_code",
      "cited_by",
      "cited_at",
    ])
    .expression((eb) =>
      eb
        .selectFrom("evidence_item")
        .select((s) => [
          s.val(at.assessmentId).as("assessment_id"),
          s.val(at.questionId).as("question_id"),
          s.val(at.themeId).as("theme_id"),
          "evidence_item.id",
          "evidence_item.organisation_code",
          s.val(actor.personId).as("cited_by"),
          s.val(now.toISOString()).as("cited_at"),
        ])
        .where("evidence_item.id", "=", itemId)
        .where("evidence_item.organisation_code", "=", organisationCode)
        .where("evidence_item.deleted_at", "is", null)
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom("evidence_citation")
                .select("evidence_citation.evidence_item_id")
                .where("evidence_citation.assessment_id", "=", at.assessmentId)
                .where("evidence_citation.question_id", "=", at.questionId)
                .where("evidence_citation.evidence_item_id", "=", itemId),
            ),
          ),
        ),
    )
    .returning("evidence_item_id")
    .execute();
  const written = inserted.length === 1;
  if (written)
    await recordAuditEvent(
      trx,
      {
        action: "evidence.cited",
        personId: actor.personId,
        subject: `assessment/${at.assessmentId}/${at.questionId}`,
        details: { evidenceItemId: itemId },
        address: actor.address,
      },
      now,
    );
  return written;
}

export type CiteResult = "cited" | "already" | "not-found";

/** Cites an item of the organisation from a question of one of its open assessments. */
export async function citeEvidence(
  db: Db,
  organisationCode: string,
  itemId: number,
  at: CiteAt,
  actor: Actor,
  now: Date,
): Promise<CiteResult> {
  return db.transaction().execute(async (trx) => {
    if (await insertCitation(trx, organisationCode, itemId, at, actor, now)) return "cited";
    const exists = await trx
      .selectFrom("evidence_citation")
      .select("evidence_item_id")
      .where("assessment_id", "=", at.assessmentId)
      .where("question_id", "=", at.questionId)
      .where("evidence_item_id", "=", itemId)
      .executeTakeFirst();
    return exists ? "already" : "not-found";
  });
}

export async function unciteEvidence(
  db: Db,
  organisationCode: string,
  itemId: number,
  at: Omit<CiteAt, "themeId">,
  actor: Actor,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("evidence_citation")
      .where("assessment_id", "=", at.assessmentId)
      .where("question_id", "=", at.questionId)
      .where("evidence_item_id", "=", itemId)
      .where("organisation_code", "=", organisationCode)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) return false;
    await recordAuditEvent(
      trx,
      {
        action: "evidence.uncited",
        personId: actor.personId,
        subject: `assessment/${at.assessmentId}/${at.questionId}`,
        details: { evidenceItemId: itemId },
        address: actor.address,
      },
      now,
    );
    return true;
  });
}

export interface Citation {
  questionId: string;
  themeId: string;
  itemId: number;
  title: string;
  owner: string;
  reviewBy: string;
  links: string[];
  deletedAt: string | null;
}

/**
 * An assessment's citations (of some questions, or all), with what a question shows of each item. Deleted
 * items are included: a submitted assessment's citations are its frozen record (deletion removes open ones).
 */
export async function citationsOf(db: Db, assessmentId: number, questionIds?: readonly string[]) {
  if (questionIds && questionIds.length === 0) return [] as Citation[];
  let query = db
    .selectFrom("evidence_citation")
    .innerJoin("evidence_item", "evidence_item.id", "evidence_citation.evidence_item_id")
    .leftJoin("person", "person.id", "evidence_item.owner_person_id")
    .select([
      "evidence_citation.question_id",
      "evidence_citation.theme_id",
      "evidence_item.id",
      "evidence_item.title",
      "evidence_item.owner_role",
      "person.name as owner_name",
      "evidence_item.review_by",
      "evidence_item.links",
      "evidence_item.deleted_at",
    ])
    .where("evidence_citation.assessment_id", "=", assessmentId);
  if (questionIds) query = query.where("evidence_citation.question_id", "in", questionIds);
  const rows = await query.orderBy("evidence_citation.question_id").orderBy("evidence_item.title").execute();
  return rows.map(
    (r): Citation => ({
      questionId: r.question_id,
      themeId: r.theme_id,
      itemId: r.id,
      title: r.title,
      owner: r.owner_name ?? r.owner_role ?? "",
      reviewBy: r.review_by,
      links: JSON.parse(r.links) as string[],
      deletedAt: r.deleted_at,
    }),
  );
}

/** Where an item is cited: each assessment's cycle and state, and the question. */
export async function citersOf(db: Db, organisationCode: string, itemIds: readonly number[]) {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom("evidence_citation")
    .innerJoin("assessment", "assessment.id", "evidence_citation.assessment_id")
    .select([
      "evidence_citation.evidence_item_id as itemId",
      "evidence_citation.assessment_id as assessmentId",
      "evidence_citation.question_id as questionId",
      "evidence_citation.theme_id as themeId",
      "assessment.cycle",
      "assessment.status",
    ])
    .where("evidence_citation.organisation_code", "=", organisationCode)
    .where("evidence_citation.evidence_item_id", "in", itemIds)
    .orderBy("assessment.cycle", "desc")
    .orderBy("evidence_citation.question_id")
    .execute();
}

/** Whether a submitted (or signed-off) assessment cites the item: a deleted item stays readable then. */
export async function citedBySubmitted(db: Db, organisationCode: string, itemId: number) {
  const row = await db
    .selectFrom("evidence_citation")
    .innerJoin("assessment", "assessment.id", "evidence_citation.assessment_id")
    .select("evidence_citation.evidence_item_id")
    .where("evidence_citation.organisation_code", "=", organisationCode)
    .where("evidence_citation.evidence_item_id", "=", itemId)
    .where("assessment.status", "in", ["submitted", "signed-off"])
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Copies last cycle's citations with the answers copied forward (inside the start's transaction): each
 * question carried from `fromQuestionId` cites what that one cited, deleted items excepted.
 */
export async function copyCitations(
  trx: Db,
  assessmentId: number,
  fromAssessmentId: number,
  questions: readonly { questionId: string; themeId: string; fromQuestionId: string }[],
  actor: Actor,
  at: string,
) {
  if (questions.length === 0) return 0;
  const source = await trx
    .selectFrom("evidence_citation")
    .innerJoin("evidence_item", "evidence_item.id", "evidence_citation.evidence_item_id")
    .select([
      "evidence_citation.question_id",
      "evidence_citation.evidence_item_id",
      "evidence_citation.organisation_code",
    ])
    .where("evidence_citation.assessment_id", "=", fromAssessmentId)
    .where("evidence_item.deleted_at", "is", null)
    .execute();
  const rows = questions.flatMap((q) =>
    source
      .filter((s) => s.question_id === q.fromQuestionId)
      .map((s) => ({
        assessment_id: assessmentId,
        question_id: q.questionId,
        theme_id: q.themeId,
        evidence_item_id: s.evidence_item_id,
        organisation_code: s.organisation_code,
        cited_by: actor.personId,
        cited_at: at,
      })),
  );
  if (rows.length > 0) await trx.insertInto("evidence_citation").values(rows).execute();
  return rows.length;
}
