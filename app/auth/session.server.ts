import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { sql } from "kysely";
import { type Db, dialectOf } from "../../db/database";
import { config } from "../config.server";
import { asStorageFault } from "../storage.server";

/** last_seen_at is refreshed at most this often, so reading a page is not a write. */
const touchEverySeconds = 60;

export function sessionSecret(): string {
  const secret = process.env.SESSION_SECRET;
  if (secret) return secret;
  if (process.env.NODE_ENV === "production") throw new Error("SESSION_SECRET is not set");
  return "development-only-session-secret";
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie("dm_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [sessionSecret()],
  });
  return cookie;
}

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

export interface SessionRecord {
  id: string;
  personId: number;
  csrfToken: string;
  /** When the session ends however active it is (SESSION_MAX_HOURS after sign-in), in ms since the epoch. */
  endsAt: number;
}

/** Where a session came from: an OpenID provider's sign-in keeps its ID token for signing out there. */
export interface SessionOrigin {
  providerId: string;
  idToken: string;
}

const maxAgeMs = () => config().SESSION_MAX_HOURS * 3_600_000;

/** Starts a new session (a new id every sign-in) and returns the Set-Cookie header for it. */
export async function createSession(
  db: Db,
  request: Request,
  personId: number,
  now = new Date(),
  origin?: SessionOrigin,
) {
  // Sweep sessions that have timed out or outlived their absolute lifetime; signing in is rare enough to carry it.
  await db
    .deleteFrom("session")
    .where((eb) =>
      eb.or([
        eb(
          "last_seen_at",
          "<",
          new Date(now.getTime() - config().SESSION_IDLE_MINUTES * 60_000).toISOString(),
        ),
        eb("created_at", "<", new Date(now.getTime() - maxAgeMs()).toISOString()),
      ]),
    )
    .execute();
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("session")
    .values({
      id: sha256(token),
      person_id: personId,
      csrf_token: randomBytes(32).toString("base64url"),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      provider_id: origin?.providerId ?? null,
      id_token: origin?.idToken ?? null,
    })
    .execute();
  return sessionCookie().serialize(token, { secure: isHttps(request) });
}

/** The session id the request's (signed) cookie names, without asking the database; null when there is none. */
export async function sessionIdOf(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  // Verifying the cookie's signature is the same work for the same header: autosave repeats it every few seconds.
  const known = verifiedCookies.get(header);
  if (known !== undefined) return known;
  const token = await sessionCookie().parse(header);
  const id = typeof token === "string" && token.length > 0 ? sha256(token) : null;
  if (verifiedCookies.size > 10_000) verifiedCookies.clear();
  verifiedCookies.set(header, id);
  return id;
}
const verifiedCookies = new Map<string, string | null>();

/** Who is behind a session: the person (unless deactivated) and their roles, read with the session itself. */
export interface SessionHolder {
  name: string;
  email: string;
  mustChangePassword: boolean;
  grants: { role: string; organisationCode: string | null; regionCode: string | null }[];
}

/**
 * The request's session and who is behind it, in one query (every signed-in request asks, and on PostgreSQL
 * each query is a round trip): `holder` is null when the person was deactivated.
 */
export async function readSession(
  db: Db,
  request: Request,
  now = new Date(),
): Promise<(SessionRecord & { holder: SessionHolder | null }) | null> {
  const id = await sessionIdOf(request);
  if (!id) return null;
  // The roles come as one JSON array, not one row each: a person may hold hundreds (an analyst, a supplier's
  // account across trusts), and on PostgreSQL every request reads them (guard.server.ts).
  const row = await db
    .selectFrom("session")
    .leftJoin("person", (join) =>
      join.onRef("person.id", "=", "session.person_id").on("person.deactivated_at", "is", null),
    )
    .select([
      "session.person_id",
      "session.csrf_token",
      "session.created_at",
      "session.last_seen_at",
      "person.name",
      "person.email",
      "person.must_change_password",
      grantsJson(db).as("grants"),
    ])
    .where("session.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const idleMs = now.getTime() - Date.parse(row.last_seen_at);
  const endsAt = Date.parse(row.created_at) + maxAgeMs();
  // Housekeeping writes: when the database cannot be written, reading pages goes on without them.
  if (idleMs > config().SESSION_IDLE_MINUTES * 60_000 || now.getTime() >= endsAt) {
    await unlessStorageFault(db.deleteFrom("session").where("id", "=", id).execute());
    return null;
  }
  if (idleMs > touchEverySeconds * 1000) {
    await unlessStorageFault(
      db.updateTable("session").set({ last_seen_at: now.toISOString() }).where("id", "=", id).execute(),
    );
  }
  const holder =
    row.name === null || row.email === null
      ? null
      : {
          name: row.name,
          email: row.email,
          mustChangePassword: row.must_change_password === 1,
          grants: (JSON.parse(row.grants ?? "[]") as [string, string | null, string | null][]).map(
            ([role, organisationCode, regionCode]) => ({ role, organisationCode, regionCode }),
          ),
        };
  return { id, personId: row.person_id, csrfToken: row.csrf_token, endsAt, holder };
}

/** The person's roles as a JSON array of [role, organisation_code, region_code], in either dialect. */
const grantsJson = (db: Db) =>
  dialectOf(db) === "postgres"
    ? sql<
        string | null
      >`(select json_agg(json_build_array(r.role, r.organisation_code, r.region_code) order by r.id)::text
        from role_assignment r where r.person_id = person.id)`
    : sql<string | null>`(select json_group_array(json_array(r.role, r.organisation_code, r.region_code))
        from (select * from role_assignment r where r.person_id = person.id order by r.id) r)`;

/** The provider a session was started through and its ID token, for RP-initiated logout. */
export async function sessionOrigin(db: Db, sessionId: string): Promise<SessionOrigin | null> {
  const row = await db
    .selectFrom("session")
    .select(["provider_id", "id_token"])
    .where("id", "=", sessionId)
    .executeTakeFirst();
  return row?.provider_id && row.id_token ? { providerId: row.provider_id, idToken: row.id_token } : null;
}

/**
 * Deletes a person's sessions, all of them or all but one, and returns the ids deleted (so that the
 * in-process viewer cache can forget exactly those).
 */
export async function deleteSessionsOf(db: Db, personId: number, except?: string): Promise<string[]> {
  let query = db.deleteFrom("session").where("person_id", "=", personId);
  if (except) query = query.where("id", "!=", except);
  const rows = await query.returning("id").execute();
  return rows.map((r) => r.id);
}

/** Deletes the request's session, if any, and returns a Set-Cookie header that clears the cookie. */
export async function destroySession(db: Db, request: Request) {
  const token = await sessionCookie().parse(request.headers.get("Cookie"));
  if (typeof token === "string") await db.deleteFrom("session").where("id", "=", sha256(token)).execute();
  return sessionCookie().serialize("", { maxAge: 0, secure: isHttps(request) });
}

export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function unlessStorageFault(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!asStorageFault(error)) throw error;
  }
}
