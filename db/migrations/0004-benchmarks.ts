import { type Kysely, sql } from "kysely";
import { autoId } from "./columns";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Theme and overall scores of each saved report, written at submission, so benchmarks read numbers not JSON.
  await db.schema
    .createTable("report_score")
    .addColumn("report_id", "integer", (c) => c.notNull().references("report.id"))
    .addColumn("theme_id", "text", (c) => c.notNull())
    .addColumn("score", "real", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_score_pk", ["report_id", "theme_id"])
    .execute();

  await db.schema
    .createTable("assessment_validation")
    .addColumn("assessment_id", "integer", (c) => c.primaryKey().references("assessment.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('validated', 'queried')`))
    .addColumn("person_id", "integer", (c) => c.references("person.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("assessment_query")
    .addColumn("id", "integer", autoId(db))
    .addColumn("assessment_id", "integer", (c) => c.notNull().references("assessment.id"))
    .addColumn("person_id", "integer", (c) => c.references("person.id"))
    .addColumn("from_role", "text", (c) => c.notNull().check(sql`from_role in ('analyst', 'organisation')`))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("assessment_query_assessment")
    .on("assessment_query")
    .column("assessment_id")
    .execute();

  await db.schema
    .createTable("peer_group")
    .addColumn("id", "integer", autoId(db))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("region_code", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("person.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("peer_group_member")
    .addColumn("peer_group_id", "integer", (c) => c.notNull().references("peer_group.id").onDelete("cascade"))
    .addColumn("organisation_code", "text", (c) => c.notNull().references("organisation.ods_code"))
    .addPrimaryKeyConstraint("peer_group_member_pk", ["peer_group_id", "organisation_code"])
    .execute();

  // Sorted scores of each peer group, per theme, kept current at submission and validation, so a page view
  // reads one row per theme instead of recomputing the nation.
  await db.schema
    .createTable("benchmark")
    .addColumn("questionnaire_id", "text", (c) => c.notNull())
    .addColumn("cycle", "text", (c) => c.notNull())
    .addColumn("basis", "text", (c) => c.notNull().check(sql`basis in ('submitted', 'validated')`))
    .addColumn("group_key", "text", (c) => c.notNull())
    .addColumn("theme_id", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    /** JSON array of the group's scores, ascending. */
    .addColumn("scores", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("benchmark_pk", ["questionnaire_id", "cycle", "basis", "group_key", "theme_id"])
    .execute();
}
