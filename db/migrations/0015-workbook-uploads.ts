import type { Kysely } from "kysely";
import { autoId } from "./columns";

/**
 * An uploaded assessment workbook's preview, kept on the server between the upload and the person's
 * confirmation (the browser sends back only its id): what would change, what is invalid, the conflicts, and
 * the answers to save. Only the person who uploaded it may confirm it, once, within a day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("workbook_upload")
    .addColumn("id", "integer", autoId(db))
    .addColumn("assessment_id", "integer", (c) => c.notNull().references("assessment.id"))
    .addColumn("person_id", "integer", (c) => c.notNull().references("person.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    /** The preview as JSON (app/workbook/preview.ts `Preview`). */
    .addColumn("preview", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .execute();
  await db.schema
    .createIndex("workbook_upload_by_assessment")
    .on("workbook_upload")
    .columns(["assessment_id", "person_id"])
    .execute();
  await db.schema.createIndex("workbook_upload_by_age").on("workbook_upload").column("created_at").execute();
}
