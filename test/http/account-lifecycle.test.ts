import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";
import { openWritableDatabase, type WritableDb } from "../support/sync-database";

// The account lifecycle over HTTP against the built server: changing your own password ends your other
// sessions; an administrator's reset makes you choose a new one; deactivation ends every session at once and
// refuses sign-in; removing your last role in an organisation ends your access there. Each step is audited.
// "Another device" is another client with its own session cookie, which has already used its session (so the
// in-process viewer cache remembers it: it must be forgotten, not left to expire).

const demoPassword = "demo-password-2026";
let server: RunningServer;
let db: WritableDb;

beforeAll(async () => {
  server = await startServer();
  db = openWritableDatabase(server.databaseUrl);
}, 60_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output:\n${server.output().slice(-3000)}`));
});

const personId = (email: string) =>
  (db.prepare("SELECT id FROM person WHERE email = ?").get(email) as { id: number }).id;
const lastAudit = (action: string) =>
  db
    .prepare("SELECT person_id, subject, details FROM audit_event WHERE action = ? ORDER BY id DESC LIMIT 1")
    .get(action) as { person_id: number | null; subject: string | null; details: string } | undefined;
const sessionsOf = (email: string) =>
  (db.prepare("SELECT count(*) AS n FROM session WHERE person_id = ?").get(personId(email)) as { n: number })
    .n;

const signIn = (email: string, password = demoPassword) => new Client(server.url).signIn(email, password);

/** A signed-in page answers 200; a session that ended answers with a redirect to sign in. */
async function isSignedIn(client: Client, path = "/organisations/ZD01") {
  const response = await client.get(path);
  if (response.status === 302 && response.headers.get("Location")?.startsWith("/sign-in")) return false;
  expect(response.status).toBe(200);
  return true;
}

describe("changing your own password", () => {
  const email = "contributor@demo.example";
  const next = "a brand new password 2026";

  it("needs the current password and a confirmed new one", async () => {
    const device = await signIn(email);
    const wrong = await device.post("/account/password", { current: "not it", next, confirm: next });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Enter your current password correctly");
    const mismatch = await device.post("/account/password", {
      current: demoPassword,
      next,
      confirm: "other",
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("The passwords do not match");
    const short = await device.post("/account/password", {
      current: demoPassword,
      next: "short",
      confirm: "short",
    });
    expect(short.status).toBe(400);
    expect(await signIn(email)).toBeTruthy(); // nothing changed
  });

  it("ends every other session at once and keeps this one", async () => {
    const laptop = await signIn(email);
    const phone = await signIn(email);
    expect(await isSignedIn(phone)).toBe(true);
    const changed = await laptop.post("/account/password", { current: demoPassword, next, confirm: next });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("You have been signed out everywhere else");
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);
    expect(sessionsOf(email)).toBe(1);
    expect(lastAudit("password.changed")).toMatchObject({ person_id: personId(email), subject: email });
    // The old password no longer works; the new one does.
    const old = await new Client(server.url).post("/sign-in", { email, password: demoPassword });
    expect(old.status).toBe(400);
    expect(await signIn(email, next)).toBeTruthy();
  });
});

describe("an administrator resets a password", () => {
  const email = "lead@demo.example";
  const first = "first password from the admin";

  it("ends the person's sessions and makes them choose a new password before anything else", async () => {
    const admin = await signIn("admin@demo.example");
    const lead = await signIn(email);
    expect(await isSignedIn(lead)).toBe(true);
    const reset = await admin.post(`/admin/people/${personId(email)}`, {
      intent: "reset-password",
      password: first,
    });
    expect(reset.status).toBe(302);
    expect(await isSignedIn(lead)).toBe(false);
    expect(sessionsOf(email)).toBe(0);
    expect(lastAudit("password.reset")).toMatchObject({
      person_id: personId("admin@demo.example"),
      subject: email,
    });

    const again = await signIn(email, first);
    const blocked = await again.get("/organisations/ZD01");
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("Location")).toBe("/account/password");
    const page = await (await again.get("/account/password")).text();
    expect(page).toContain("Choose your own password to continue");
    const mine = "the lead's own new password";
    const changed = await again.post("/account/password", { current: first, next: mine, confirm: mine });
    expect(changed.status).toBe(200);
    expect(await isSignedIn(again)).toBe(true);
  });

  it("refuses a first password that is too short, with the error on the page", async () => {
    const admin = await signIn("admin@demo.example");
    const response = await admin.post(`/admin/people/${personId(email)}`, {
      intent: "reset-password",
      password: "short",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("12 characters or more");
  });
});

describe("an administrator deactivates a person", () => {
  const email = "board@demo.example";

  it("ends their sessions at once, refuses sign-in, keeps their history, and can be undone", async () => {
    const admin = await signIn("admin@demo.example");
    const board = await signIn(email);
    expect(await isSignedIn(board)).toBe(true);
    const id = personId(email);
    const historyBefore = (
      db.prepare("SELECT count(*) AS n FROM audit_event WHERE person_id = ?").get(id) as { n: number }
    ).n;

    const deactivated = await admin.post(`/admin/people/${id}`, { intent: "deactivate" });
    expect(deactivated.status).toBe(302);
    expect(await isSignedIn(board)).toBe(false);
    expect(sessionsOf(email)).toBe(0);
    const refused = await new Client(server.url).post("/sign-in", { email, password: demoPassword });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Your account has been deactivated");
    expect(refused.headers.getSetCookie().some((c) => c.startsWith("dm_session="))).toBe(false);
    expect(lastAudit("person.deactivated")).toMatchObject({ subject: email });
    expect(JSON.parse(lastAudit("sign-in.refused")?.details ?? "{}")).toMatchObject({
      reason: "deactivated",
    });
    // History and attributions are kept: the person, their roles and their audit entries are all still there.
    expect(db.prepare("SELECT name FROM person WHERE id = ?").get(id)).toBeTruthy();
    expect(
      (db.prepare("SELECT count(*) AS n FROM audit_event WHERE person_id = ?").get(id) as { n: number }).n,
    ).toBeGreaterThanOrEqual(historyBefore);
    const list = await (await admin.get("/admin/people")).text();
    expect(list).toContain("Deactivated");

    const reactivated = await admin.post(`/admin/people/${id}`, { intent: "reactivate" });
    expect(reactivated.status).toBe(302);
    expect(lastAudit("person.reactivated")).toMatchObject({ subject: email });
    expect(await isSignedIn(await signIn(email))).toBe(true);
  });

  it("does not let administrators deactivate themselves", async () => {
    const admin = await signIn("admin@demo.example");
    const response = await admin.post(`/admin/people/${personId("admin@demo.example")}`, {
      intent: "deactivate",
    });
    expect(response.status).toBe(400);
    expect(await isSignedIn(admin)).toBe(true);
  });

  it("is for administrators only", async () => {
    const analyst = await signIn("analyst@demo.example");
    expect((await analyst.post(`/admin/people/${personId(email)}`, { intent: "deactivate" })).status).toBe(
      403,
    );
    expect((await analyst.get(`/admin/people/${personId(email)}`)).status).toBe(403);
    const admin = await signIn("admin@demo.example");
    expect((await admin.get("/admin/people/999999")).status).toBe(404);
    expect((await admin.post(`/admin/people/${personId(email)}`, { intent: "explode" })).status).toBe(400);
  });
});

describe("removing someone's last role in an organisation", () => {
  it("ends their access there on their very next request", async () => {
    const email = "contributor@demo.example";
    // This file changed the contributor's password earlier; give them a known one again.
    const admin = await signIn("admin@demo.example");
    const contributorId = personId(email);
    const known = "contributor password again";
    await admin.post(`/admin/people/${contributorId}`, { intent: "reset-password", password: known });
    const contributor = await signIn(email, known);
    const mine = "contributor's own password";
    await contributor.post("/account/password", { current: known, next: mine, confirm: mine });
    expect(await isSignedIn(contributor)).toBe(true);

    const roles = db
      .prepare("SELECT id FROM role_assignment WHERE person_id = ? AND organisation_code = 'ZD01'")
      .all(contributorId) as { id: number }[];
    expect(roles).toHaveLength(1);
    const removed = await admin.post("/admin/people", { assignmentId: String(roles[0]?.id) });
    expect(removed.status).toBe(302);
    expect((await contributor.get("/organisations/ZD01")).status).toBe(404);
    expect(JSON.parse(lastAudit("role.removed")?.details ?? "{}")).toMatchObject({
      organisation: "ZD01",
      lastRoleInOrganisation: true,
    });
  });
});
