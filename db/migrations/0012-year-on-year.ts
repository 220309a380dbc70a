import { type Kysely, sql } from "kysely";

/**
 * Year-on-year assessments.
 * - An answer copied from the previous cycle is marked with that cycle until someone confirms or changes it;
 *   until then it is not an answer (not scored, not counted, not exported).
 * - One assessment per organisation, questionnaire and cycle, enforced by the database: a returned
 *   assessment reopens, so a second one is never needed, and none may start once a cycle is signed off.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("answer").addColumn("carried_from_cycle", "text").execute();

  const duplicates = await sql<{ organisation_code: string; questionnaire_id: string; cycle: string }>`
    select organisation_code, questionnaire_id, cycle from assessment
    group by organisation_code, questionnaire_id, cycle having count(*) > 1`.execute(db);
  if (duplicates.rows.length > 0) {
    const list = duplicates.rows
      .slice(0, 10)
      .map((d) => `${d.organisation_code} ${d.questionnaire_id} ${d.cycle}`)
      .join("; ");
    throw new Error(
      `Migration 0012 needs one assessment per organisation, questionnaire and cycle, and ${duplicates.rows.length} have more (${list}). Decide which to keep before upgrading.`,
    );
  }
  await db.schema
    .createIndex("assessment_one_per_cycle")
    .on("assessment")
    .columns(["organisation_code", "questionnaire_id", "cycle"])
    .unique()
    .execute();
}
