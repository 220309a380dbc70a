import { createServer } from "node:net";
import { connect } from "node:net";
import { MedplumClient } from "@medplum/core";
import FhirClientModule from "fhirclient";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autosave, openDatabase, type Person, signInAll, startAssessment } from "../support/assessment";
import type { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";

// How an integrator's pipeline syncs QuestionnaireResponses, with two FHIR clients used as they come
// (Medplum's MedplumClient and SMART's fhirclient), against the built server published at its own address:
// every page of a search, a stable order, _count, _lastUpdated, history and vread, If-None-Match, and the
// refusals a client meets (XML, a control character in Authorization, PUT).

let server: RunningServer;
let publicUrl: string;
let as: Record<Person, Client>;
let regionToken: string;
let leadToken: string;
let regionIds: string[];
let assessmentId: number;

// biome-ignore lint/suspicious/noExplicitAny: FHIR JSON from outside, read loosely in assertions
type Json = Record<string, any>;
const fhir = (path: string, token?: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
  fetch(`${server.url}/fhir${path}`, {
    ...init,
    headers: {
      Accept: "application/fhir+json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
  });

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function createToken(client: Client, fields: Record<string, string>) {
  const response = await client.post("/api-tokens", {
    intent: "create",
    expiresInDays: "30",
    access: "read",
    ...fields,
  });
  const token = (await response.text()).match(/data-testid="new-token">(dma_[A-Za-z0-9_-]+)</)?.[1];
  if (!token) throw new Error(`token not created (${response.status})`);
  return token;
}

const medplum = (token: string) => {
  const client = new MedplumClient({ baseUrl: publicUrl, fhirUrlPath: "fhir", cacheTime: 0 });
  client.setAccessToken(token);
  return client;
};
const FhirClient = (FhirClientModule as unknown as { FhirClient: new (url: string) => Json }).FhirClient;

/** Every resource of a search, as fhirclient's own page crawler finds them. */
async function fhirclientAll(path: string, token?: string) {
  const client = new FhirClient(`${publicUrl}/fhir`);
  const out: Json[] = [];
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  for await (const resource of client.resources(path, { headers })) out.push(resource);
  return out;
}

const answerTo = async (value: string) => {
  const db = openDatabase(server);
  const row = (() => {
    try {
      return db
        .prepare(
          "SELECT revision FROM answer WHERE assessment_id = ? AND question_id = 'paperless-epr-coverage'",
        )
        .get(assessmentId) as { revision: number } | undefined;
    } finally {
      db.close();
    }
  })();
  const saved = await autosave(as.lead, assessmentId, {
    "paperless-epr-coverage": { value, revision: String(row?.revision ?? 0) },
  });
  expect(saved.status).toBe(200);
};

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  server = await startServer({
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    FHIR_RATE_LIMIT_PER_MINUTE: "100000",
  });
  as = await signInAll(server);
  assessmentId = await startAssessment(as.lead);
  await answerTo("2");
  regionToken = await createToken(as.analyst, { name: "ICB pipeline", scope: "region:Y56" });
  leadToken = await createToken(as.lead, { name: "Warehouse", scope: "organisation:ZD01" });
  const db = openDatabase(server);
  try {
    regionIds = (
      db
        .prepare(
          "SELECT a.id FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code WHERE o.region_code = 'Y56' ORDER BY a.id",
        )
        .all() as { id: number }[]
    ).map((r) => `assessment-${r.id}`);
  } finally {
    db.close();
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("paging with outside clients", () => {
  it("Medplum's searchResourcePages fetches every page: all of them, once each, with absolute links", async () => {
    expect(regionIds.length).toBeGreaterThanOrEqual(20);
    const seen: string[] = [];
    const bundles: Json[] = [];
    for await (const page of medplum(regionToken).searchResourcePages("QuestionnaireResponse", {
      _count: "2",
    })) {
      seen.push(...page.map((r) => r.id as string));
      bundles.push(page.bundle);
    }
    expect(seen.sort()).toEqual([...regionIds].sort());
    expect(bundles.length).toBe(Math.ceil(regionIds.length / 2));
    for (const [index, bundle] of bundles.entries()) {
      expect(bundle.total).toBe(regionIds.length);
      const links = Object.fromEntries(bundle.link.map((l: Json) => [l.relation, l.url]));
      for (const url of Object.values(links))
        expect(url).toMatch(new RegExp(`^${publicUrl}/fhir/QuestionnaireResponse\\?`));
      expect(links.self).toBeDefined();
      expect(links.first).toBeDefined();
      expect(Boolean(links.next)).toBe(index < bundles.length - 1);
      expect(Boolean(links.previous)).toBe(index > 0);
    }
  });

  it("fhirclient's resources() crawls every page of responses and of Questionnaires", async () => {
    const responses = await fhirclientAll("QuestionnaireResponse?_count=5", regionToken);
    expect(responses.map((r) => r.id).sort()).toEqual([...regionIds].sort());
    const questionnaires = await fhirclientAll("Questionnaire?_count=5");
    expect(questionnaires.length).toBe(42);
    expect(new Set(questionnaires.map((q) => q.id)).size).toBe(42);
  });

  it("Questionnaire search takes _count, so Medplum's searchOne works; _count above the maximum is capped", async () => {
    const found = await medplum(regionToken).searchOne("Questionnaire", {
      url: `${publicUrl}/questionnaires/core-digital-maturity/acute`,
      version: "2",
    });
    expect(found?.id).toBe("core-digital-maturity-v2-acute");
    const big = await (await fhir("/QuestionnaireResponse?_count=1000", regionToken)).json();
    expect(big.entry.length).toBeLessThanOrEqual(100);
    expect(big.total).toBe(regionIds.length);
    const bad = await fhir("/QuestionnaireResponse?_count=-1", regionToken);
    expect(bad.status).toBe(400);
    expect((await bad.json()).resourceType).toBe("OperationOutcome");
  });

  it("a page link keeps working, and misses nothing, while a response on an earlier page changes", async () => {
    const first = await (await fhir("/QuestionnaireResponse?_count=1&_sort=_lastUpdated", leadToken)).json();
    const ids = first.entry.map((e: Json) => e.resource.id);
    expect(ids.length).toBe(1);
    expect(first.total).toBeGreaterThanOrEqual(3);
    const next = first.link.find((l: Json) => l.relation === "next").url as string;
    // The lead's open assessment changes between pages: the link still gives every response after page 1,
    // once each, the changed one last.
    await answerTo("4");
    const rest: string[] = [];
    let url: string | undefined = next;
    while (url) {
      const page: Json = await (await fhir(url.slice(`${publicUrl}/fhir`.length), leadToken)).json();
      rest.push(...(page.entry ?? []).map((e: Json) => e.resource.id));
      url = page.link.find((l: Json) => l.relation === "next")?.url;
    }
    const all = await (await fhir("/QuestionnaireResponse?_count=100", leadToken)).json();
    expect([...ids, ...rest].sort()).toEqual(all.entry.map((e: Json) => e.resource.id).sort());
    expect(rest.at(-1)).toBe(`assessment-${assessmentId}`);
  });
});

describe("syncing what changed", () => {
  it("_lastUpdated with gt, ge, lt and le, _sort, and meta.lastUpdated", async () => {
    const sorted = await (
      await fhir("/QuestionnaireResponse?_sort=_lastUpdated&_count=100", regionToken)
    ).json();
    const times = sorted.entry.map((e: Json) => e.resource.meta.lastUpdated as string);
    expect(times.length).toBe(regionIds.length);
    expect([...times].sort()).toEqual(times);
    const newest = await (
      await fhir("/QuestionnaireResponse?_sort=-_lastUpdated&_count=1", regionToken)
    ).json();
    expect(newest.entry[0].resource.meta.lastUpdated).toBe(times.at(-1));
    const t = times.at(-1)!;
    const q = (s: string) =>
      fhir(`/QuestionnaireResponse?_count=100&_lastUpdated=${encodeURIComponent(s)}`, regionToken);
    const total = async (s: string) => ((await (await q(s)).json()) as Json).total;
    expect(await total(`gt${t}`)).toBe(0);
    expect(await total(`ge${t}`)).toBe(times.filter((x: string) => x >= t).length);
    expect(await total(`lt${t}`)).toBe(times.filter((x: string) => x < t).length);
    expect(await total(`le${t}`)).toBe(regionIds.length);
    expect((await q("soon")).status).toBe(400);

    // A pipeline that synced up to t asks for what changed since: exactly the response changed.
    await answerTo("3");
    const changed = await (await q(`gt${t}`)).json();
    expect(changed.entry.map((e: Json) => e.resource.id)).toEqual([`assessment-${assessmentId}`]);
  });

  it("reads with ETag and If-None-Match (304), history and vread, also through Medplum", async () => {
    const path = `/QuestionnaireResponse/assessment-${assessmentId}`;
    const read = await fhir(path, leadToken);
    const current = await read.json();
    const version = current.meta.versionId as string;
    expect(read.headers.get("ETag")).toBe(`W/"${version}"`);
    expect(current.meta.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const unchanged = await fhir(path, leadToken, { "If-None-Match": `W/"${version}"` });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("ETag")).toBe(`W/"${version}"`);
    expect((await fhir(path, leadToken, { "If-None-Match": 'W/"0"' })).status).toBe(200);

    await answerTo("1");
    const after = await (await fhir(path, leadToken, { "If-None-Match": `W/"${version}"` })).json();
    expect(after.meta.versionId).not.toBe(version);

    const client = medplum(leadToken);
    const history = await client.readHistory("QuestionnaireResponse", `assessment-${assessmentId}`);
    expect(history.type).toBe("history");
    const versions = (history.entry ?? []).map((e: Json) => e.resource?.meta?.versionId);
    expect(versions[0]).toBe(after.meta.versionId);
    expect(versions).toContain(version);
    expect(history.total).toBe(versions.length);
    const levelOf = (r: Json) =>
      r.item.flatMap((g: Json) => g.item).find((i: Json) => i.linkId === "paperless-epr-coverage").answer[0]
        .valueCoding.code;
    const old = await client.readVersion("QuestionnaireResponse", `assessment-${assessmentId}`, version);
    expect(old.meta?.versionId).toBe(version);
    expect(levelOf(old)).toBe(levelOf(current));
    expect(levelOf(old)).not.toBe(levelOf(after));
    const vread = await fhir(`${path}/_history/${version}`, leadToken);
    expect(vread.headers.get("ETag")).toBe(`W/"${version}"`);
    expect(await vread.json()).toEqual(current);
    for (const missing of [`${path}/_history/999999`, `${path}/_history/x`]) {
      const response = await fhir(missing, leadToken);
      expect(response.status, missing).toBe(404);
      expect((await response.json()).resourceType).toBe("OperationOutcome");
    }
  });
});

describe("what a client is refused, as FHIR", () => {
  it("XML: _format=xml or an XML-only Accept is 406 with an OperationOutcome", async () => {
    for (const [path, accept] of [
      ["/Questionnaire?_format=xml", "application/fhir+json"],
      ["/Questionnaire?_format=application/fhir%2Bxml", "application/fhir+json"],
      ["/Questionnaire", "application/fhir+xml"],
      ["/metadata", "application/xml, text/xml"],
      ["/QuestionnaireResponse", "application/fhir+xml"],
    ] as const) {
      const response = await fhir(path, leadToken, { Accept: accept });
      expect(response.status, path).toBe(406);
      expect(response.headers.get("Content-Type"), path).toMatch(/^application\/fhir\+json/);
      expect((await response.json()).resourceType, path).toBe("OperationOutcome");
    }
    for (const accept of ["application/json", "*/*", "application/fhir+xml;q=0.9, application/fhir+json"])
      expect((await fhir("/Questionnaire?_count=1", undefined, { Accept: accept })).status, accept).toBe(200);
    expect((await fhir("/Questionnaire?_count=1&_format=json")).status).toBe(200);
  });

  it("a control character in Authorization is the FHIR 401, not Node's bare 400", async () => {
    const raw = (path: string, authorization: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(server.url).port), "127.0.0.1", () => {
          socket.write(
            `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/fhir+json\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`,
          );
        });
        let out = "";
        socket.on("data", (chunk) => (out += chunk));
        socket.on("error", reject);
        socket.on("close", () => resolve(out));
      });
    for (const character of ["\x01", "\x00", "\x7f", "\x1b"]) {
      const answer = await raw("/fhir/QuestionnaireResponse", `Bearer dma_abc${character}def`);
      const [head = "", body = ""] = answer.split("\r\n\r\n");
      expect(head, JSON.stringify(character)).toMatch(/^HTTP\/1\.1 401 /);
      expect(head).toMatch(/content-type: application\/fhir\+json/i);
      expect(head).toMatch(/www-authenticate: Bearer/i);
      const outcome = JSON.parse(body);
      expect(outcome.resourceType).toBe("OperationOutcome");
      expect(outcome.issue[0].code).toBe("login");
    }
    // Outside /fhir the web server still refuses the malformed request as it did.
    expect(await raw("/", "Bearer a\x01b")).toMatch(/^HTTP\/1\.1 400 /);
  });

  it("PUT is 405 with an OperationOutcome, and the CapabilityStatement lists exactly what works", async () => {
    const resource = await (
      await fhir(`/QuestionnaireResponse/assessment-${assessmentId}`, leadToken)
    ).json();
    const put = await fhir(
      `/QuestionnaireResponse/assessment-${assessmentId}`,
      leadToken,
      {
        "Content-Type": "application/fhir+json",
      },
      { method: "PUT", body: JSON.stringify(resource) },
    );
    expect(put.status).toBe(405);
    expect(put.headers.get("Allow")).toBe("GET");
    expect((await put.json()).resourceType).toBe("OperationOutcome");
    const statement = await (await fhir("/metadata")).json();
    const [questionnaire, response] = statement.rest[0].resource;
    const codes = (r: Json) => r.interaction.map((i: Json) => i.code).sort();
    const params = (r: Json) => r.searchParam.map((p: Json) => p.name).sort();
    expect(codes(questionnaire)).toEqual(["read", "search-type"]);
    expect(params(questionnaire)).toEqual(["_count", "name", "status", "url", "version"]);
    expect(codes(response)).toEqual(["create", "history-instance", "read", "search-type", "vread"]);
    expect(params(response)).toEqual([
      "_count",
      "_lastUpdated",
      "_sort",
      "authored",
      "questionnaire",
      "status",
      "subject:identifier",
    ]);
    expect(response.readHistory).toBe(true);
    expect(response.updateCreate).toBe(false);
  });
});
