import { type Kysely, sql } from "kysely";
import { autoId } from "./columns";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("questionnaire_version")
    .addColumn("questionnaire_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'published', 'retired')`))
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("loaded_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("questionnaire_version_pk", ["questionnaire_id", "version"])
    .execute();

  await db.schema
    .createTable("assessment")
    .addColumn("id", "integer", autoId(db))
    .addColumn("organisation_code", "text", (c) => c.notNull().references("organisation.ods_code"))
    .addColumn("questionnaire_id", "text", (c) => c.notNull())
    .addColumn("questionnaire_version", "integer", (c) => c.notNull())
    .addColumn("cycle", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('in-progress', 'submitted', 'signed-off')`),
    )
    .addColumn("started_by", "integer", (c) => c.references("person.id"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addForeignKeyConstraint(
      "assessment_questionnaire_version_fk",
      ["questionnaire_id", "questionnaire_version"],
      "questionnaire_version",
      ["questionnaire_id", "version"],
    )
    .execute();
  await db.schema
    .createIndex("assessment_one_open")
    .on("assessment")
    .columns(["organisation_code", "questionnaire_id", "cycle"])
    .unique()
    .where(sql.ref("status"), "=", "in-progress")
    .execute();
  await db.schema
    .createIndex("assessment_organisation")
    .on("assessment")
    .columns(["organisation_code", "cycle"])
    .execute();

  await db.schema
    .createTable("answer")
    .addColumn("assessment_id", "integer", (c) => c.notNull().references("assessment.id").onDelete("cascade"))
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("theme_id", "text", (c) => c.notNull())
    /** JSON: a level number, "yes"/"no", a number, text, or an array of checklist item ids; null when unanswered. */
    .addColumn("value", "text")
    .addColumn("not_applicable_reason", "text")
    .addColumn("evidence", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("evidence_links", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("person.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("answer_pk", ["assessment_id", "question_id"])
    .execute();
  await db.schema.createIndex("answer_theme").on("answer").columns(["assessment_id", "theme_id"]).execute();

  await db.schema
    .createTable("answer_change")
    .addColumn("id", "integer", autoId(db))
    .addColumn("assessment_id", "integer", (c) => c.notNull().references("assessment.id").onDelete("cascade"))
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    /** JSON snapshots of the answer before and after the change. */
    .addColumn("before", "text")
    .addColumn("after", "text", (c) => c.notNull())
    .addColumn("changed_by", "integer", (c) => c.references("person.id"))
    .addColumn("changed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("answer_change_question")
    .on("answer_change")
    .columns(["assessment_id", "question_id", "revision"])
    .execute();

  await db.schema
    .createTable("theme_assignment")
    .addColumn("assessment_id", "integer", (c) => c.notNull().references("assessment.id").onDelete("cascade"))
    .addColumn("theme_id", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.notNull().references("person.id"))
    .addPrimaryKeyConstraint("theme_assignment_pk", ["assessment_id", "theme_id"])
    .execute();

  await db.schema
    .createTable("assessment_review")
    .addColumn("id", "integer", autoId(db))
    .addColumn("assessment_id", "integer", (c) => c.notNull().references("assessment.id").onDelete("cascade"))
    .addColumn("action", "text", (c) =>
      c.notNull().check(sql`action in ('submitted', 'returned', 'signed-off')`),
    )
    .addColumn("person_id", "integer", (c) => c.references("person.id"))
    /** The name a board member signs with. */
    .addColumn("signed_name", "text")
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    /** JSON object: theme id → comment, for returns. */
    .addColumn("theme_comments", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("occurred_at", "text", (c) => c.notNull())
    .execute();
}
