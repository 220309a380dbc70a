import type { Kysely } from "kysely";
import { autoId, isPostgres } from "./columns";

/**
 * The evidence library (issue 23): an organisation's evidence items with their files, the answers that cite
 * them, and the framework outcomes they are tagged with. Items are soft-deleted (`deleted_at`), so a report
 * frozen at submission can still show what it cited.
 *
 * Same organisation is enforced by the database, not only by the queries: a citation names the organisation
 * twice, once with the assessment and once with the item, and each pair must exist (`assessment_id_organisation`
 * and `evidence_item_organisation` are unique indexes the foreign keys point at). Citing another
 * organisation's item cannot be written, whatever the code above does.
 *
 * Today's free-text evidence and links stay in `answer.evidence` and `answer.evidence_links`, untouched: no
 * word or link is moved or lost. The question page offers them as an item on first use (ADR 022).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const blob = isPostgres(db) ? "bytea" : "blob";

  await db.schema
    .createIndex("assessment_id_organisation")
    .on("assessment")
    .columns(["id", "organisation_code"])
    .unique()
    .execute();

  await db.schema
    .createTable("evidence_item")
    .addColumn("id", "integer", autoId(db))
    .addColumn("organisation_code", "text", (c) => c.notNull().references("organisation.ods_code"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    /** A person of the organisation, or a named role (owner_role) when the owner has no account. */
    .addColumn("owner_person_id", "integer", (c) => c.references("person.id"))
    .addColumn("owner_role", "text")
    /** Dates, YYYY-MM-DD: when the evidence was produced, and when it must be reviewed by. */
    .addColumn("produced_on", "text", (c) => c.notNull())
    .addColumn("review_by", "text", (c) => c.notNull())
    /** Web addresses, a JSON array. */
    .addColumn("links", "text", (c) => c.notNull().defaultTo("[]"))
    /** Raised by every change: two people editing one item follow the answers' rule (ADR 005). */
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("person.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text")
    .execute();
  await db.schema
    .createIndex("evidence_item_organisation")
    .on("evidence_item")
    .columns(["id", "organisation_code"])
    .unique()
    .execute();
  await db.schema
    .createIndex("evidence_item_register")
    .on("evidence_item")
    .columns(["organisation_code", "review_by"])
    .execute();

  await db.schema
    .createTable("evidence_file")
    .addColumn("id", "integer", autoId(db))
    .addColumn("evidence_item_id", "integer", (c) => c.notNull())
    .addColumn("organisation_code", "text", (c) => c.notNull())
    /** A safe name (no path separators or control characters), with the extension of its sniffed type. */
    .addColumn("file_name", "text", (c) => c.notNull())
    /** The type decided by sniffing the content (app/evidence/sniff.ts), never the one the browser sent. */
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", blob, (c) => c.notNull())
    .addColumn("uploaded_by", "integer", (c) => c.references("person.id"))
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text")
    .addForeignKeyConstraint(
      "evidence_file_item_fk",
      ["evidence_item_id", "organisation_code"],
      "evidence_item",
      ["id", "organisation_code"],
    )
    .execute();
  await db.schema
    .createIndex("evidence_file_item")
    .on("evidence_file")
    .columns(["evidence_item_id"])
    .execute();
  await db.schema
    .createIndex("evidence_file_organisation")
    .on("evidence_file")
    .columns(["organisation_code"])
    .execute();

  await db.schema
    .createTable("evidence_citation")
    .addColumn("assessment_id", "integer", (c) => c.notNull())
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("theme_id", "text", (c) => c.notNull())
    .addColumn("evidence_item_id", "integer", (c) => c.notNull())
    .addColumn("organisation_code", "text", (c) => c.notNull())
    .addColumn("cited_by", "integer", (c) => c.references("person.id"))
    .addColumn("cited_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("evidence_citation_pk", ["assessment_id", "question_id", "evidence_item_id"])
    .addForeignKeyConstraint(
      "evidence_citation_assessment_fk",
      ["assessment_id", "organisation_code"],
      "assessment",
      ["id", "organisation_code"],
    )
    .addForeignKeyConstraint(
      "evidence_citation_item_fk",
      ["evidence_item_id", "organisation_code"],
      "evidence_item",
      ["id", "organisation_code"],
    )
    .execute();
  await db.schema
    .createIndex("evidence_citation_item")
    .on("evidence_citation")
    .columns(["evidence_item_id"])
    .execute();

  await db.schema
    .createTable("evidence_outcome")
    .addColumn("evidence_item_id", "integer", (c) => c.notNull().references("evidence_item.id"))
    /** A framework outcome's code, checked for shape only: "B4.a" (CAF), "wgll:well-led" (WGLL). */
    .addColumn("outcome_code", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("evidence_outcome_pk", ["evidence_item_id", "outcome_code"])
    .execute();
  await db.schema
    .createIndex("evidence_outcome_code")
    .on("evidence_outcome")
    .columns(["outcome_code"])
    .execute();
}
