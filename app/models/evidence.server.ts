import { type Db, likeIgnoringCase } from "../../db/database";
import type { EvidenceItemInput } from "../evidence/schemas";
import { type EvidenceStatus, statusBounds } from "../evidence/status";
import { type Actor, recordAuditEvent } from "./audit.server";

/**
 * The evidence library's items and citations (issue 23): plain functions of (db, …), every one scoped to an
 * organisation in its query (an item of another organisation is never found, and the database refuses a
 * citation across organisations: migration 0018). Writes that belong together share a transaction; edits
 * follow the answers' revision rule (ADR 005). Files are app/models/evidence-file.server.ts.
 */

export type ItemWrite = Omit<EvidenceItemInput, "revision" | "cite">;

export interface EvidenceItem {
  id: number;
  organisationCode: string;
  title: string;
  description: string;
  ownerPersonId: number | null;
  ownerRole: string | null;
  owner: string;
  producedOn: string;
  reviewBy: string;
  links: string[];
  outcomes: string[];
  revision: number;
  updatedAt: string;
  deletedAt: string | null;
}

const itemColumns = [
  "evidence_item.id",
  "evidence_item.organisation_code",
  "evidence_item.title",
  "evidence_item.description",
  "evidence_item.owner_person_id",
  "evidence_item.owner_role",
  "evidence_item.produced_on",
  "evidence_item.review_by",
  "evidence_item.links",
  "evidence_item.revision",
  "evidence_item.updated_at",
  "evidence_item.deleted_at",
  "person.name as owner_name",
] as const;

type ItemRow = {
  id: number;
  organisation_code: string;
  title: string;
  description: string;
  owner_person_id: number | null;
  owner_role: string | null;
  produced_on: string;
  review_by: string;
  links: string;
  revision: number;
  updated_at: string;
  deleted_at: string | null;
  owner_name: string | null;
};

const toItem = (row: ItemRow, outcomes: string[]): EvidenceItem => ({
  id: row.id,
  organisationCode: row.organisation_code,
  title: row.title,
  description: row.description,
  ownerPersonId: row.owner_person_id,
  ownerRole: row.owner_role,
  owner: row.owner_name ?? row.owner_role ?? "",
  producedOn: row.produced_on,
  reviewBy: row.review_by,
  links: JSON.parse(row.links) as string[],
  outcomes,
  revision: row.revision,
  updatedAt: row.updated_at,
  deletedAt: row.deleted_at,
});

const itemsQuery = (db: Db, organisationCode: string) =>
  db
    .selectFrom("evidence_item")
    .leftJoin("person", "person.id", "evidence_item.owner_person_id")
    .where("evidence_item.organisation_code", "=", organisationCode);

async function outcomesOf(db: Db, ids: readonly number[]) {
  const byItem = new Map<number, string[]>();
  if (ids.length === 0) return byItem;
  const rows = await db
    .selectFrom("evidence_outcome")
    .select(["evidence_item_id", "outcome_code"])
    .where("evidence_item_id", "in", ids)
    .orderBy("outcome_code")
    .execute();
  for (const r of rows)
    byItem.set(r.evidence_item_id, [...(byItem.get(r.evidence_item_id) ?? []), r.outcome_code]);
  return byItem;
}

/**
 * An item of the organisation. A deleted one is found only when `deleted` says so: its page shows it while a
 * submitted assessment cites it (the report is frozen), and nowhere else.
 */
export async function getEvidenceItem(
  db: Db,
  organisationCode: string,
  id: number,
  { deleted = false } = {},
): Promise<EvidenceItem | undefined> {
  let query = itemsQuery(db, organisationCode).select(itemColumns).where("evidence_item.id", "=", id);
  if (!deleted) query = query.where("evidence_item.deleted_at", "is", null);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return toItem(row, (await outcomesOf(db, [row.id])).get(row.id) ?? []);
}

const ownerColumns = (input: ItemWrite) =>
  "personId" in input.owner
    ? { owner_person_id: input.owner.personId, owner_role: null }
    : { owner_person_id: null, owner_role: input.owner.role };

async function writeOutcomes(trx: Db, itemId: number, outcomes: readonly string[]) {
  await trx.deleteFrom("evidence_outcome").where("evidence_item_id", "=", itemId).execute();
  if (outcomes.length > 0)
    await trx
      .insertInto("evidence_outcome")
      .values(outcomes.map((outcome_code) => ({ evidence_item_id: itemId, outcome_code })))
      .execute();
}

export interface CiteAt {
  assessmentId: number;
  questionId: string;
  themeId: string;
}

/** A new item, and, when added from a question, its citation there: one transaction, audited. */
export async function createEvidenceItem(
  db: Db,
  organisationCode: string,
  input: ItemWrite,
  actor: Actor,
  now: Date,
  citeAt?: CiteAt,
): Promise<number> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("evidence_item")
      .values({
        organisation_code: organisationCode,
        title: input.title,
        description: input.description,
        ...ownerColumns(input),
        produced_on: input.producedOn,
        review_by: input.reviewBy,
        links: JSON.stringify(input.links),
        revision: 1,
        created_by: actor.personId,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeOutcomes(trx, id, input.outcomes);
    await recordAuditEvent(
      trx,
      {
        action: "evidence.item-added",
        personId: actor.personId,
        subject: `${organisationCode}/evidence/${id}`,
        details: { title: input.title },
        address: actor.address,
      },
      now,
    );
    if (citeAt) await insertCitation(trx, organisationCode, id, citeAt, actor, now);
    return id;
  });
}

export type ItemUpdate =
  | { outcome: "saved" }
  | { outcome: "conflict"; current: EvidenceItem }
  | { outcome: "missing" };

/** Changes an item from the revision it was opened at; a stale revision writes nothing and returns theirs. */
export async function updateEvidenceItem(
  db: Db,
  organisationCode: string,
  id: number,
  input: ItemWrite,
  baseRevision: number,
  actor: Actor,
  now: Date,
): Promise<ItemUpdate> {
  const at = now.toISOString();
  const result = await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("evidence_item")
      .set((eb) => ({
        title: input.title,
        description: input.description,
        ...ownerColumns(input),
        produced_on: input.producedOn,
        review_by: input.reviewBy,
        links: JSON.stringify(input.links),
        revision: eb("revision", "+", 1),
        updated_at: at,
      }))
      .where("id", "=", id)
      .where("organisation_code", "=", organisationCode)
      .where("revision", "=", baseRevision)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await writeOutcomes(trx, id, input.outcomes);
    await recordAuditEvent(
      trx,
      {
        action: "evidence.item-changed",
        personId: actor.personId,
        subject: `${organisationCode}/evidence/${id}`,
        details: { revision: baseRevision + 1 },
        address: actor.address,
      },
      now,
    );
    return true;
  });
  if (result) return { outcome: "saved" };
  const current = await getEvidenceItem(db, organisationCode, id);
  return current ? { outcome: "conflict", current } : { outcome: "missing" };
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

/**
 * Deletes an item softly: it leaves the register, searches and open assessments (their citations of it are
 * removed in the same transaction), and stays for the reports of submitted assessments that cite it.
 */
export async function deleteEvidenceItem(
  db: Db,
  organisationCode: string,
  id: number,
  actor: Actor,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .updateTable("evidence_item")
      .set((eb) => ({ deleted_at: at, updated_at: at, revision: eb("revision", "+", 1) }))
      .where("id", "=", id)
      .where("organisation_code", "=", organisationCode)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (Number(deleted.numUpdatedRows) !== 1) return false;
    const open = trx
      .selectFrom("assessment")
      .select("id")
      .where("organisation_code", "=", organisationCode)
      .where("status", "=", "in-progress");
    const removed = await trx
      .deleteFrom("evidence_citation")
      .where("evidence_item_id", "=", id)
      .where("assessment_id", "in", open)
      .executeTakeFirst();
    await recordAuditEvent(
      trx,
      {
        action: "evidence.item-deleted",
        personId: actor.personId,
        subject: `${organisationCode}/evidence/${id}`,
        details: { openCitationsRemoved: Number(removed.numDeletedRows) },
        address: actor.address,
      },
      now,
    );
    return true;
  });
}

async function insertCitation(
  trx: Db,
  organisationCode: string,
  itemId: number,
  at: CiteAt,
  actor: Actor,
  now: Date,
) {
  // The organisation is written with both the assessment and the item; the foreign keys refuse the row
  // unless both are that organisation's (migration 0018). The item must not be deleted.
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

export interface RegisterFilter {
  status: EvidenceStatus | "";
  owner: string;
  theme: string;
  outcome: string;
  q: string;
}

/** The register's rows on `today`, filtered and paged in SQL (a page, or every row for the CSV). */
export async function evidenceRegister(
  db: Db,
  organisationCode: string,
  filter: RegisterFilter,
  today: string,
  dueWindowDays: number,
  page?: { size: number; number: number },
) {
  const { dueUntil } = statusBounds(today, dueWindowDays);
  let query = itemsQuery(db, organisationCode).where("evidence_item.deleted_at", "is", null);
  if (filter.status === "expired") query = query.where("evidence_item.review_by", "<", today);
  if (filter.status === "due")
    query = query
      .where("evidence_item.review_by", ">=", today)
      .where("evidence_item.review_by", "<=", dueUntil);
  if (filter.status === "current") query = query.where("evidence_item.review_by", ">", dueUntil);
  if (filter.owner.startsWith("person:"))
    query = query.where("evidence_item.owner_person_id", "=", Number(filter.owner.slice(7)));
  else if (filter.owner.startsWith("role:"))
    query = query.where("evidence_item.owner_role", "=", filter.owner.slice(5));
  if (filter.theme)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("evidence_citation")
          .select("evidence_citation.evidence_item_id")
          .whereRef("evidence_citation.evidence_item_id", "=", "evidence_item.id")
          .where("evidence_citation.theme_id", "=", filter.theme),
      ),
    );
  if (filter.outcome)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("evidence_outcome")
          .select("evidence_outcome.evidence_item_id")
          .whereRef("evidence_outcome.evidence_item_id", "=", "evidence_item.id")
          .where("evidence_outcome.outcome_code", "=", filter.outcome),
      ),
    );
  if (filter.q) {
    const like = likeIgnoringCase(db);
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("evidence_item.title", like, pattern),
        eb("evidence_item.owner_role", like, pattern),
        eb("person.name", like, pattern),
        eb.exists(
          eb
            .selectFrom("evidence_outcome")
            .select("evidence_outcome.evidence_item_id")
            .whereRef("evidence_outcome.evidence_item_id", "=", "evidence_item.id")
            .where("evidence_outcome.outcome_code", like, pattern),
        ),
      ]),
    );
  }
  const total = Number(
    (await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst())?.n ?? 0,
  );
  let rowsQuery = query
    .select(itemColumns)
    .orderBy("evidence_item.review_by")
    .orderBy("evidence_item.title")
    .orderBy("evidence_item.id");
  if (page) rowsQuery = rowsQuery.limit(page.size).offset((page.number - 1) * page.size);
  const rows = await rowsQuery.execute();
  const outcomes = await outcomesOf(
    db,
    rows.map((r) => r.id),
  );
  return { total, items: rows.map((r) => toItem(r, outcomes.get(r.id) ?? [])) };
}

/** The owners the register can be filtered by: people and named roles that own an item. */
export async function evidenceOwners(db: Db, organisationCode: string) {
  const rows = await itemsQuery(db, organisationCode)
    .select(["evidence_item.owner_person_id", "evidence_item.owner_role", "person.name as owner_name"])
    .distinct()
    .where("evidence_item.deleted_at", "is", null)
    .execute();
  return rows
    .map((r) =>
      r.owner_person_id !== null
        ? { value: `person:${r.owner_person_id}`, label: r.owner_name ?? "" }
        : { value: `role:${r.owner_role ?? ""}`, label: r.owner_role ?? "" },
    )
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
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
