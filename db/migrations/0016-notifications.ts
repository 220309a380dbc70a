import type { Kysely } from "kysely";
import { autoId } from "./columns";

/**
 * Notifications (issue 24): what a person is told, in the service and by email. A notification is written in
 * the same transaction as the event that causes it, with its email in the outbox; a sender claims outbox rows,
 * sends them and marks them sent (ADR 020). `dedupe_key` is unique, so one event or one day's reminder is one
 * notification per person however many servers or runs write it. People may turn off reminder emails.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("notification")
    .addColumn("id", "integer", autoId(db))
    .addColumn("person_id", "integer", (c) => c.notNull().references("person.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("organisation_code", "text", (c) => c.references("organisation.ods_code"))
    .addColumn("assessment_id", "integer", (c) => c.references("assessment.id").onDelete("cascade"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema
    .createIndex("notification_person")
    .on("notification")
    .columns(["person_id", "created_at"])
    .execute();
  await db.schema
    .createTable("email_outbox")
    .addColumn("id", "integer", autoId(db))
    .addColumn("notification_id", "integer", (c) =>
      c.notNull().unique().references("notification.id").onDelete("cascade"),
    )
    // pending → sent, or skipped (the person lost their role or turned reminders off before sending)
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_until", "text")
    .addColumn("to_address", "text")
    .addColumn("message_id", "text")
    .addColumn("sent_at", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("email_outbox_due")
    .on("email_outbox")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .alterTable("person")
    .addColumn("email_reminders", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
}
