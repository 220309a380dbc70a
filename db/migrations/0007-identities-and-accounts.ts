import { type Kysely, sql } from "kysely";
import { autoId } from "./columns";

/**
 * Sign-in through an OpenID provider and the account lifecycle: a person's links to provider subjects
 * (issuer + subject), deactivation, a first password that must be changed, and what a session needs for
 * its absolute lifetime and for signing out at the provider too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("person_identity")
    .addColumn("id", "integer", autoId(db))
    .addColumn("person_id", "integer", (c) => c.notNull().references("person.id").onDelete("cascade"))
    .addColumn("issuer", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_signed_in_at", "text", (c) => c.notNull())
    .addUniqueConstraint("person_identity_issuer_subject", ["issuer", "subject"])
    .execute();
  await db.schema.createIndex("person_identity_person").on("person_identity").column("person_id").execute();

  await db.schema.alterTable("person").addColumn("deactivated_at", "text").execute();
  await db.schema
    .alterTable("person")
    .addColumn("must_change_password", "integer", (c) =>
      c.notNull().defaultTo(0).check(sql`must_change_password in (0, 1)`),
    )
    .execute();

  await db.schema.alterTable("session").addColumn("provider_id", "text").execute();
  await db.schema.alterTable("session").addColumn("id_token", "text").execute();
  await db.schema.createIndex("session_person").on("session").column("person_id").execute();
}
