import type { Kysely } from "kysely";
import { autoId } from "./columns";

/**
 * Improvement plans (issue 22): a plan outlives the report it was made from, so it has tables of its own.
 * One plan per assessment; its targets and actions change in place (each row remembers the plan revision
 * that last changed it, so the board can be shown what changed since it opened the plan); each version the
 * board approves is frozen as a snapshot in `plan_version`. A report records the plan version it checked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("plan")
    .addColumn("id", "integer", autoId(db))
    .addColumn("assessment_id", "integer", (c) => c.notNull().unique().references("assessment.id"))
    .addColumn("organisation_code", "text", (c) => c.notNull().references("organisation.ods_code"))
    .addColumn("questionnaire_id", "text", (c) => c.notNull())
    .addColumn("cycle", "text", (c) => c.notNull())
    /** The saved report the plan was made from (its levels and next steps). */
    .addColumn("report_id", "integer", (c) => c.notNull().references("report.id"))
    /** draft | submitted | approved | returned: where the newest version stands. */
    .addColumn("status", "text", (c) => c.notNull())
    /** The newest version's number: 1, then one more after each approval that is later changed. */
    .addColumn("version", "integer", (c) => c.notNull())
    /** Raised by every change to targets or actions, in the change's transaction. */
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("plan_organisation")
    .on("plan")
    .columns(["organisation_code", "questionnaire_id", "cycle"])
    .execute();

  await db.schema
    .createTable("plan_version")
    .addColumn("id", "integer", autoId(db))
    .addColumn("plan_id", "integer", (c) => c.notNull().references("plan.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addColumn("decided_at", "text")
    .addColumn("decided_by", "integer", (c) => c.references("person.id"))
    .addColumn("signed_name", "text")
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    /** The plan as the board approved or returned it (JSON); null while the version is a draft. */
    .addColumn("snapshot", "text")
    .addUniqueConstraint("plan_version_number", ["plan_id", "version"])
    .execute();

  await db.schema
    .createTable("plan_target")
    .addColumn("plan_id", "integer", (c) => c.notNull().references("plan.id"))
    .addColumn("theme_id", "text", (c) => c.notNull())
    /** 1–5, or null: no target for this theme. */
    .addColumn("target", "integer")
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("changed_revision", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("plan_target_pk", ["plan_id", "theme_id"])
    .execute();

  await db.schema
    .createTable("plan_action")
    .addColumn("id", "integer", autoId(db))
    .addColumn("plan_id", "integer", (c) => c.notNull().references("plan.id"))
    .addColumn("theme_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    /** A person of the organisation, or a named role (owner_role) when the owner has no account. */
    .addColumn("owner_person_id", "integer", (c) => c.references("person.id"))
    .addColumn("owner_role", "text")
    .addColumn("due", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    /** Question ids (JSON array) the action should move. */
    .addColumn("question_ids", "text", (c) => c.notNull().defaultTo("[]"))
    /** Per-action revision: two people editing one action follow the answers' rule (ADR 005). */
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("changed_revision", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("plan_action_plan")
    .on("plan_action")
    .columns(["plan_id", "theme_id"])
    .execute();

  await db.schema
    .createTable("plan_action_note")
    .addColumn("id", "integer", autoId(db))
    .addColumn("action_id", "integer", (c) => c.notNull().references("plan_action.id"))
    .addColumn("person_id", "integer", (c) => c.references("person.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("plan_action_note_action").on("plan_action_note").column("action_id").execute();

  /** The previous cycle's plan version this report checked its targets against (fixed at saving). */
  await db.schema
    .alterTable("report")
    .addColumn("plan_version_id", "integer", (c) => c.references("plan_version.id"))
    .execute();
}
