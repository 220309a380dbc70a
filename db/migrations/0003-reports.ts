import type { Kysely } from "kysely";
import { autoId } from "./columns";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("report")
    .addColumn("id", "integer", autoId(db))
    .addColumn("assessment_id", "integer", (c) => c.notNull().references("assessment.id"))
    .addColumn("organisation_code", "text", (c) => c.notNull().references("organisation.ods_code"))
    .addColumn("questionnaire_id", "text", (c) => c.notNull())
    .addColumn("questionnaire_version", "integer", (c) => c.notNull())
    .addColumn("cycle", "text", (c) => c.notNull())
    .addColumn("scoring_method_version", "text", (c) => c.notNull())
    /** Overall score (0–100) at submission, or null when not scored: for lists and comparisons. */
    .addColumn("overall_score", "real")
    /** The whole report as it was at submission (JSON). Never updated. */
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("report_organisation")
    .on("report")
    .columns(["organisation_code", "questionnaire_id", "cycle"])
    .execute();

  await db.schema
    .createTable("report_sign_off")
    .addColumn("report_id", "integer", (c) => c.primaryKey().references("report.id"))
    .addColumn("person_id", "integer", (c) => c.references("person.id"))
    .addColumn("signed_name", "text", (c) => c.notNull())
    .addColumn("comment", "text", (c) => c.notNull())
    .addColumn("signed_at", "text", (c) => c.notNull())
    .execute();
}
