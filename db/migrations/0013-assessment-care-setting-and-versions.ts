import { inflateRawSync } from "node:zlib";
import { type Kysely, sql } from "kysely";
import { isPostgres } from "./columns";

/**
 * What an assessment was answered under, and the versions of its QuestionnaireResponse.
 * - `assessment.care_setting`: the care setting fixed when the assessment started. Exports and pages of an
 *   assessment use it, so a later change to the organisation's care setting applies only to new assessments.
 *   Existing rows take the care setting their latest saved report records, or else the organisation's.
 * - `assessment.version` and `assessment.last_updated`: a counter and a time written in the same transaction
 *   as every answer change and state move (the assessment's row is locked while they are), so versions are
 *   in commit order on both dialects; `assessment_version` keeps one row per version (its status and time),
 *   and `answer_change.version` says in which version each change was made, so any version can be rebuilt.
 *   History before this migration is one version: each existing assessment as it stands.
 */

/** Report labels as saved reports spell them (frozen here: a migration never follows the app). */
const settingOfLabel: Record<string, string> = {
  Acute: "acute",
  "Specialist acute": "specialist-acute",
  "Mental health": "mental-health",
  Community: "community",
  Ambulance: "ambulance",
  "Integrated care board": "icb",
  Other: "other",
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema
    .alterTable("assessment")
    .addColumn("care_setting", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("assessment")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable("assessment")
    .addColumn("last_updated", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("answer_change")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable("assessment_version")
    .addColumn("assessment_id", "integer", (c) => c.notNull().references("assessment.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("last_updated", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("assessment_version_pk", ["assessment_id", "version"])
    .execute();

  await sql`update assessment set care_setting = (
    select care_setting from organisation where organisation.ods_code = assessment.organisation_code)`.execute(
    db,
  );
  // A submitted or signed-off assessment says in its latest saved report what it was answered as.
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; assessment_id: number; content: string }>`
      select r.id, r.assessment_id, r.content from report r
      where r.id > ${after}
        and r.id = (select max(r2.id) from report r2 where r2.assessment_id = r.assessment_id)
      order by r.id limit 200`.execute(db);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    for (const row of rows) {
      const json = row.content.startsWith("z:")
        ? inflateRawSync(Buffer.from(row.content.slice(2), "base64")).toString("utf8")
        : row.content;
      let label: unknown;
      try {
        label = (JSON.parse(json) as { organisation?: { careSetting?: unknown } }).organisation?.careSetting;
      } catch {
        continue;
      }
      const setting = typeof label === "string" ? settingOfLabel[label] : undefined;
      if (setting)
        await sql`update assessment set care_setting = ${setting}
          where id = ${row.assessment_id} and status <> 'in-progress'`.execute(db);
    }
  }

  // The latest of: the last state move, the last answer written, the last answer change.
  await sql`update assessment set last_updated = updated_at`.execute(db);
  for (const table of ["answer", "answer_change"] as const) {
    const column = table === "answer" ? "updated_at" : "changed_at";
    await sql`update assessment set last_updated = (
        select max(${sql.ref(column)}) from ${sql.table(table)} t where t.assessment_id = assessment.id)
      where last_updated < (
        select max(${sql.ref(column)}) from ${sql.table(table)} t where t.assessment_id = assessment.id)`.execute(
      db,
    );
  }
  await sql`insert into assessment_version (assessment_id, version, status, last_updated)
    select id, 1, status, last_updated from assessment`.execute(db);
  await db.schema
    .createIndex("assessment_last_updated")
    .on("assessment")
    .columns(["last_updated", "id"])
    .execute();
  if (postgres) {
    // Only SQLite needs a default to add a NOT NULL column: on PostgreSQL every insert must say them.
    await sql`alter table assessment alter column care_setting drop default`.execute(db);
    await sql`alter table assessment alter column last_updated drop default`.execute(db);
  }
}
