import type { Kysely } from "kysely";

/** Indexes for reading a whole cycle at national scale (the regional view, benchmark refreshes). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("report_cycle")
    .on("report")
    .columns(["questionnaire_id", "cycle", "organisation_code"])
    .execute();
  await db.schema
    .createIndex("assessment_cycle")
    .on("assessment")
    .columns(["questionnaire_id", "cycle", "organisation_code"])
    .execute();
}
