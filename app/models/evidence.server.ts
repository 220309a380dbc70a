import { type Db, likeIgnoringCase } from "../../db/database";
import type { EvidenceItemInput } from "../evidence/schemas";
import { type EvidenceStatus, statusBounds } from "../evidence/status";
import { type Actor, recordAuditEvent } from "./audit.server";
import { type CiteAt, insertCitation } from "./evidence-citation.server";

export type { CiteAt } from "./evidence-citation.server";

/**
 * The evidence library's items and citations (issue 23): plain functions of (db, …), every one scoped to an
 * organisation in its query (an item of another organisation is never found, and the database refuses a
 * citation across organisations: migration 0019). Writes that belong together share a transaction; edits
 * follow the answers' revision rule (ADR 005). Citations are app/models/evidence-citation.server.ts, files
 * app/models/evidence-file.server.ts.
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

/** An organisation's items (not deleted) tagged with framework outcomes: what it holds for "B4.a". */
export async function taggedEvidence(db: Db, organisationCode: string) {
  return db
    .selectFrom("evidence_outcome")
    .innerJoin("evidence_item", "evidence_item.id", "evidence_outcome.evidence_item_id")
    .select([
      "evidence_outcome.outcome_code",
      "evidence_item.id",
      "evidence_item.title",
      "evidence_item.review_by",
    ])
    .where("evidence_item.organisation_code", "=", organisationCode)
    .where("evidence_item.deleted_at", "is", null)
    .orderBy("evidence_item.title")
    .execute();
}
