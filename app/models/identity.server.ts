import type { Db } from "../../db/database";
import type { OidcProvider } from "../auth/oidc.server";
import { SignInRefused } from "../auth/oidc.server";
import { recordAuditEvent } from "./audit.server";

export interface IdentityClaims {
  iss: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  /** Entra ID: the email's domain is verified by the tenant (an optional claim it sends instead of email_verified). */
  xms_edov?: unknown;
}

/**
 * The person a provider's subject is, linking them the first time. Once linked, a person is found by issuer
 * and subject alone, whatever their email has become. The first time, only by an email the provider says it
 * has verified, and only when an administrator has already added that email here: nobody is created, and
 * no role is taken from the provider (see app/auth/role-mapping.server.ts for the seam).
 */
export async function personForSignIn(
  db: Db,
  provider: OidcProvider,
  claims: IdentityClaims,
  address: string | null,
  now = new Date(),
): Promise<{ id: number; email: string; linked: boolean }> {
  const at = now.toISOString();
  const known = await db
    .selectFrom("person_identity")
    .innerJoin("person", "person.id", "person_identity.person_id")
    .select(["person.id", "person.email", "person.deactivated_at", "person_identity.id as identity_id"])
    .where("person_identity.issuer", "=", claims.iss)
    .where("person_identity.subject", "=", claims.sub)
    .executeTakeFirst();
  if (known) {
    if (known.deactivated_at) throw new SignInRefused("deactivated", "person deactivated", known.email);
    await db
      .updateTable("person_identity")
      .set({ last_signed_in_at: at })
      .where("id", "=", known.identity_id)
      .execute();
    return { id: known.id, email: known.email, linked: false };
  }

  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email) throw new SignInRefused("email-missing", "no email claim and no linked subject", claims.sub);
  if (claims.email_verified !== true && claims.xms_edov !== true)
    throw new SignInRefused("email-unverified", "the provider does not say the email is verified", email);

  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("person")
      .select(["id", "email", "deactivated_at"])
      .where("email", "=", email)
      .executeTakeFirst();
    if (!person) throw new SignInRefused("unknown-person", "no person with this email", email);
    if (person.deactivated_at) throw new SignInRefused("deactivated", "person deactivated", email);
    // An email already linked to another subject of this provider is not a way in for a second subject.
    const other = await trx
      .selectFrom("person_identity")
      .select("subject")
      .where("person_id", "=", person.id)
      .where("issuer", "=", claims.iss)
      .executeTakeFirst();
    if (other)
      throw new SignInRefused("unknown-person", "email linked to another subject at this provider", email);
    await trx
      .insertInto("person_identity")
      .values({
        person_id: person.id,
        issuer: claims.iss,
        subject: claims.sub,
        created_at: at,
        last_signed_in_at: at,
      })
      .execute();
    await recordAuditEvent(
      trx,
      {
        action: "identity.linked",
        personId: person.id,
        subject: email,
        details: { provider: provider.id, issuer: claims.iss, sub: claims.sub },
        address,
      },
      now,
    );
    return { id: person.id, email: person.email, linked: true };
  });
}
