import type { Db } from "../../db/database";
import { retryOnConflict } from "../../db/errors";
import { hashPassword } from "../auth/password.server";
import { config } from "../config.server";
import type { Role } from "../domain/roles";
import { recordAuditEvent } from "./audit.server";

export interface RoleGrantInput {
  email: string;
  name?: string;
  password?: string;
  role: Role;
  organisationCode?: string | null;
  regionCode?: string | null;
}

export class PersonInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Gives a person a role, adding the person first when the email is new. Both writes and the audit entries
 * share one transaction. Two grants racing (the same new email, or the same role) meet a unique index; the
 * loser runs again and finds the person, or answers "already has this role".
 */
export async function grantRole(
  db: Db,
  input: RoleGrantInput,
  actor: { personId: number | null; address?: string | null },
  now = new Date(),
) {
  const email = input.email.trim().toLowerCase();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return retryOnConflict(() => grantInTransaction(db, { ...input, email }, passwordHash, actor, now));
}

function grantInTransaction(
  db: Db,
  input: RoleGrantInput,
  passwordHash: string | null,
  actor: { personId: number | null; address?: string | null },
  now: Date,
) {
  const { email } = input;
  return db.transaction().execute(async (trx) => {
    let person = await trx.selectFrom("person").select(["id"]).where("email", "=", email).executeTakeFirst();
    if (!person) {
      if (!input.name) throw new PersonInputError("name", "Enter the person's full name");
      // With an identity provider, a new person may have no password: they link at their first sign-in there.
      if (!passwordHash && !config().OIDC_ISSUER)
        throw new PersonInputError("password", "Enter a first password for the new person");
      person = await trx
        .insertInto("person")
        .values({ email, name: input.name, password_hash: passwordHash ?? "", created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAuditEvent(
        trx,
        { action: "person.added", personId: actor.personId, subject: email, address: actor.address },
        now,
      );
    }
    if (input.organisationCode) {
      const organisation = await trx
        .selectFrom("organisation")
        .select("ods_code")
        .where("ods_code", "=", input.organisationCode)
        .executeTakeFirst();
      if (!organisation)
        throw new PersonInputError("organisationCode", "There is no organisation with that ODS code");
    }
    let duplicate = trx
      .selectFrom("role_assignment")
      .select("id")
      .where("person_id", "=", person.id)
      .where("role", "=", input.role);
    duplicate = input.organisationCode
      ? duplicate.where("organisation_code", "=", input.organisationCode)
      : duplicate.where("organisation_code", "is", null);
    duplicate = input.regionCode
      ? duplicate.where("region_code", "=", input.regionCode)
      : duplicate.where("region_code", "is", null);
    if (await duplicate.executeTakeFirst())
      throw new PersonInputError("role", "The person already has this role");
    await trx
      .insertInto("role_assignment")
      .values({
        person_id: person.id,
        role: input.role,
        organisation_code: input.organisationCode ?? null,
        region_code: input.regionCode ?? null,
        created_at: now.toISOString(),
      })
      .execute();
    await recordAuditEvent(
      trx,
      {
        action: "role.added",
        personId: actor.personId,
        subject: email,
        details: {
          role: input.role,
          organisation: input.organisationCode ?? null,
          region: input.regionCode ?? null,
        },
        address: actor.address,
      },
      now,
    );
    return person.id;
  });
}

export async function revokeRole(
  db: Db,
  assignmentId: number,
  actor: { personId: number | null; address?: string | null },
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const assignment = await trx
      .selectFrom("role_assignment")
      .innerJoin("person", "person.id", "role_assignment.person_id")
      .select([
        "role_assignment.id",
        "role_assignment.person_id",
        "role",
        "organisation_code",
        "region_code",
        "person.email",
      ])
      .where("role_assignment.id", "=", assignmentId)
      .executeTakeFirst();
    if (!assignment) return false;
    await trx.deleteFrom("role_assignment").where("id", "=", assignmentId).execute();
    // The last role in an organisation ends the person's access there (the guard reads roles afresh).
    const remaining = assignment.organisation_code
      ? await trx
          .selectFrom("role_assignment")
          .select("id")
          .where("person_id", "=", assignment.person_id)
          .where("organisation_code", "=", assignment.organisation_code)
          .executeTakeFirst()
      : undefined;
    await recordAuditEvent(
      trx,
      {
        action: "role.removed",
        personId: actor.personId,
        subject: assignment.email,
        details: {
          role: assignment.role,
          organisation: assignment.organisation_code,
          region: assignment.region_code,
          ...(assignment.organisation_code ? { lastRoleInOrganisation: !remaining } : {}),
        },
        address: actor.address,
      },
      now,
    );
    return true;
  });
}

export async function listPeople(db: Db) {
  const people = await db
    .selectFrom("person")
    .select(["id", "name", "email", "deactivated_at"])
    .orderBy("name")
    .execute();
  const assignments = await db
    .selectFrom("role_assignment")
    .leftJoin("organisation", "organisation.ods_code", "role_assignment.organisation_code")
    .select([
      "role_assignment.id",
      "role_assignment.person_id",
      "role_assignment.role",
      "role_assignment.organisation_code",
      "role_assignment.region_code",
      "organisation.name as organisation_name",
    ])
    .orderBy("role_assignment.id")
    .execute();
  return people.map((p) => ({ ...p, assignments: assignments.filter((a) => a.person_id === p.id) }));
}
