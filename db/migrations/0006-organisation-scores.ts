import type { Kysely } from "kysely";

/**
 * Each organisation's current scores for a questionnaire and cycle: those of its latest report whose
 * assessment is submitted or signed off. Kept current at submission, return and validation, so the regional
 * view reads one row per organisation instead of finding the latest report of each.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("organisation_score")
    .addColumn("questionnaire_id", "text", (c) => c.notNull())
    .addColumn("cycle", "text", (c) => c.notNull())
    .addColumn("organisation_code", "text", (c) => c.notNull().references("organisation.ods_code"))
    .addColumn("report_id", "integer", (c) => c.notNull().references("report.id"))
    .addColumn("validated", "integer", (c) => c.notNull())
    /** JSON object: theme id (and "overall") → score. */
    .addColumn("scores", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("organisation_score_pk", ["questionnaire_id", "cycle", "organisation_code"])
    .execute();
}
