import { request as httpRequest, Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limits } from "../../app/limits";
import { openAssessment, people, signIn } from "../support/assessment";
import { Client } from "../support/client";
import { type RunningServer, startServer, testPublicUrl } from "../support/server";

// The hostile requests of the hardening review (issue 16), each sent to the built server.

let server: RunningServer;
let lead: Client;
let admin: Client;
let assessmentId: number;

beforeAll(async () => {
  server = await startServer();
  [lead, admin] = await Promise.all([signIn(server, "lead"), signIn(server, "admin")]);
  assessmentId = await openAssessment(lead, "ZD01");
}, 60_000);
afterAll(() => server?.stop());

/** A raw request on a keep-alive agent, so that two requests can share one connection. */
function send(
  agent: Agent,
  path: string,
  {
    method = "GET",
    body,
    headers = {},
  }: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent, headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path} hung`)));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const form = "application/x-www-form-urlencoded";

describe("limits on what a request may send", () => {
  it("refuses a sign-in body past its limit with 413, before parsing it", async () => {
    const body = `email=a%40b.nhs.uk&password=${"x".repeat(156 * 1024)}`;
    const response = await fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: { "Content-Type": form },
      body,
    });
    expect(response.status).toBe(413);
    const html = await response.text();
    expect(html).toContain("What you sent is too large");
    expect(html).toContain("larger than this page accepts");
    // Said once, by the page's body, not again by the limit's own message.
    expect(html.match(/Nothing was saved/g)).toHaveLength(1);
  });

  it("refuses a flood of repeated fields by counting them, not by parsing them", async () => {
    // 100,000 empty fields fit in 300 KB: the quadratic parser took minutes over far fewer.
    const body = Array.from({ length: 100_000 }, () => "a=").join("&");
    const response = await lead.request(`/assessments/${assessmentId}/answers`, {
      method: "POST",
      headers: { "Content-Type": form, "X-CSRF-Token": lead.csrfToken },
      body,
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/too many fields/);
  });

  it("refuses a chunked body (no Content-Length) once it streams past the limit", async () => {
    const big = new TextEncoder().encode(`email=a&password=${"y".repeat(64 * 1024)}`);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < big.length; i += 4096) controller.enqueue(big.slice(i, i + 4096));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: { "Content-Type": form },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("refuses any body larger than the most any route takes, before Remix sees it", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(agent, "/sign-in", {
      method: "POST",
      headers: { "Content-Type": form, "Content-Length": String(1024 * 1024 * 1024) },
    });
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe("close"); // 1 GB is not worth draining
    agent.destroy();
    // Just over the limit, sent whole: the answer is read, not lost to a reset connection.
    const over = await fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: { "Content-Type": form },
      body: "a".repeat(limits.anyRequestBytes + 1),
    });
    expect(over.status).toBe(413);
  });

  it("keeps a keep-alive connection usable after a POST refused before its body was read", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (const path of [`/assessments/${assessmentId}/answers`, "/admin/organisations/import", "/sign-out"]) {
      // Signed out: refused (401/302) without reading the 200 KB body.
      const refused = await send(agent, path, {
        method: "POST",
        headers: { "Content-Type": form },
        body: `a=${"z".repeat(200 * 1024)}`,
      });
      expect(refused.status, path).toBeLessThan(500);
      const next = await send(agent, "/healthz");
      expect(next.status, `the request after ${path}`).toBe(200);
    }
    agent.destroy();
  });

  it("bounds what a large rejected upload sends back: the first rows and the count", async () => {
    const lines = ["not,an,ods,extract"];
    for (let i = 0; i < 20_000; i++) lines.push(`bad line ${i},x,y`);
    const file = new File([lines.join("\n")], "etr.csv", { type: "text/csv" });
    const body = new FormData();
    body.set("file", file);
    const response = await admin.post("/admin/organisations/import", body);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html.length).toBeLessThan(200_000);
    expect(html).toMatch(/rejected rows \(the first 100 are shown\)|rows were rejected/);
    // The service is still there.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("refuses an upload of more lines than any extract", async () => {
    const body = new FormData();
    body.set("file", new File(["a\n".repeat(limits.uploadLines + 1)], "etr.csv", { type: "text/csv" }));
    const response = await admin.post("/admin/organisations/import", body);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(`no more than ${limits.uploadLines} lines`);
  });
});

describe("nothing private is kept in a browser cache", () => {
  it("marks every page and download that depends on who is signed in no-store", async () => {
    const saved = (await (await lead.get("/organisations/ZD01")).text()).match(
      /href="\/reports\/(\d+)"/,
    )?.[1];
    expect(saved).toBeDefined();
    const paths = [
      "/",
      "/sign-in",
      "/organisations/ZD01",
      "/organisations/ZD01.data",
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/themes/paperless`,
      `/assessments/${assessmentId}/answers.csv`,
      `/assessments/${assessmentId}/fhir`,
      `/assessments/${assessmentId}/report`,
      `/reports/${saved}`,
      `/reports/${saved}/csv`,
      `/reports/${saved}/json`,
      `/reports/${saved}/pdf`,
    ];
    for (const path of paths) {
      const response = await lead.get(path);
      expect(response.status, path).toBeLessThan(400);
      expect(response.headers.get("Cache-Control"), path).toBe("no-store");
      await response.arrayBuffer();
    }
  });

  it("keeps static assets cacheable", async () => {
    const html = await (await fetch(`${server.url}/sign-in`)).text();
    const asset = html.match(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/)?.[1];
    expect(asset).toBeDefined();
    const response = await fetch(server.url + asset);
    expect(response.headers.get("Cache-Control")).toMatch(/max-age=31536000/);
  });
});

describe("redirects after sign-in stay on this site", () => {
  it.each([
    "/\\evil.example/",
    "/%09/evil.example",
    "//evil.example",
    "/%2F%2Fevil.example",
    "https://evil.example/",
    "/\nLocation: https://evil.example",
    "/\r\nSet-Cookie: x=1",
    " //evil.example",
    "javascript:alert(1)",
  ])("%j goes to the start page", async (redirectTo) => {
    const response = await new Client(server.url).post("/sign-in", {
      email: people.contributor,
      password: "demo-password-2026",
      redirectTo,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
  });

  it("keeps a path on this site", async () => {
    const response = await new Client(server.url).post("/sign-in", {
      email: people.contributor,
      password: "demo-password-2026",
      redirectTo: "/organisations/ZD01?tab=a#b",
    });
    expect(response.headers.get("Location")).toBe("/organisations/ZD01?tab=a#b");
  });
});

describe("malformed input is a 4xx, never a 500", () => {
  it("answers 400 to an Origin that is not a web address", async () => {
    const response = await fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: { Origin: "foo", "Content-Type": form },
      body: "email=a&password=b",
    });
    expect(response.status).toBe(400);
  });

  it.each([
    "/regions/__proto__",
    "/regions/constructor",
    "/regions/toString",
    "/regions/__proto__/peer-groups",
  ])("%s is not a region", async (path) => {
    expect((await admin.get(path)).status).toBe(404);
  });

  it.each(["0x8E", "1e2", " 1", "+1", "1.0", "0", "99999999999999999999"])(
    "assessment id %j is not an id",
    async (id) => {
      expect((await lead.get(`/assessments/${encodeURIComponent(id)}`)).status).toBe(404);
    },
  );

  it("does not log a stack for a method a route does not take", async () => {
    const before = server.output().length;
    const response = await lead.request("/healthz", {
      method: "POST",
      headers: { "X-CSRF-Token": lead.csrfToken },
    });
    expect(response.status).toBe(405);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.output().slice(before)).not.toMatch(/\n\s+at /);
  });
});

describe("the admin's add-person form", () => {
  it("never sends the typed first password back", async () => {
    const secret = "A-first-password-9876";
    const response = await admin.post("/admin/people/new", {
      email: "not an email",
      name: "Someone",
      password: secret,
      role: "lead",
      organisationCode: "ZD01",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(secret);
  });
});

describe("request logs", () => {
  it("writes one JSON line per request, with its id and without the query or any body", async () => {
    const response = await fetch(`${server.url}/sign-in?redirectTo=%2Fsecret-place`);
    const id = response.headers.get("X-Request-Id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 100));
    const line = server
      .output()
      .split("\n")
      .find((l) => l.includes(id!));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!);
    expect(entry).toMatchObject({ requestId: id, method: "GET", path: "/sign-in", status: 200 });
    expect(line).not.toContain("secret-place");
  });
});

describe("requests that would hold the CPU are refused before Remix (issue 21)", () => {
  /** A GET exactly as written: node:http sends the path as given (no URL normalisation). */
  const raw = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const { hostname, port } = new URL(server.url);
      const req = httpRequest({ host: hostname, port, path, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.end();
    });
  let manifestVersion: string;
  beforeAll(async () => {
    const html = await (await fetch(`${server.url}/sign-in`)).text();
    manifestVersion = /\/assets\/manifest-([0-9a-f]+)\.js/.exec(html)?.[1] ?? "";
    expect(manifestVersion).not.toBe("");
  });

  it.each([
    ["a path of too many segments", `/a${"/a".repeat(limits.url.pathSegments)}`],
    ["too many empty segments", "/".repeat(limits.url.pathSegments + 2)],
    ["a path of too many percent-encoded segments", "/%61".repeat(limits.url.pathSegments + 1)],
    ["a deep path under a real route", `/organisations/ZD01${"/a".repeat(limits.url.pathSegments)}`],
    ["a deep .data URL", `${"/a".repeat(limits.url.pathSegments + 1)}.data`],
    ["a path too long", `/${"a".repeat(limits.url.pathBytes)}`],
    ["a query too long", `/sign-in?${"a=1&".repeat(limits.url.queryBytes / 4 + 1)}`],
  ])("answers 414 to %s, with a small page, and /healthz still answers", async (_, path) => {
    const response = await raw(path);
    expect(response.status).toBe(414);
    expect(response.text.length).toBeLessThan(1000);
    expect(response.text).toContain("too long");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("answers 414 on /fhir as an OperationOutcome", async () => {
    const response = await raw(`/fhir${"/a".repeat(limits.url.pathSegments)}`);
    expect(response.status).toBe(414);
    expect(JSON.parse(response.text).resourceType).toBe("OperationOutcome");
  });

  it.each([
    [
      "more paths than its limit",
      () => Array.from({ length: limits.url.manifestPaths + 1 }, (_, i) => `p=%2Fo${i}`).join("&"),
    ],
    [
      "fewer paths whose parents take it past its limit",
      () =>
        Array.from({ length: limits.url.manifestPaths / 10 + 1 }, (_, i) => `p=/o${i}${"/a".repeat(9)}`).join(
          "&",
        ),
    ],
    ["a path of too many segments", () => `p=${"/a".repeat(limits.url.pathSegments + 1)}`],
    ["a path too long", () => `p=/${"a".repeat(limits.url.pathBytes)}`],
  ])("bounds Remix's /__manifest: %s is 414", async (_, query) => {
    const response = await raw(`/__manifest?version=${manifestVersion}&${query()}`);
    expect(response.status).toBe(414);
  });

  it("still answers Remix's route discovery for the paths a page links to", async () => {
    const paths = ["/organisations/ZD01", "/regions/Y56", `/assessments/${assessmentId}/themes/paperless`];
    const query = paths.map((p) => `p=${encodeURIComponent(p)}`).join("&");
    const response = await raw(`/__manifest?${query}&version=${manifestVersion}`);
    expect(response.status).toBe(200);
    expect(response.text).toContain("routes/organisations.$odsCode._index");
  });

  it("answers 431 to too many headers, and to headers larger than Node accepts, with a small page", async () => {
    const many = Object.fromEntries(
      Array.from({ length: limits.headerCount + 1 }, (_, i) => [`x-h${i}`, "x"]),
    );
    const tooMany = await raw("/", many);
    expect(tooMany.status).toBe(431);
    expect(tooMany.text).toContain("too large");
    const tooLarge = await raw("/", { "x-big": "x".repeat(limits.headerBytes) });
    expect(tooLarge.status).toBe(431);
    expect(tooLarge.text).toContain("too large");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("the cross-site check names the scheme too (issue 21)", () => {
  const postWithOrigin = (origin: string) =>
    fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: { Origin: origin, "Content-Type": form },
      body: "email=a%40b.nhs.uk&password=wrong",
      redirect: "manual",
    });

  it("refuses an https Origin with this plain-http server's host and port", async () => {
    const { host } = new URL(server.url);
    expect((await postWithOrigin(`https://${host}`)).status).toBe(403);
  });

  it("refuses another port on the same host", async () => {
    const { hostname, port } = new URL(server.url);
    expect((await postWithOrigin(`http://${hostname}:${Number(port) + 1}`)).status).toBe(403);
  });

  it("accepts the request's own origin, and PUBLIC_URL's where the request reached its host", async () => {
    expect((await postWithOrigin(new URL(server.url).origin)).status).toBe(400); // a wrong password, checked
    // Behind a proxy that ends TLS: the connection is http, the page was https at the published address.
    const published = await send(new Agent(), "/sign-in", {
      method: "POST",
      headers: { Origin: testPublicUrl, Host: new URL(testPublicUrl).host, "Content-Type": form },
      body: "email=a%40b.nhs.uk&password=wrong",
    });
    expect(published.status).toBe(400);
    // The published origin sent to another host is another site's (and Remix would refuse it with a 500).
    expect((await postWithOrigin(testPublicUrl)).status).toBe(403);
  });
});

describe("an id is decimal digits with no sign, space, point or leading zero, on every route (issue 21)", () => {
  const ids: Record<string, number> = {};
  let token: string;
  beforeAll(async () => {
    const organisation = await (await lead.get("/organisations/ZD01")).text();
    ids.report = Number(organisation.match(/href="\/reports\/(\d+)"/)?.[1]);
    const peoplePage = await (await admin.get("/admin/people")).text();
    ids.person = Number(peoplePage.match(/href="\/admin\/people\/(\d+)"[^>]*>Cal Contributor/)?.[1]);
    ids.assessment = assessmentId;
    expect(ids.report).toBeGreaterThan(0);
    expect(ids.person).toBeGreaterThan(0);
    const created = await lead.post("/api-tokens", {
      intent: "create",
      name: "Strict ids",
      scope: "organisation:ZD01",
      access: "read",
      expiresInDays: "30",
    });
    token = (await created.text()).match(/data-testid="new-token">(dma_[A-Za-z0-9_-]+)</)?.[1] ?? "";
    expect(token).not.toBe("");
  });

  /** Ways of writing an id that `Number()` or a loose parser would read as that id. */
  const spellings = (id: number) => [
    `%20${id}`, // " 1", as a browser sends it
    `%09${id}`,
    `+${id}`,
    `${id}.0`,
    `0${id}`,
    `${id}e0`,
    `0x${id.toString(16)}`,
    `-${id}`,
    `${id}%20`,
  ];

  const pages: [string, (id: string) => string, "assessment" | "report" | "person"][] = [
    ["assessment", (id) => `/assessments/${id}`, "assessment"],
    ["theme page", (id) => `/assessments/${id}/themes/paperless`, "assessment"],
    ["answers CSV", (id) => `/assessments/${id}/answers.csv`, "assessment"],
    ["assessment FHIR", (id) => `/assessments/${id}/fhir`, "assessment"],
    ["provisional report", (id) => `/assessments/${id}/report`, "assessment"],
    ["check and submit", (id) => `/assessments/${id}/check`, "assessment"],
    ["assign themes", (id) => `/assessments/${id}/assign`, "assessment"],
    ["review", (id) => `/assessments/${id}/review`, "assessment"],
    ["validation", (id) => `/assessments/${id}/validation`, "assessment"],
    ["saved report", (id) => `/reports/${id}`, "report"],
    ["report CSV", (id) => `/reports/${id}/csv`, "report"],
    ["report JSON", (id) => `/reports/${id}/json`, "report"],
    ["report PDF", (id) => `/reports/${id}/pdf`, "report"],
    ["person", (id) => `/admin/people/${id}`, "person"],
  ];

  it.each(pages)("%s: every other spelling of a real id is 404", async (_, path, kind) => {
    const as = kind === "person" || kind === "report" ? admin : lead;
    const id = ids[kind]!;
    // The id itself is found (the lead may not review: 403 is an answer about this very assessment).
    expect([200, 403], "the id itself").toContain((await as.get(path(String(id)))).status);
    for (const spelling of spellings(id)) {
      const response = await as.get(path(spelling));
      expect(response.status, path(spelling)).toBe(404);
      await response.arrayBuffer();
    }
  });

  it("a questionnaire version: every other spelling is 404", async () => {
    expect((await admin.get("/admin/questionnaires/core-digital-maturity/2")).status).toBe(200);
    for (const spelling of spellings(2)) {
      const response = await admin.get(`/admin/questionnaires/core-digital-maturity/${spelling}`);
      expect(response.status, spelling).toBe(404);
    }
  });

  it("a FHIR QuestionnaireResponse: every other spelling is 404", async () => {
    const read = (id: string) =>
      fetch(`${server.url}/fhir/QuestionnaireResponse/assessment-${id}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: "application/fhir+json" },
      });
    expect((await read(String(assessmentId))).status).toBe(200);
    for (const spelling of spellings(assessmentId)) {
      const response = await read(spelling);
      expect(response.status, spelling).toBe(404);
      await response.arrayBuffer();
    }
  });

  it("posts to another spelling act on nothing: no save, no deactivation", async () => {
    const page = await (await lead.get(`/assessments/${assessmentId}/themes/paperless`)).text();
    const [, questionId, revision] = page.match(/name="answers\.([a-z0-9-]+)\.revision" value="(\d+)"/) ?? [];
    for (const spelling of spellings(assessmentId)) {
      const saved = await lead.request(`/assessments/${spelling}/answers`, {
        method: "POST",
        headers: { "Content-Type": form, "X-CSRF-Token": lead.csrfToken },
        body: new URLSearchParams({
          [`answers.${questionId}.evidence`]: `Sent to ${spelling}`,
          [`answers.${questionId}.revision`]: revision!,
        }),
      });
      expect(saved.status, spelling).toBe(404);
    }
    const after = await (await lead.get(`/assessments/${assessmentId}/themes/paperless`)).text();
    expect(after).not.toContain("Sent to");
    for (const spelling of spellings(ids.person!)) {
      expect((await admin.post(`/admin/people/${spelling}`, { intent: "deactivate" })).status, spelling).toBe(
        404,
      );
    }
    expect(await (await admin.get(`/admin/people/${ids.person}`)).text()).toContain("Active");
  });
});
