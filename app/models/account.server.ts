import type { Db } from "../../db/database";
import { hashPassword, verifyPassword } from "../auth/password.server";
import { deleteSessionsOf } from "../auth/session.server";
import { recordAuditEvent, type Actor } from "./audit.server";

/**
 * The account lifecycle: a person changes their own password, an administrator resets one or deactivates
 * (and reactivates) a person. Each ends the sessions it must in the same transaction as the change and its
 * audit entry. Callers also forget the person's sessions in this process's viewer cache (`forgetPerson`).
 */

export type PasswordChange = "changed" | "wrong-current" | "no-password";

/** Needs the current password; ends every other session of the person (this one stays). */
export async function changeOwnPassword(
  db: Db,
  input: { personId: number; sessionId: string; current: string; next: string },
  address: string | null,
  now = new Date(),
): Promise<PasswordChange> {
  const person = await db
    .selectFrom("person")
    .select(["email", "password_hash"])
    .where("id", "=", input.personId)
    .executeTakeFirstOrThrow();
  if (!person.password_hash) return "no-password";
  if (!(await verifyPassword(person.password_hash, input.current))) return "wrong-current";
  const hash = await hashPassword(input.next);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("person")
      .set({ password_hash: hash, must_change_password: 0 })
      .where("id", "=", input.personId)
      .execute();
    const ended = await deleteSessionsOf(trx, input.personId, input.sessionId);
    await recordAuditEvent(
      trx,
      {
        action: "password.changed",
        personId: input.personId,
        subject: person.email,
        details: { otherSessionsEnded: ended.length },
        address,
      },
      now,
    );
  });
  return "changed";
}

/** Sets a first password that must be changed at the next sign-in, and ends the person's sessions. */
export async function resetPassword(
  db: Db,
  personId: number,
  firstPassword: string,
  actor: Actor,
  now = new Date(),
): Promise<boolean> {
  const hash = await hashPassword(firstPassword);
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("person")
      .select("email")
      .where("id", "=", personId)
      .executeTakeFirst();
    if (!person) return false;
    await trx
      .updateTable("person")
      .set({ password_hash: hash, must_change_password: 1 })
      .where("id", "=", personId)
      .execute();
    const ended = await deleteSessionsOf(trx, personId);
    await recordAuditEvent(
      trx,
      {
        action: "password.reset",
        personId: actor.personId,
        subject: person.email,
        details: { sessionsEnded: ended.length },
        address: actor.address,
      },
      now,
    );
    return true;
  });
}

/**
 * Deactivated: every session ends now, sign-in is refused (password and identity provider), and the person
 * stays in the database so that answers, sign-offs and the audit log keep their names.
 */
export async function setDeactivated(
  db: Db,
  personId: number,
  deactivated: boolean,
  actor: Actor,
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("person")
      .select(["email", "deactivated_at"])
      .where("id", "=", personId)
      .executeTakeFirst();
    if (!person || (person.deactivated_at !== null) === deactivated) return false;
    await trx
      .updateTable("person")
      .set({ deactivated_at: deactivated ? now.toISOString() : null })
      .where("id", "=", personId)
      .execute();
    const ended = deactivated ? await deleteSessionsOf(trx, personId) : [];
    await recordAuditEvent(
      trx,
      {
        action: deactivated ? "person.deactivated" : "person.reactivated",
        personId: actor.personId,
        subject: person.email,
        details: deactivated ? { sessionsEnded: ended.length } : {},
        address: actor.address,
      },
      now,
    );
    return true;
  });
}

/** One person for the administration page: details, sign-in methods, roles and whether they are active. */
export async function getPersonForAdmin(db: Db, personId: number) {
  const person = await db
    .selectFrom("person")
    .select(["id", "name", "email", "deactivated_at", "must_change_password", "password_hash", "created_at"])
    .where("id", "=", personId)
    .executeTakeFirst();
  if (!person) return null;
  const identities = await db
    .selectFrom("person_identity")
    .select(["issuer", "created_at", "last_signed_in_at"])
    .where("person_id", "=", personId)
    .orderBy("id")
    .execute();
  const sessions = await db
    .selectFrom("session")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("person_id", "=", personId)
    .executeTakeFirstOrThrow();
  const { password_hash, ...rest } = person;
  return {
    ...rest,
    hasPassword: password_hash !== "",
    identities,
    sessions: Number(sessions.n),
  };
}

/** Whether the person has a password (people who sign in only through the identity provider have none). */
export async function hasPassword(db: Db, personId: number) {
  const row = await db
    .selectFrom("person")
    .select("password_hash")
    .where("id", "=", personId)
    .executeTakeFirst();
  return Boolean(row?.password_hash);
}

/** What a password sign-in checks, by email: the hash (empty for provider-only people) and deactivation. */
export async function personForPasswordSignIn(db: Db, email: string) {
  return db
    .selectFrom("person")
    .select(["id", "password_hash", "deactivated_at"])
    .where("email", "=", email)
    .executeTakeFirst();
}

/** Whether a person gets reminder emails (returns and queries addressed to them are always emailed). */
export async function emailReminders(db: Db, personId: number) {
  const row = await db
    .selectFrom("person")
    .select(["email", "email_reminders"])
    .where("id", "=", personId)
    .executeTakeFirstOrThrow();
  return { email: row.email, on: row.email_reminders === 1 };
}

export async function setEmailReminders(
  db: Db,
  personId: number,
  on: boolean,
  actor: Actor,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("person")
      .set({ email_reminders: on ? 1 : 0 })
      .where("id", "=", personId)
      .execute();
    await recordAuditEvent(
      trx,
      {
        action: "account.reminders-changed",
        personId: actor.personId,
        subject: `person ${personId}`,
        details: { emailReminders: on },
        address: actor.address,
      },
      now,
    );
  });
}
