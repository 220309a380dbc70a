import { redirect } from "@remix-run/node";
import { type Db, dialectOf } from "../../db/database";
import { getDb } from "../db.server";
import { regions } from "../domain/organisation";
import { can, type Grant, type Permission, type Role, type Scope } from "../domain/roles";
import { readForm } from "../forms.server";
import { isOwnKey } from "../params";
import { csrfTokenMatches, destroySession, readSession, sessionIdOf } from "./session.server";

/**
 * Every loader and action asks here who is calling and whether they may: one place for sign-in, roles,
 * organisation scope and cross-site request forgery.
 */
export interface Viewer {
  id: number;
  name: string;
  email: string;
  grants: Grant[];
  csrfToken: string;
  sessionId: string;
  /** Set after an administrator gave a first password: every page asks for a new one first. */
  mustChangePassword: boolean;
}

const viewers = new WeakMap<Request, Promise<Viewer | null>>();

export function getViewer(request: Request, db: Db = getDb()): Promise<Viewer | null> {
  let viewer = viewers.get(request);
  if (!viewer) {
    viewer = loadViewer(db, request);
    viewers.set(request, viewer);
  }
  return viewer;
}

/**
 * Who is behind a session, remembered for a few seconds on SQLite: autosave sends a request every few seconds
 * per person, and reading the session, person and roles is most of its database work. Sign-out and role
 * changes forget at once in this process, and SQLite has one process per database. On PostgreSQL several
 * servers share the database and a sign-out or role removal on one must hold on the others at once, so
 * nothing is remembered there (the bound is 0 s: every request reads the session and roles).
 */
const rememberMs = 5_000;
const remembers = (db: Db) => dialectOf(db) === "sqlite";
const remembered = new Map<string, { viewer: Viewer; until: number }>();

export function forgetViewers(sessionId?: string) {
  if (sessionId) remembered.delete(sessionId);
  else remembered.clear();
}

/**
 * Forgets every remembered session of a person at once: after a deactivation, a password change or a reset,
 * the person's other sessions must not live on here for the few seconds the cache would keep them.
 */
export function forgetPerson(personId: number) {
  for (const [id, hit] of remembered) if (hit.viewer.id === personId) remembered.delete(id);
}

/** Ends the request's session (sign-out, or the old session at sign-in): forgotten here, deleted there. */
export async function endSession(db: Db, request: Request): Promise<string> {
  const id = await sessionIdOf(request);
  if (id) forgetViewers(id);
  return destroySession(db, request);
}

async function loadViewer(db: Db, request: Request): Promise<Viewer | null> {
  const id = await sessionIdOf(request);
  if (!id) return null;
  if (!remembers(db)) return (await readViewer(db, request))?.viewer ?? null;
  const hit = remembered.get(id);
  if (hit && hit.until > Date.now()) return hit.viewer;
  const read = await readViewer(db, request);
  if (remembered.size > 10_000) remembered.clear();
  if (!read) {
    remembered.delete(id);
    return null;
  }
  // Never remembered past the session's absolute end.
  remembered.set(id, { viewer: read.viewer, until: Math.min(Date.now() + rememberMs, read.endsAt) });
  return read.viewer;
}

async function readViewer(db: Db, request: Request): Promise<{ viewer: Viewer; endsAt: number } | null> {
  const session = await readSession(db, request);
  if (!session?.holder) return null;
  const { holder } = session;
  const viewer: Viewer = {
    id: session.personId,
    name: holder.name,
    email: holder.email,
    grants: holder.grants.map((g) => ({ ...g, role: g.role as Role })),
    csrfToken: session.csrfToken,
    sessionId: session.id,
    mustChangePassword: holder.mustChangePassword,
  };
  return { viewer, endsAt: session.endsAt };
}

/** The per-session token every signed-in form and autosave carries (server.mjs also refuses foreign Origins). */
async function assertCsrfToken(request: Request, viewer: Viewer) {
  let given: unknown = request.headers.get("X-CSRF-Token");
  if (!given && (request.headers.get("Content-Type") ?? "").includes("form")) {
    // Read once, within the route's limits; the action reads the same parsed form.
    given = (await readForm(request)).get("csrf");
  }
  if (!csrfTokenMatches(viewer.csrfToken, given)) {
    throw new Response("The form has expired. Go back, reload the page and try again.", { status: 403 });
  }
}

/** The signed-in person, or a redirect to sign in. Non-GET requests must carry the session's CSRF token. */
export async function requireViewer(request: Request): Promise<Viewer> {
  const viewer = await getViewer(request);
  if (!viewer) {
    const url = new URL(request.url);
    const back = request.method === "GET" ? url.pathname + url.search : "/";
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
  }
  if (request.method !== "GET" && request.method !== "HEAD") await assertCsrfToken(request, viewer);
  if (viewer.mustChangePassword && !mayWaitForNewPassword(new URL(request.url).pathname))
    throw redirect("/account/password");
  return viewer;
}

/** With a first password still to change, only these pages open. */
const mayWaitForNewPassword = (path: string) => path === "/account/password" || path === "/sign-out";

/** The viewer, if they hold the permission for the scope; otherwise 403. */
export async function authorise(
  request: Request,
  permission: Permission,
  scope: Scope = {},
): Promise<Viewer> {
  const viewer = await requireViewer(request);
  if (!can(viewer.grants, permission, scope)) throw forbidden();
  return viewer;
}

/**
 * The viewer and the organisation, when the viewer may act on it. An organisation the viewer may not see
 * at all answers 404, so its existence is not confirmed to outsiders; one they see but may not act on, 403.
 */
export async function authoriseOrganisation(request: Request, odsCode: string, permission: Permission) {
  const viewer = await requireViewer(request);
  const organisation = await getDb()
    .selectFrom("organisation")
    .select(["ods_code", "name", "care_setting", "region_code", "icb_code", "status"])
    .where("ods_code", "=", odsCode.toUpperCase())
    .executeTakeFirst();
  const scope = organisation && {
    organisation: { odsCode: organisation.ods_code, regionCode: organisation.region_code },
  };
  if (!organisation || !scope || !can(viewer.grants, "organisation.view", scope)) throw notFound();
  if (!can(viewer.grants, permission, scope)) throw forbidden();
  return { viewer, organisation };
}

/**
 * The viewer and the region's code, when the viewer may compare the region's organisations (its analysts,
 * administrators). A code that is no NHS England region answers 404.
 */
export async function authoriseRegion(request: Request, regionCode: string | undefined) {
  if (!regionCode || !isOwnKey(regions, regionCode)) throw notFound();
  return { viewer: await authorise(request, "region.compare", { regionCode }), regionCode };
}

export const notFound = () => new Response("Not found", { status: 404 });
export const forbidden = () => new Response("Forbidden", { status: 403 });

/** The caller's network address, as the server saw it (for the audit log and sign-in throttling). */
export const clientAddress = (context: { clientAddress?: unknown }) =>
  typeof context.clientAddress === "string" ? context.clientAddress : null;
