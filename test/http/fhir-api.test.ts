import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../support/client";
import {
  answerAllRequired,
  autosave,
  openDatabase,
  type Person,
  signInAll,
  startAssessment,
  storedAnswers,
} from "../support/assessment";
import { medplumErrors, responseProblems } from "../support/fhir-validator";
import { type RunningServer, startServer, testPublicUrl } from "../support/server";
import { openWritableDatabase } from "../support/sync-database";
import { coreVersion } from "../support/core-version";

// The open FHIR R4 API against the built server over real HTTP: the CapabilityStatement, Questionnaire
// search and read, QuestionnaireResponse search, read and import with API tokens made on the tokens page;
// the authorisation matrix for tokens, bad resources, a conflict with a web edit, rate limits, the audit log.

const rateLimit = 40;
let server: RunningServer;
let as: Record<Person, Client>;
let assessmentId: number;
const tokens: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: FHIR JSON from outside, read loosely in assertions
type Json = Record<string, any>;
const fhir = (path: string, token?: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("Accept", "application/fhir+json");
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return fetch(`${server.url}/fhir${path}`, { ...init, headers, redirect: "manual" });
};
const post = (token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  fhir("/QuestionnaireResponse", token, {
    method: "POST",
    body: typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    headers: { "Content-Type": "application/fhir+json", ...headers },
  });

async function createToken(client: Client, fields: Record<string, string>) {
  const response = await client.post("/api-tokens", {
    intent: "create",
    expiresInDays: "30",
    access: "read",
    ...fields,
  });
  const html = await response.text();
  const token = html.match(/data-testid="new-token">(dma_[A-Za-z0-9_-]+)</)?.[1];
  if (response.status !== 200 || !token)
    throw new Error(`token not created (${response.status}): ${html.slice(0, 300)}`);
  return token;
}

function withDb<T>(fn: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(server);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * The one write this file makes behind the server's back: no request can make a token older. (Expiry at
 * the model level, on the service's own database factory, is in test/integration/api-tokens.test.ts.)
 */
async function expireToken(name: string) {
  const writable = openWritableDatabase(server.databaseUrl);
  try {
    writable.prepare("UPDATE api_token SET expires_at = '2000-01-01T00:00:00.000Z' WHERE name = ?").run(name);
  } finally {
    writable.close();
  }
}

let otherOrganisation: { ods_code: string; region_code: string };
let zd01Region: string;

beforeAll(async () => {
  server = await startServer({ FHIR_RATE_LIMIT_PER_MINUTE: String(rateLimit) });
  as = await signInAll(server);
  assessmentId = await startAssessment(as.lead);
  await answerAllRequired(as.contributor, server, assessmentId, {
    overrides: {
      "paperless-epr-coverage": {
        value: "3",
        evidence: "EPR board paper",
        links: "https://intranet.example/epr",
      },
      "citizen-nhs-app": {
        value: undefined,
        notApplicable: "yes",
        reason: "No services in the app",
        evidence: "Minute 12",
      },
    },
  });
  zd01Region = withDb(
    (db) =>
      (
        db.prepare("SELECT region_code FROM organisation WHERE ods_code = 'ZD01'").get() as {
          region_code: string;
        }
      ).region_code,
  );
  otherOrganisation = withDb(
    (db) =>
      db
        .prepare(
          "SELECT ods_code, region_code FROM organisation WHERE ods_code <> 'ZD01' AND region_code <> ? AND care_setting = 'acute' LIMIT 1",
        )
        .get(zd01Region) as { ods_code: string; region_code: string },
  );
  tokens.leadWrite = await createToken(as.lead, {
    name: "Warehouse",
    scope: "organisation:ZD01",
    access: "write",
  });
  tokens.leadRead = await createToken(as.lead, {
    name: "Dashboard",
    scope: "organisation:ZD01",
    access: "read",
  });
  tokens.analyst = await createToken(as.analyst, { name: "Region", scope: "region:Y56" });
  tokens.adminOther = await createToken(as.admin, {
    name: "Other",
    scope: `organisation:${otherOrganisation.ods_code}`,
    access: "write",
  });
  tokens.revoked = await createToken(as.lead, { name: "Old", scope: "organisation:ZD01", access: "write" });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe("metadata and questionnaires (public)", () => {
  it("GET /fhir/metadata is a CapabilityStatement that Medplum accepts", async () => {
    const response = await fhir("/metadata");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/fhir\+json/);
    const statement = await response.json();
    expect(statement).toMatchObject({
      resourceType: "CapabilityStatement",
      fhirVersion: "4.0.1",
      kind: "instance",
    });
    expect(statement.rest[0].resource.map((r: Json) => r.type)).toEqual([
      "Questionnaire",
      "QuestionnaireResponse",
    ]);
    expect(medplumErrors(statement)).toEqual([]);
  });

  it("searches Questionnaires by url, version, name and status, and reads one", async () => {
    const all = await (await fhir("/Questionnaire")).json();
    expect(all).toMatchObject({ resourceType: "Bundle", type: "searchset" });
    // Core v1 to v4: five care settings each; board v1: six, v2 and v3: seven (with "other"); ICB v1, v2: one.
    expect(all.total).toBe(42);
    const url = `${testPublicUrl}/questionnaires/core-digital-maturity/acute`;
    const byUrl = await (await fhir(`/Questionnaire?url=${encodeURIComponent(url)}`)).json();
    // One canonical url per questionnaire and care setting, in every version (lineage keeps the linkIds).
    expect(byUrl.entry.map((e: Json) => e.resource.id).sort()).toEqual([
      "core-digital-maturity-v1-acute",
      "core-digital-maturity-v2-acute",
      "core-digital-maturity-v3-acute",
      "core-digital-maturity-v4-acute",
    ]);
    const byName = await (
      await fhir("/Questionnaire?name=coredigitalmaturity&version=1&status=active")
    ).json();
    expect(byName.total).toBe(5);
    const v2 = await (await fhir("/Questionnaire?name=coredigitalmaturity&version=2")).json();
    expect(v2.total).toBe(5);
    const none = await (await fhir("/Questionnaire?status=retired")).json();
    expect(none.total).toBe(0);
    const read = await fhir("/Questionnaire/core-digital-maturity-v1-ambulance");
    expect(read.status).toBe(200);
    const resource = await read.json();
    expect(resource.url).toBe(`${testPublicUrl}/questionnaires/core-digital-maturity/ambulance`);
    expect(byUrl.entry.map((e: Json) => e.fullUrl)).toContain(
      `${testPublicUrl}/fhir/Questionnaire/core-digital-maturity-v1-acute`,
    );
  });

  it("answers errors as OperationOutcomes: unknown id, unknown parameter, unknown path, wrong method", async () => {
    for (const [path, init, status] of [
      ["/Questionnaire/nope", {}, 404],
      ["/Questionnaire?colour=blue", {}, 400],
      ["/Patient", {}, 404],
      [
        "/Questionnaire",
        { method: "POST", body: "{}", headers: { "Content-Type": "application/fhir+json" } },
        405,
      ],
    ] as const) {
      const response = await fhir(path, undefined, init as RequestInit);
      expect(response.status, path).toBe(status);
      expect((await response.json()).resourceType, path).toBe("OperationOutcome");
      expect(response.headers.get("Cache-Control"), path).toBe("no-store");
    }
  });

  it("is never cached: every answer says no-store", async () => {
    for (const path of ["/metadata", "/Questionnaire", "/Questionnaire/core-digital-maturity-v1-acute"]) {
      const response = await fhir(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("Cache-Control"), path).toBe("no-store");
    }
  });
});

describe("reading QuestionnaireResponses with tokens", () => {
  it("reads the organisation's response, valid against its Questionnaire, with its version as ETag", async () => {
    const response = await fhir(`/QuestionnaireResponse/assessment-${assessmentId}`, tokens.leadRead);
    expect(response.status).toBe(200);
    const resource = await response.json();
    expect(response.headers.get("ETag")).toBe(`W/"${resource.meta.versionId}"`);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    // The assessment started this cycle is on the newest core version, the one the start page offers.
    expect(resource.questionnaire).toBe(
      `${testPublicUrl}/questionnaires/core-digital-maturity/acute|${coreVersion}`,
    );
    const questionnaire = await (
      await fhir(`/Questionnaire/core-digital-maturity-v${coreVersion}-acute`)
    ).json();
    expect(responseProblems(resource, questionnaire)).toEqual([]);
    expect(medplumErrors(resource)).toEqual([]);
  });

  it("searches by subject, questionnaire, status and authored", async () => {
    const subject = encodeURIComponent("https://fhir.nhs.uk/Id/ods-organization-code|ZD01");
    const q = encodeURIComponent(`${testPublicUrl}/questionnaires/core-digital-maturity/acute|${coreVersion}`);
    const found = await (
      await fhir(
        `/QuestionnaireResponse?subject:identifier=${subject}&questionnaire=${q}&status=in-progress`,
        tokens.leadRead,
      )
    ).json();
    expect(found.entry.map((e: Json) => e.resource.id)).toEqual([`assessment-${assessmentId}`]);
    const completed = await (await fhir(`/QuestionnaireResponse?status=completed`, tokens.leadRead)).json();
    expect(completed.total).toBeGreaterThan(0);
    expect(completed.entry.every((e: Json) => e.resource.status === "completed")).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const recent = await (await fhir(`/QuestionnaireResponse?authored=ge${today}`, tokens.leadRead)).json();
    expect(recent.entry.map((e: Json) => e.resource.id)).toEqual([`assessment-${assessmentId}`]);
    const bad = await fhir(`/QuestionnaireResponse?authored=yesterday`, tokens.leadRead);
    expect(bad.status).toBe(400);
  });

  it("matrix: own organisation, another organisation, the region, revoked, expired, none, forged", async () => {
    const path = `/QuestionnaireResponse/assessment-${assessmentId}`;
    const revoke = await as.lead.get("/api-tokens");
    const id = withDb(
      (db) => (db.prepare("SELECT id FROM api_token WHERE name = 'Old'").get() as { id: number }).id,
    );
    expect(revoke.status).toBe(200);
    expect((await as.lead.post("/api-tokens", { intent: "revoke", id: String(id) })).status).toBe(200);
    const expired = await createToken(as.lead, { name: "Expired", scope: "organisation:ZD01" });
    await expireToken("Expired");
    const cases: [string, string | undefined, number][] = [
      ["own organisation (read)", tokens.leadRead, 200],
      ["own organisation (write)", tokens.leadWrite, 200],
      ["another organisation's token", tokens.adminOther, 404],
      [
        "the region's analyst",
        zd01Region === "Y56" ? tokens.analyst : tokens.adminOther,
        zd01Region === "Y56" ? 200 : 404,
      ],
      ["revoked", tokens.revoked, 401],
      ["expired", expired, 401],
      ["no token", undefined, 401],
      ["a made-up token", "dma_madeup", 401],
    ];
    for (const [name, token, status] of cases) {
      const response = await fhir(path, token);
      expect(response.status, name).toBe(status);
      expect((await response.json()).resourceType, name).toBe(
        status === 200 ? "QuestionnaireResponse" : "OperationOutcome",
      );
    }
    const other = await (await fhir("/QuestionnaireResponse", tokens.adminOther)).json();
    expect(
      other.entry.every((e: Json) => e.resource.subject.identifier.value === otherOrganisation.ods_code),
    ).toBe(true);
  });

  it("a token opens no web page, and a session cookie opens no API response", async () => {
    const page = await fetch(`${server.url}/assessments/${assessmentId}/fhir`, {
      headers: { Authorization: `Bearer ${tokens.leadWrite}` },
      redirect: "manual",
    });
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toMatch(/^\/sign-in/);
    const api = await as.lead.request(`/fhir/QuestionnaireResponse/assessment-${assessmentId}`);
    expect(api.status).toBe(401);
  });
});

describe("importing a QuestionnaireResponse", () => {
  let current: Json;
  let etag: string;
  const read = async () => {
    const response = await fhir(`/QuestionnaireResponse/assessment-${assessmentId}`, tokens.leadWrite);
    etag = response.headers.get("ETag")!;
    current = await response.json();
    return current;
  };
  const itemOf = (resource: Json, linkId: string): Json | undefined => {
    const walk = (items: Json[] = []): Json | undefined => {
      for (const i of items) {
        if (i.linkId === linkId) return i;
        const found = walk(i.item) ?? (i.answer ?? []).map((a: Json) => walk(a.item)).find(Boolean);
        if (found) return found;
      }
      return undefined;
    };
    return walk(resource.item);
  };
  const snapshot = () => withDb((db) => JSON.stringify([...storedAnswers(db, assessmentId)]));

  it("round-trips unchanged: every answer comes back as it was, nothing is written", async () => {
    await read();
    const before = snapshot();
    const response = await post(tokens.leadWrite, current, { "If-Match": etag });
    expect(response.status).toBe(200);
    expect(snapshot()).toBe(before);
  });

  it("imports a changed answer, N/A and links, through the revision rules, and audits it", async () => {
    await read();
    const copy = structuredClone(current);
    itemOf(copy, "paperless-epr-coverage")!.answer[0].valueCoding = {
      system: `${testPublicUrl}/questionnaires/core-digital-maturity/scales/maturity`,
      code: "4",
    };
    const links = itemOf(copy, "paperless-epr-coverage.evidence-links")!;
    links.answer.push({ valueString: "https://intranet.example/epr-2" });
    const response = await post(tokens.leadWrite, copy, { "If-Match": etag });
    expect(response.status, await response.clone().text()).toBe(200);
    const stored = withDb((db) => storedAnswers(db, assessmentId).get("paperless-epr-coverage"))!;
    expect(JSON.parse(stored.value!)).toBe(4);
    expect(JSON.parse(stored.evidence_links)).toEqual([
      "https://intranet.example/epr",
      "https://intranet.example/epr-2",
    ]);
    expect(stored.evidence).toBe("EPR board paper");
    const after = await response.json();
    expect(response.headers.get("ETag")).not.toBe(etag);
    expect(itemOf(after, "paperless-epr-coverage")!.answer[0].valueCoding.code).toBe("4");
    const audit = withDb(
      (db) =>
        db
          .prepare(
            "SELECT details FROM audit_event WHERE action = 'api-token.used' AND details LIKE '%POST%' ORDER BY id DESC LIMIT 1",
          )
          .get() as {
          details: string;
        },
    );
    expect(JSON.parse(audit.details)).toMatchObject({
      method: "POST",
      status: 200,
      saved: 1,
      assessment: assessmentId,
    });
    const change = withDb(
      (db) =>
        db
          .prepare(
            "SELECT p.email FROM answer_change c JOIN person p ON p.id = c.changed_by WHERE question_id = 'paperless-epr-coverage' ORDER BY c.id DESC LIMIT 1",
          )
          .get() as {
          email: string;
        },
    );
    expect(change.email).toBe("lead@demo.example");
  });

  it("refuses a conflict with a concurrent web edit whole: 409, nothing written", async () => {
    await read();
    const seen = etag;
    // Someone edits on the web after the client read the response.
    const revision = withDb(
      (db) => storedAnswers(db, assessmentId).get("paperless-clinical-noting")!.revision,
    );
    const web = await autosave(as.contributor, assessmentId, {
      "paperless-clinical-noting": { value: "2", revision: String(revision) },
    });
    expect(web.status).toBe(200);
    const copy = structuredClone(current);
    itemOf(copy, "paperless-clinical-noting")!.answer[0].valueCoding.code = "5";
    itemOf(copy, "paperless-data-for-decisions")!.answer[0].valueCoding.code = "1";
    const before = snapshot();
    const response = await post(tokens.leadWrite, copy, { "If-Match": seen });
    expect(response.status).toBe(409);
    const outcome = await response.json();
    expect(outcome.issue.map((i: Json) => i.expression[0])).toEqual([
      "QuestionnaireResponse.item.where(linkId='paperless-clinical-noting')",
    ]);
    expect(snapshot()).toBe(before);
    // Without any version, a differing stored answer is a conflict too.
    expect((await post(tokens.leadWrite, copy)).status).toBe(409);
  });

  it("refuses bad resources whole with an OperationOutcome, nothing written", async () => {
    await read();
    const before = snapshot();
    const mutate = (fn: (r: Json) => void) => {
      const copy = structuredClone(current);
      fn(copy);
      return copy;
    };
    const cases: [string, string | undefined, unknown, number][] = [
      ["a read-only token", tokens.leadRead, current, 403],
      [
        "another organisation's subject",
        tokens.leadWrite,
        mutate((r) => (r.subject.identifier.value = otherOrganisation.ods_code)),
        403,
      ],
      [
        "the wrong questionnaire",
        tokens.leadWrite,
        mutate(
          (r) => (r.questionnaire = `${testPublicUrl}/questionnaires/core-digital-maturity/ambulance|1`),
        ),
        422,
      ],
      [
        "an unknown questionnaire",
        tokens.leadWrite,
        mutate((r) => (r.questionnaire = "https://elsewhere.example/q|1")),
        422,
      ],
      [
        "an unknown linkId",
        tokens.leadWrite,
        mutate((r) => r.item[0].item.push({ linkId: "made-up", answer: [{ valueString: "x" }] })),
        422,
      ],
      [
        "a wrong answer type",
        tokens.leadWrite,
        mutate((r) => (itemOf(r, "paperless-epr-coverage")!.answer = [{ valueString: "three" }])),
        422,
      ],
      [
        "a code that is not an option",
        tokens.leadWrite,
        mutate((r) => (itemOf(r, "paperless-epr-coverage")!.answer[0].valueCoding.code = "9")),
        422,
      ],
      [
        "a number out of range",
        tokens.leadWrite,
        mutate((r) => (itemOf(r, "paperless-observations-beds")!.answer = [{ valueDecimal: 150 }])),
        422,
      ],
      ["not a QuestionnaireResponse", tokens.leadWrite, { resourceType: "Patient" }, 400],
      ["not JSON", tokens.leadWrite, "{nope", 400],
      ["oversized", tokens.leadWrite, JSON.stringify({ ...current, padding: "x".repeat(1_100_000) }), 413],
      // Past the 6 MB that server.mjs lets through to any route: refused there, still as an OperationOutcome.
      ["past the server's backstop", tokens.leadWrite, `{"padding":"${"x".repeat(6_500_000)}"}`, 413],
      // Deeper than any QuestionnaireResponse of ours nests: refused before a recursive validator sees it.
      [
        "nested 10,000 deep",
        tokens.leadWrite,
        JSON.stringify({ ...current, item: [] }).replace(
          '"item":[]',
          `"item":${'[{"linkId":"x","item":'.repeat(10_000)}[]${"}]".repeat(10_000)}`,
        ),
        400,
      ],
      ["not UTF-8", tokens.leadWrite, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 400],
    ];
    for (const [name, token, body, status] of cases) {
      const response = await post(token, body, { "If-Match": etag });
      expect(response.status, name).toBe(status);
      expect(response.headers.get("Content-Type"), name).toMatch(/^application\/fhir\+json/);
      expect((await response.json()).resourceType, name).toBe("OperationOutcome");
    }
    const wrongType = await fhir("/QuestionnaireResponse", tokens.leadWrite, {
      method: "POST",
      body: "x",
      headers: { "Content-Type": "text/plain" },
    });
    expect(wrongType.status).toBe(415);
    expect(snapshot()).toBe(before);
  });

  it("takes token-authenticated posts without an Origin (API clients), refuses another site's as an OperationOutcome", async () => {
    await read();
    // Node's fetch, like curl or an integration engine, sends no Origin header.
    const plain = await post(tokens.leadWrite, current, { "If-Match": etag });
    expect(plain.status).toBe(200);
    const sameSite = await post(tokens.leadWrite, current, { "If-Match": etag, Origin: server.url });
    expect(sameSite.status).toBe(200);
    const before = snapshot();
    const crossSite = await post(tokens.leadWrite, current, {
      "If-Match": etag,
      Origin: "https://elsewhere.example",
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("Content-Type")).toMatch(/^application\/fhir\+json/);
    expect((await crossSite.json()).issue[0].code).toBe("security");
    expect(snapshot()).toBe(before);
    // A cookie session is still refused a cross-site form post, as before.
    const form = await as.lead.request("/api-tokens", {
      method: "POST",
      body: new URLSearchParams({
        csrf: as.lead.csrfToken,
        intent: "create",
        name: "Cross-site",
        scope: "organisation:ZD01",
        access: "read",
        expiresInDays: "30",
      }),
      headers: { Origin: "https://elsewhere.example" },
    });
    expect(form.status).toBe(403);
  });

  it("rate-limits each token: past the budget, 429 with Retry-After, and it is audited", async () => {
    const token = await createToken(as.lead, { name: "Busy", scope: "organisation:ZD01" });
    const statuses: number[] = [];
    for (let i = 0; i < rateLimit + 1; i++)
      statuses.push((await fhir("/QuestionnaireResponse?_count=0", token)).status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(rateLimit - 1);
    const limited = await fhir("/QuestionnaireResponse?_count=0", token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another token is not affected.
    expect((await fhir("/QuestionnaireResponse?_count=0", tokens.leadRead)).status).toBe(200);
    const audited = withDb(
      (db) =>
        (
          db
            .prepare(
              "SELECT count(*) AS n FROM audit_event WHERE action = 'api-token.used' AND details LIKE '%429%'",
            )
            .get() as { n: number }
        ).n,
    );
    expect(audited).toBeGreaterThan(0);
  });

  it("writes every token use, creation and revocation to the audit log", () => {
    const actions = withDb(
      (db) =>
        db
          .prepare(
            "SELECT action, count(*) AS n FROM audit_event WHERE action LIKE 'api-token.%' GROUP BY action",
          )
          .all() as { action: string; n: number }[],
    );
    const byAction = Object.fromEntries(actions.map((a) => [a.action, a.n]));
    expect(byAction["api-token.created"]).toBeGreaterThanOrEqual(6);
    expect(byAction["api-token.revoked"]).toBe(1);
    expect(byAction["api-token.used"]).toBeGreaterThan(20);
  });
});

describe("the tokens page", () => {
  it("shows a token once, lists it without the secret, and refuses people who manage nothing", async () => {
    const html = await (await as.lead.get("/api-tokens")).text();
    expect(html).toContain("Warehouse");
    expect(html).not.toContain(tokens.leadWrite);
    expect((await as.contributor.get("/api-tokens")).status).toBe(403);
    const refused = await as.lead.post("/api-tokens", {
      intent: "create",
      name: "X",
      scope: `organisation:${otherOrganisation.ods_code}`,
      access: "write",
      expiresInDays: "30",
    });
    expect(refused.status).toBe(400);
    const analystWrite = await as.analyst.post("/api-tokens", {
      intent: "create",
      name: "X",
      scope: "region:Y56",
      access: "write",
      expiresInDays: "30",
    });
    const created = (await analystWrite.text()).match(/data-testid="new-token">(dma_[A-Za-z0-9_-]+)</)?.[1];
    // A regional token is read only, whatever was asked.
    expect(created).toBeDefined();
    expect(
      (
        await post(
          created,
          await (await fhir(`/QuestionnaireResponse/assessment-${assessmentId}`, tokens.leadRead)).json(),
        )
      ).status,
    ).toBe(403);
  });
});

describe("a deactivated account", () => {
  it("takes its tokens with it: 401 while the account is deactivated", async () => {
    const token = await createToken(as.lead, { name: "Leaver", scope: "organisation:ZD01" });
    const path = `/QuestionnaireResponse/assessment-${assessmentId}`;
    expect((await fhir(path, token)).status).toBe(200);
    const leadId = withDb(
      (db) =>
        (db.prepare("SELECT id FROM person WHERE email = 'lead@demo.example'").get() as { id: number }).id,
    );
    const deactivate = await as.admin.post(`/admin/people/${leadId}`, { intent: "deactivate" });
    expect(deactivate.status).toBe(302);
    const refused = await fhir(path, token);
    expect(refused.status).toBe(401);
    expect((await refused.json()).issue[0].diagnostics).toMatch(/deactivated/);
    expect((await as.admin.post(`/admin/people/${leadId}`, { intent: "reactivate" })).status).toBe(302);
  });
});
