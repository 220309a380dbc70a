import type { Kysely } from "kysely";
import { autoId } from "./columns";

/**
 * API tokens for the FHIR API: scoped to one organisation (read, or read and import answers) or to one region
 * (read only), with an expiry. Only the SHA-256 of a token is stored; the token itself is shown once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("api_token")
    .addColumn("id", "integer", autoId(db))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("organisation_code", "text", (c) => c.references("organisation.ods_code"))
    .addColumn("region_code", "text")
    /** "read" or "write" (read and import answers); region tokens are always "read". */
    .addColumn("access", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.notNull().references("person.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "integer", (c) => c.references("person.id"))
    .addColumn("last_used_at", "text")
    .execute();
  await db.schema.createIndex("api_token_by_creator").on("api_token").column("created_by").execute();
}
