import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAssessment, type Person, people } from "../support/assessment";
import { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";

// A seeded fuzz test over every route and every role: random methods, parameters, bodies and headers, with
// a fixed seed so a failure repeats exactly. Any 5xx fails it. The totals are printed for the record.

const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const requests = 2000;

/** mulberry32: small, fast, and the same sequence on every machine. */
function random(seedValue: number) {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Route patterns from the route files' names (Remix flat routes). */
function routePatterns(): string[] {
  return readdirSync("app/routes")
    .map((file) => file.replace(/\.tsx?$/, ""))
    .map((name) => {
      const segments = name
        .replace(/\[\.\]/g, "~")
        .split(".")
        .filter((s) => s !== "_index")
        .map((s) => (s === "$" ? "*" : s.startsWith("$") ? `:${s.slice(1)}` : s).replace(/~/g, "."));
      return `/${segments.join("/")}`;
    });
}

let server: RunningServer;
const clients: Record<string, Client> = {};
let valid: Record<string, string[]> = {};

beforeAll(async () => {
  server = await startServer();
  for (const who of Object.keys(people) as Person[]) {
    clients[who] = await new Client(server.url).signIn(people[who]);
  }
  clients.anonymous = new Client(server.url);
  const assessmentId = await openAssessment(clients.lead!, "ZD01");
  const organisation = await (await clients.lead!.get("/organisations/ZD01")).text();
  const reportId = organisation.match(/href="\/reports\/(\d+)"/)?.[1] ?? "1";
  valid = {
    assessmentId: [String(assessmentId), "1", "2"],
    reportId: [reportId, "1"],
    odsCode: ["ZD01", "ZD02", "zd01", "ZQ56"],
    regionCode: ["Y56", "Y60", "national", "W00"],
    themeId: ["paperless", "cyber-security", "mission-burden"],
    questionnaireId: ["core-digital-maturity", "board-digital-leadership"],
    version: ["1", "2"],
    "*": ["x", "assets/../../etc/passwd"],
  };
}, 120_000);
afterAll(() => server?.stop());

const hostile = [
  "__proto__",
  "constructor",
  "0x8E",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999",
  "%00",
  "%E0%A4%A",
  "..%2F..%2F",
  "<script>",
  "'; drop table person; --",
  "x".repeat(3000),
  "ñ😀",
  " ",
  "null",
];

const fieldNames = [
  "csrf",
  "email",
  "password",
  "redirectTo",
  "intent",
  "name",
  "comment",
  "decision",
  "questionnaire",
  "cycle",
  "role",
  "organisationCode",
  "regionCode",
  "codes",
  "themeId",
  "personId",
  "careSetting",
  "status",
  "answers.paperless-epr-coverage.value",
  "answers.paperless-epr-coverage.revision",
  "answers.paperless-epr-coverage.evidence",
  "answers.paperless-epr-coverage.links",
  "answers.paperless-epr-coverage.notApplicable",
  "answers.paperless-epr-coverage.reason",
  "answers.__proto__.value",
  "__proto__",
  "file",
  "importValidRows",
];

describe("fuzzing every route as every role", () => {
  it(`answers ${requests} random requests (seed ${seed}) without a 5xx`, async () => {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const patterns = routePatterns();
    const tally = new Map<number, number>();
    const failures: string[] = [];

    const value = () =>
      next() < 0.5
        ? pick(hostile)
        : pick(["1", "2", "yes", "", "later", "continue", "lead", "Y56", "2026/27"]);

    async function one(i: number) {
      const who = pick(Object.keys(clients));
      const client = clients[who]!;
      const pattern = pick(patterns);
      const path = pattern.replace(/:(\w+)|\*/g, (_m, name: string | undefined) =>
        encodeURIComponent(next() < 0.6 ? pick(valid[name ?? "*"] ?? ["x"]) : pick(hostile)),
      );
      const suffix = next() < 0.15 ? pick([".data", "?index", "?x=%ZZ", "?careSetting=__proto__"]) : "";
      const method = pick(["GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "HEAD"]);
      const headers = new Headers();
      if (next() < 0.2)
        headers.set("Origin", pick(["foo", "null", "http://evil.example", server.url, "http://[::"]));
      if (next() < 0.3 && client.csrfToken)
        headers.set("X-CSRF-Token", next() < 0.7 ? client.csrfToken : "wrong");
      let body: BodyInit | undefined;
      if (method === "POST" || method === "PUT") {
        const kind = pick(["form", "form", "form", "multipart", "json", "text", "none"]);
        const fields: [string, string][] = [];
        const count = Math.floor(next() * 12);
        for (let f = 0; f < count; f++) fields.push([pick(fieldNames), value()]);
        if (next() < 0.7 && client.csrfToken) fields.push(["csrf", client.csrfToken]);
        if (kind === "form") {
          body = new URLSearchParams(fields);
        } else if (kind === "multipart") {
          const data = new FormData();
          for (const [k, v] of fields) data.append(k, v);
          if (next() < 0.3) data.append("file", new File([pick(hostile)], "x.csv", { type: "text/csv" }));
          body = data;
        } else if (kind === "json") {
          headers.set("Content-Type", "application/json");
          body = JSON.stringify(Object.fromEntries(fields));
        } else if (kind === "text") {
          headers.set(
            "Content-Type",
            pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]),
          );
          body = pick(hostile);
        }
      }
      let response: Response;
      try {
        response = await client.request(path + suffix, { method, headers, body });
        await response.arrayBuffer();
      } catch (error) {
        failures.push(`#${i} ${who} ${method} ${path}${suffix}: ${(error as Error).cause ?? error}`);
        return;
      }
      tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
      if (response.status >= 500)
        failures.push(`#${i} ${who} ${method} ${path}${suffix}: ${response.status}`);
    }

    const concurrency = 4;
    for (let i = 0; i < requests; i += concurrency) {
      await Promise.all(Array.from({ length: Math.min(concurrency, requests - i) }, (_, j) => one(i + j)));
    }

    const totals = [...tally].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    console.info(
      `fuzz (seed ${seed}): ${requests} requests over ${patterns.length} routes; ${totals.join(", ")}`,
    );
    expect(failures).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 600_000);
});
