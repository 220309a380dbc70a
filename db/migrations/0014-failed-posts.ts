import type { Kysely } from "kysely";

/**
 * A form post that failed validation is kept with the session (what was typed, the errors) and the page
 * redirects to itself, so the browser's history holds a GET: Back and Reload never ask to resubmit a form.
 * One per session, replaced by the next; it goes with the session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("session").addColumn("failed_post", "text").execute();
}
