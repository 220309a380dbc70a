import type { Kysely } from "kysely";

/**
 * The FHIR API's rate limit per token, held in the database rather than in one process's memory, so that
 * several servers on one database (PostgreSQL) share each token's budget: the minute being counted and the
 * requests in it, updated atomically by the request that counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("api_token").addColumn("rate_minute", "integer").execute();
  await db.schema
    .alterTable("api_token")
    .addColumn("rate_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}
