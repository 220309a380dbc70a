import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row that /healthz and start-up rewrite, to prove the database accepts a write of the size of a save.
  await db.schema
    .createTable("service_health")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("checked_at", "text", (c) => c.notNull())
    .addColumn("headroom", "text", (c) => c.notNull())
    .execute();
  // Sign-in throttling decides and counts in one statement: the time before which a key's next attempt is
  // refused (milliseconds since 1970), set by the attempt that earned the wait.
  await db.schema
    .alterTable("sign_in_failure")
    .addColumn("blocked_until", "double precision", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("sign_in_failure").dropColumn("blocked_until").execute();
  await db.schema.dropTable("service_health").execute();
}
