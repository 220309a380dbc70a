import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../db/database";
import { can, type Grant, type Permission, type Scope } from "../domain/roles";
import { recordAuditEvent } from "./audit.server";

/**
 * API tokens for the FHIR API (/fhir only: the web pages never read them). A token is scoped to one
 * organisation (read, or read and import answers) or to one region (read only), expires, and can be revoked.
 * Only its SHA-256 is stored. What a token may do is what its creator may still do (the one `can()` rule),
 * narrowed to the token's scope and access: a creator who loses a role takes it from their tokens too.
 */
export type TokenAccess = "read" | "write";
export const tokenExpiryDays = [7, 30, 90, 365] as const;
export const tokenPrefix = "dma_";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export interface NewToken {
  name: string;
  organisationCode: string | null;
  regionCode: string | null;
  access: TokenAccess;
  expiresInDays: (typeof tokenExpiryDays)[number];
}

/** Whether someone with these grants may create (and manage) a token of this scope. */
export function mayManageToken(
  grants: readonly Grant[],
  token: { organisationCode: string | null; regionCode: string | null; access: TokenAccess },
  organisation?: { odsCode: string; regionCode: string | null },
): boolean {
  if (token.organisationCode) {
    return organisation != null && can(grants, "assessment.manage", { organisation });
  }
  if (token.regionCode) {
    return token.access === "read" && can(grants, "region.compare", { regionCode: token.regionCode });
  }
  return false;
}

export async function createApiToken(
  db: Db,
  input: NewToken,
  actor: { personId: number; address: string | null },
  now = new Date(),
): Promise<{ id: number; token: string; expiresAt: string }> {
  const token = `${tokenPrefix}${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("api_token")
      .values({
        token_hash: hash(token),
        name: input.name,
        organisation_code: input.organisationCode,
        region_code: input.regionCode,
        access: input.access,
        created_by: actor.personId,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null,
        revoked_by: null,
        last_used_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAuditEvent(
      trx,
      {
        action: "api-token.created",
        personId: actor.personId,
        subject: `api-token ${id}`,
        details: {
          name: input.name,
          organisationCode: input.organisationCode,
          regionCode: input.regionCode,
          access: input.access,
          expiresAt,
        },
        address: actor.address,
      },
      now,
    );
    return { id, token, expiresAt };
  });
}

const tokenColumns = [
  "api_token.id",
  "api_token.name",
  "api_token.organisation_code",
  "api_token.region_code",
  "api_token.access",
  "api_token.created_by",
  "api_token.created_at",
  "api_token.expires_at",
  "api_token.revoked_at",
  "api_token.last_used_at",
] as const;

/** Tokens the viewer may manage: their own, and (for leads and administrators) their organisations'. */
export async function listApiTokens(db: Db, viewer: { id: number; grants: readonly Grant[] }) {
  const rows = await db
    .selectFrom("api_token")
    .innerJoin("person", "person.id", "api_token.created_by")
    .leftJoin("organisation", "organisation.ods_code", "api_token.organisation_code")
    .select([
      ...tokenColumns,
      "person.name as created_by_name",
      "organisation.region_code as organisation_region",
    ])
    .orderBy("api_token.id", "desc")
    .execute();
  return rows.filter(
    (r) =>
      r.created_by === viewer.id ||
      mayManageToken(
        viewer.grants,
        { organisationCode: r.organisation_code, regionCode: r.region_code, access: r.access as TokenAccess },
        r.organisation_code ? { odsCode: r.organisation_code, regionCode: r.organisation_region } : undefined,
      ),
  );
}

export async function revokeApiToken(
  db: Db,
  id: number,
  viewer: { id: number; grants: readonly Grant[] },
  address: string | null,
  now = new Date(),
): Promise<"revoked" | "not-found" | "already"> {
  const mine = (await listApiTokens(db, viewer)).find((t) => t.id === id);
  if (!mine) return "not-found";
  if (mine.revoked_at) return "already";
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("api_token")
      .set({ revoked_at: now.toISOString(), revoked_by: viewer.id })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return "already" as const;
    await recordAuditEvent(
      trx,
      { action: "api-token.revoked", personId: viewer.id, subject: `api-token ${id}`, address },
      now,
    );
    return "revoked" as const;
  });
}

export interface ApiCaller {
  tokenId: number;
  personId: number;
  organisationCode: string | null;
  regionCode: string | null;
  access: TokenAccess;
  /** The creator's grants as they are now. */
  grants: Grant[];
}

export type TokenProblem = "unknown" | "revoked" | "expired" | "deactivated";

/** The caller behind a bearer token, or why there is none. */
export async function authenticateToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<ApiCaller | TokenProblem> {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return "unknown";
  const row = await db
    .selectFrom("api_token")
    .innerJoin("person", "person.id", "api_token.created_by")
    .select([
      "api_token.id",
      "api_token.organisation_code",
      "api_token.region_code",
      "api_token.access",
      "api_token.created_by",
      "api_token.expires_at",
      "api_token.revoked_at",
      "person.deactivated_at",
    ])
    .where("api_token.token_hash", "=", hash(token))
    .executeTakeFirst();
  if (!row) return "unknown";
  if (row.revoked_at) return "revoked";
  if (row.expires_at <= now.toISOString()) return "expired";
  // A deactivated account's tokens stop with it, as its sessions do.
  if (row.deactivated_at) return "deactivated";
  const grants = await db
    .selectFrom("role_assignment")
    .select(["role", "organisation_code", "region_code"])
    .where("person_id", "=", row.created_by)
    .execute();
  return {
    tokenId: row.id,
    personId: row.created_by,
    organisationCode: row.organisation_code,
    regionCode: row.region_code,
    access: row.access as TokenAccess,
    grants: grants.map((g) => ({
      role: g.role as Grant["role"],
      organisationCode: g.organisation_code,
      regionCode: g.region_code,
    })),
  };
}

const readPermissions: Permission[] = ["organisation.view"];
const writePermissions: Permission[] = ["organisation.view", "assessment.edit"];

/**
 * What a token may do: the one `can()` rule on its creator's current grants, narrowed to the token's scope
 * (its organisation, or the organisations of its region) and its access.
 */
export function tokenCan(
  caller: ApiCaller,
  permission: Permission,
  scope: Required<Pick<Scope, "organisation">>,
) {
  const allowed = caller.access === "write" && caller.organisationCode ? writePermissions : readPermissions;
  if (!allowed.includes(permission)) return false;
  const inScope = caller.organisationCode
    ? scope.organisation.odsCode === caller.organisationCode
    : scope.organisation.regionCode != null && scope.organisation.regionCode === caller.regionCode;
  return inScope && can(caller.grants, permission, scope);
}

/**
 * Counts one request against the token's budget for the current minute, in one atomic update (so that
 * concurrent requests, on one server or several sharing the database, each count once), and marks the token
 * used. Answers whether the request is within `perMinute`, and when the next minute starts.
 */
export async function takeFromBudget(
  db: Db,
  tokenId: number,
  perMinute: number,
  now = new Date(),
): Promise<{ ok: boolean; retryAfter: number }> {
  const minute = Math.floor(now.getTime() / 60_000);
  const row = await db
    .updateTable("api_token")
    .set((eb) => ({
      rate_count: eb
        .case()
        .when("rate_minute", "=", minute)
        .then(eb("rate_count", "+", 1))
        .else(1)
        .end(),
      rate_minute: minute,
      last_used_at: now.toISOString(),
    }))
    .where("id", "=", tokenId)
    .returning("rate_count")
    .executeTakeFirst();
  const count = Number(row?.rate_count ?? Number.POSITIVE_INFINITY);
  return {
    ok: count <= perMinute,
    retryAfter: Math.max(1, Math.ceil(((minute + 1) * 60_000 - now.getTime()) / 1000)),
  };
}

/** Every use of a token goes in the audit log, with what it asked for and what it was answered. */
export async function recordTokenUse(
  db: Db,
  caller: ApiCaller,
  use: {
    method: string;
    path: string;
    status: number;
    address: string | null;
    details?: Record<string, unknown>;
  },
  now = new Date(),
) {
  await recordAuditEvent(
    db,
    {
      action: "api-token.used",
      personId: caller.personId,
      subject: `api-token ${caller.tokenId}`,
      details: { method: use.method, path: use.path, status: use.status, ...use.details },
      address: use.address,
    },
    now,
  );
}
