import { type Kysely, sql } from "kysely";
import { isPostgres } from "./columns";

/**
 * For several servers on one database (PostgreSQL):
 * - Scores are doubles in SQLite ("real" there is 8 bytes); PostgreSQL's "real" is 4 bytes, which would
 *   round them differently. Migrations 0003/0004 created them as "real", so on PostgreSQL they become double
 *   precision; SQLite is unchanged. New migrations use `float64()` from ./columns.
 * - A person holds each role (for an organisation or region) once: a unique index instead of a check before
 *   the insert, which two servers could both pass. Any duplicates already granted are removed first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table report alter column overall_score type double precision`.execute(db);
    await sql`alter table report_score alter column score type double precision`.execute(db);
  }
  await sql`delete from role_assignment where id not in (
    select min(id) from role_assignment
    group by person_id, role, coalesce(organisation_code, ''), coalesce(region_code, ''))`.execute(db);
  await sql`create unique index role_assignment_unique on role_assignment
    (person_id, role, coalesce(organisation_code, ''), coalesce(region_code, ''))`.execute(db);
}
