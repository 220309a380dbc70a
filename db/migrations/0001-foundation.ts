import { type Kysely, sql } from "kysely";
import { autoId } from "./columns";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("organisation")
    .addColumn("ods_code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("care_setting", "text", (c) => c.notNull().defaultTo("other"))
    .addColumn("region_code", "text")
    .addColumn("icb_code", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn("opened_on", "text")
    .addColumn("closed_on", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("organisation_region")
    .on("organisation")
    .columns(["region_code", "care_setting"])
    .execute();

  await db.schema
    .createTable("person")
    .addColumn("id", "integer", autoId(db))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("role_assignment")
    .addColumn("id", "integer", autoId(db))
    .addColumn("person_id", "integer", (c) => c.notNull().references("person.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("organisation_code", "text", (c) => c.references("organisation.ods_code"))
    .addColumn("region_code", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("role_assignment_person").on("role_assignment").column("person_id").execute();
  await db.schema
    .createIndex("role_assignment_organisation")
    .on("role_assignment")
    .column("organisation_code")
    .execute();

  await db.schema
    .createTable("session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("person_id", "integer", (c) => c.notNull().references("person.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sign_in_failure")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failure_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_event")
    .addColumn("id", "integer", autoId(db))
    .addColumn("occurred_at", "text", (c) => c.notNull())
    .addColumn("person_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("address", "text")
    .execute();
  await db.schema.createIndex("audit_event_occurred").on("audit_event").column("occurred_at").execute();
}
