import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client } from "../support/client";
import {
  freePort,
  keyClientId,
  startTestProvider,
  type TestProvider,
  walkProviderSignIn,
} from "../support/oidc-provider";
import { type RunningServer, startServer } from "../support/server";
import { openWritableDatabase, type WritableDb } from "../support/sync-database";

// Sign-in through a real OpenID provider (oidc-provider on loopback), against the built server: linking by
// verified email then by subject, and every way a callback can be refused, each with a page and an audit entry.

let server: RunningServer;
/** Signs its client in with private_key_jwt, and has PASSWORD_SIGN_IN=off. */
let withKey: RunningServer;
let idp: TestProvider;
let db: WritableDb;
const keyDir = mkdtempSync(join(tmpdir(), "dm-oidc-key-"));

beforeAll(async () => {
  const [port, keyPort] = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${port}`;
  const keyPublicUrl = `http://127.0.0.1:${keyPort}`;
  // The private_key_jwt client's key, and its JWKS as the command line prints it for the registration.
  const keyFile = join(keyDir, "client-key.pem");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
  const keyEnv = {
    OIDC_ISSUER: "https://idp.example",
    OIDC_CLIENT_ID: keyClientId,
    OIDC_PRIVATE_KEY_FILE: keyFile,
    PUBLIC_URL: keyPublicUrl,
  };
  const jwks = JSON.parse(
    execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "app/cli.ts", "oidc", "jwks"], {
      env: { ...process.env, ...keyEnv },
      encoding: "utf8",
    }),
  );
  idp = await startTestProvider(publicUrl, { publicUrl: keyPublicUrl, jwks });
  [server, withKey] = await Promise.all([
    startServer({ PORT: String(port), ...idp.env }),
    startServer({ PORT: String(keyPort), ...keyEnv, OIDC_ISSUER: idp.issuer, PASSWORD_SIGN_IN: "off" }),
  ]);
  expect(server.url).toBe(publicUrl);
  db = openWritableDatabase(server.databaseUrl);
}, 120_000);

afterAll(async () => {
  db?.close();
  await Promise.all([server?.stop(), withKey?.stop()]);
  await idp?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

beforeEach(({ onTestFailed }) => {
  idp.tamper("none");
  onTestFailed(() => console.error(`Server output:\n${server.output().slice(-3000)}`));
});

const lastAudit = (action: string) =>
  db
    .prepare("SELECT person_id, subject, details FROM audit_event WHERE action = ? ORDER BY id DESC LIMIT 1")
    .get(action) as { person_id: number | null; subject: string | null; details: string } | undefined;
const auditCount = () => (db.prepare("SELECT count(*) AS n FROM audit_event").get() as { n: number }).n;
const personId = (email: string) =>
  (db.prepare("SELECT id FROM person WHERE email = ?").get(email) as { id: number }).id;

/** Signs in through the provider and follows the callback; returns the service's answer to it. */
async function signInThroughProvider(login: string, options: Parameters<typeof walkProviderSignIn>[2] = {}) {
  const app = new Client(server.url);
  const { callback, flowCookie } = await walkProviderSignIn(app, login, options);
  const response = await app.get(callback);
  return { app, callback, flowCookie, response };
}

async function expectRefusal(
  response: Response,
  status: number,
  heading: string,
  reason: string,
  before: number,
) {
  expect(response.status).toBe(status);
  const page = await response.text();
  expect(page).toContain(heading);
  expect(page).toContain('href="/sign-in"');
  expect(response.headers.getSetCookie().some((c) => c.startsWith("dm_session="))).toBe(false);
  expect(auditCount()).toBe(before + 1);
  expect(JSON.parse(lastAudit("sign-in.refused")?.details ?? "{}")).toMatchObject({ method: "oidc", reason });
}

describe("the sign-in page", () => {
  it("offers the provider's button beside the password form", async () => {
    const page = await (await new Client(server.url).get("/sign-in")).text();
    expect(page).toContain("Sign in with your NHS account");
    expect(page).toContain('action="/auth/oidc/start"');
    expect(page).toContain('name="password"');
  });

  it("lets the form post on to the provider (Content-Security-Policy form-action)", async () => {
    const csp = (await new Client(server.url).get("/sign-in")).headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain(`form-action 'self' ${idp.issuer}`);
  });

  it("with PASSWORD_SIGN_IN=off shows only the provider, and refuses password posts", async () => {
    const client = new Client(withKey.url);
    const page = await (await client.get("/sign-in")).text();
    expect(page).toContain("Sign in with your NHS account");
    expect(page).not.toContain('name="password"');
    const post = await client.post("/sign-in", {
      email: "admin@demo.example",
      password: "demo-password-2026",
    });
    expect(post.status).toBe(404);
    expect(post.headers.getSetCookie().some((c) => c.startsWith("dm_session="))).toBe(false);
  });
});

describe("client authentication", () => {
  it("signs in with private_key_jwt (RS512), the key registered from `cli oidc jwks`", async () => {
    const app = new Client(withKey.url);
    const { callback } = await walkProviderSignIn(app, "lead");
    const response = await app.get(callback);
    expect(response.status).toBe(302);
    expect(await (await app.get("/")).text()).toContain("Sign out");
  });
});

describe("linking", () => {
  it("links a verified email an administrator added, then finds the person by subject alone", async () => {
    const { app, response } = await signInThroughProvider("lead");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    const home = await (await app.get("/")).text();
    expect(home).toContain("Sign out");
    const lead = personId("lead@demo.example");
    expect(
      db.prepare("SELECT person_id, subject FROM person_identity WHERE issuer = ?").all(idp.issuer),
    ).toContainEqual({
      person_id: lead,
      subject: "lead",
    });
    expect(lastAudit("identity.linked")?.person_id).toBe(lead);
    expect(JSON.parse(lastAudit("sign-in.succeeded")?.details ?? "{}")).toMatchObject({
      method: "oidc",
      firstLink: true,
    });

    // Linked: the email here may change, the subject still finds the person.
    db.prepare("UPDATE person SET email = 'lead.renamed@demo.example' WHERE id = ?").run(lead);
    try {
      const again = await signInThroughProvider("lead");
      expect(again.response.status).toBe(302);
      expect(lastAudit("sign-in.succeeded")?.person_id).toBe(lead);
      expect(JSON.parse(lastAudit("sign-in.succeeded")?.details ?? "{}")).toMatchObject({ firstLink: false });
    } finally {
      db.prepare("UPDATE person SET email = 'lead@demo.example' WHERE id = ?").run(lead);
    }
  });

  it("matches the email whatever its case", async () => {
    const { response } = await signInThroughProvider("contributor");
    expect(response.status).toBe(302);
    expect(lastAudit("sign-in.succeeded")?.person_id).toBe(personId("contributor@demo.example"));
  });

  it("refuses someone nobody added, creates nothing, and says to ask the administrator", async () => {
    const people = (db.prepare("SELECT count(*) AS n FROM person").get() as { n: number }).n;
    const before = auditCount();
    const { response } = await signInThroughProvider("stranger");
    await expectRefusal(
      response,
      403,
      "Ask your organisation&#x27;s administrator to add you",
      "unknown-person",
      before,
    );
    expect((db.prepare("SELECT count(*) AS n FROM person").get() as { n: number }).n).toBe(people);
    expect(lastAudit("sign-in.refused")?.subject).toBe("stranger@nowhere.example");
  });

  it("refuses an email the provider has not verified", async () => {
    const before = auditCount();
    const { response } = await signInThroughProvider("unverified");
    await expectRefusal(response, 403, "Your email address is not verified", "email-unverified", before);
    expect(db.prepare("SELECT 1 FROM person_identity WHERE subject = 'unverified'").get()).toBeUndefined();
  });
});

describe("a hostile or broken answer is refused", () => {
  it("a tampered state", async () => {
    const app = new Client(server.url);
    const { callback } = await walkProviderSignIn(app, "lead");
    const tampered = callback.replace(/state=[^&]+/, "state=tampered");
    const before = auditCount();
    await expectRefusal(
      await app.get(tampered),
      400,
      "We could not check your sign-in",
      "response-not-trusted",
      before,
    );
  });

  it("a callback with no sign-in started in this browser", async () => {
    const { callback } = await walkProviderSignIn(new Client(server.url), "lead");
    const before = auditCount();
    const other = new Client(server.url);
    await expectRefusal(
      await other.get(callback),
      400,
      "Your sign-in could not be finished",
      "no-sign-in-started",
      before,
    );
  });

  it("a replayed code, with or without the flow cookie", async () => {
    const { app, callback, flowCookie, response } = await signInThroughProvider("lead");
    expect(response.status).toBe(302);
    // The same browser: its flow cookie was used up.
    let before = auditCount();
    await expectRefusal(
      await app.get(callback),
      400,
      "Your sign-in could not be finished",
      "no-sign-in-started",
      before,
    );
    // Someone who copied the cookie too: the provider refuses the used code.
    before = auditCount();
    const replay = await fetch(server.url + callback, {
      headers: { Cookie: flowCookie },
      redirect: "manual",
    });
    await expectRefusal(replay, 400, "We could not check your sign-in", "response-not-trusted", before);
    expect(JSON.parse(lastAudit("sign-in.refused")?.details ?? "{}").detail).toContain("invalid_grant");
  });

  it("an ID token with the wrong nonce", async () => {
    const before = auditCount();
    const { response } = await signInThroughProvider("lead", {
      changeAuthorizationUrl: (url) => url.searchParams.set("nonce", "a-nonce-the-service-never-made"),
    });
    await expectRefusal(response, 400, "We could not check your sign-in", "response-not-trusted", before);
    expect(JSON.parse(lastAudit("sign-in.refused")?.details ?? "{}").detail).toContain("nonce");
  });

  it("an expired ID token, signed with the provider's own key", async () => {
    idp.tamper("expired-id-token");
    const before = auditCount();
    const { response } = await signInThroughProvider("lead");
    await expectRefusal(response, 400, "We could not check your sign-in", "response-not-trusted", before);
    expect(JSON.parse(lastAudit("sign-in.refused")?.details ?? "{}").detail).toMatch(/TIMESTAMP|exp/);
  });

  it("an ID token signed with a key the provider never published", async () => {
    idp.tamper("wrongly-signed-id-token");
    const before = auditCount();
    const { response } = await signInThroughProvider("lead");
    await expectRefusal(response, 400, "We could not check your sign-in", "response-not-trusted", before);
    expect(JSON.parse(lastAudit("sign-in.refused")?.details ?? "{}").detail).toMatch(/signature/i);
  });

  it("a provider that says the person did not sign in", async () => {
    const app = new Client(server.url);
    const start = await app.post("/auth/oidc/start", { provider: "nhs", redirectTo: "/" });
    const state = new URL(start.headers.get("Location") ?? "").searchParams.get("state") ?? "";
    const before = auditCount();
    const response = await app.get(
      `/auth/oidc/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(idp.issuer)}`,
    );
    await expectRefusal(response, 400, "You did not finish signing in", "provider-refused", before);
  });

  it("a deactivated person, even when linked", async () => {
    await signInThroughProvider("admin");
    const admin = personId("admin@demo.example");
    db.prepare("UPDATE person SET deactivated_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").run(admin);
    try {
      const before = auditCount();
      const { response } = await signInThroughProvider("admin");
      await expectRefusal(response, 403, "Your account has been deactivated", "deactivated", before);
    } finally {
      db.prepare("UPDATE person SET deactivated_at = NULL WHERE id = ?").run(admin);
    }
  });

  it("a sign-in start for a provider that is not configured", async () => {
    const response = await new Client(server.url).post("/auth/oidc/start", { provider: "elsewhere" });
    expect(response.status).toBe(400);
  });
});

describe("sessions started through the provider", () => {
  it("redirects to the page asked for, only on this site", async () => {
    const { response } = await signInThroughProvider("lead", { redirectTo: "/organisations/ZD01" });
    expect(response.headers.get("Location")).toBe("/organisations/ZD01");
    const offsite = await signInThroughProvider("lead", { redirectTo: "//evil.example/" });
    expect(offsite.response.headers.get("Location")).toBe("/");
  });

  it("sign-out ends our session and sends the browser to the provider's end-session endpoint", async () => {
    const { app } = await signInThroughProvider("lead");
    await app.readCsrfToken();
    const out = await app.post("/sign-out");
    expect(out.status).toBe(302);
    const location = new URL(out.headers.get("Location") ?? "");
    expect(location.origin + location.pathname).toBe(`${idp.issuer}/session/end`);
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(`${server.url}/signed-out`);
    expect(location.searchParams.get("id_token_hint")).toBeTruthy();
    // The provider accepts it: it shows its sign-out confirmation.
    expect((await fetch(location)).status).toBe(200);
    expect((await app.get("/organisations/ZD01")).status).toBe(302);
  });

  it("ends after SESSION_MAX_HOURS however active it is", async () => {
    const { app, response } = await signInThroughProvider("lead");
    expect(response.status).toBe(302);
    // Sign-in made no request that remembered the session; age it past the absolute lifetime (12 h).
    db.prepare(
      "UPDATE session SET created_at = ? WHERE person_id = ? AND provider_id = 'nhs' AND created_at = (SELECT max(created_at) FROM session WHERE person_id = ?)",
    ).run(
      new Date(Date.now() - 13 * 3_600_000).toISOString(),
      personId("lead@demo.example"),
      personId("lead@demo.example"),
    );
    const after = await app.get("/organisations/ZD01");
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/sign-in/);
  });
});
