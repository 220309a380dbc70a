import type { Kysely } from "kysely";
import { autoId } from "./columns";

/**
 * Deadlines and reminders (issue 24). A cycle's deadline is set nationally (scope "national") and may be set
 * earlier for a region (scope: the region's code); a lead may give a theme an internal due date when assigning
 * it. Every reminder the sweep writes has a unique key (kind, stage, subject, person, due date), so two runs or
 * two servers cannot remind anyone twice; `digest_key` is the notification (one a day per person and
 * assessment) that carried it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("cycle_deadline")
    .addColumn("id", "integer", autoId(db))
    .addColumn("cycle", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("set_by", "integer", (c) => c.references("person.id"))
    .addColumn("set_at", "text", (c) => c.notNull())
    .addUniqueConstraint("cycle_deadline_cycle_scope", ["cycle", "scope"])
    .execute();
  await db.schema.alterTable("theme_assignment").addColumn("due_on", "text").execute();
  await db.schema
    .createTable("reminder")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("assessment_id", "integer", (c) => c.references("assessment.id").onDelete("cascade"))
    .addColumn("digest_key", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("reminder_assessment").on("reminder").column("assessment_id").execute();
}
