import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/client";
import {
  errorSummary,
  openDatabase,
  type Person,
  type ReadonlyDb,
  signInAll,
  textareaValue,
  textOf,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";

// Regional validation: London's analyst validates or queries a submitted assessment, the organisation
// replies, and nobody else may do either.

let server: RunningServer;
let db: ReadonlyDb;
let as: Record<Person, Client>;
let southWestAnalyst: Client;

/** Assessments of the demo data, found by state. */
let submittedLondon: number; // a London assessment awaiting the board (validated below)
let queriedOwn: number; // ZD01's (the demo sign-ins' organisation) signed-off 2025/26 assessment (queried below)
let untouchedOwn: number; // ZD01's signed-off 2024/25 assessment (left alone)
let inProgressLondon: number;
let southWestSubmitted: number;

const one = (sql: string, ...params: unknown[]) => {
  const row = db.prepare(sql).get(...params) as { id: number } | undefined;
  if (!row) throw new Error(`no row for ${sql}`);
  return row.id;
};
const validation = (id: number) =>
  db.prepare("SELECT status, person_id FROM assessment_validation WHERE assessment_id = ?").get(id) as
    | { status: string; person_id: number }
    | undefined;
const messages = (id: number) =>
  db
    .prepare("SELECT from_role, body, person_id FROM assessment_query WHERE assessment_id = ? ORDER BY id")
    .all(id) as { from_role: string; body: string; person_id: number }[];
const personId = (email: string) => one("SELECT id FROM person WHERE email = ?", email);
const fingerprint = () => ({
  validation: db.prepare("SELECT count(*) AS n, max(updated_at) AS at FROM assessment_validation").get(),
  queries: db.prepare("SELECT count(*) AS n, max(id) AS last FROM assessment_query").get(),
  audit: db.prepare("SELECT count(*) AS n, max(id) AS last FROM audit_event").get(),
  benchmarks: db.prepare("SELECT count(*) AS n, max(updated_at) AS at FROM benchmark").get(),
});

const path = (id: number) => `/assessments/${id}/validation`;

async function get(client: Client, id: number) {
  const response = await client.get(path(id));
  return { status: response.status, html: await response.text() };
}

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server);
  as = await signInAll(server);
  const inRegion = (region: string, status: string) =>
    one(
      `SELECT a.id FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code
       WHERE o.region_code = ? AND a.status = ? AND a.questionnaire_id = 'core-digital-maturity'
       ORDER BY a.cycle DESC, a.id LIMIT 1`,
      region,
      status,
    );
  submittedLondon = inRegion("Y56", "submitted");
  inProgressLondon = inRegion("Y56", "in-progress");
  southWestSubmitted = one(
    `SELECT a.id FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code
     WHERE o.region_code = 'Y58' AND a.status IN ('submitted', 'signed-off') ORDER BY a.id DESC LIMIT 1`,
  );
  queriedOwn = one("SELECT id FROM assessment WHERE organisation_code = 'ZD01' AND cycle = '2025/26'");
  untouchedOwn = one("SELECT id FROM assessment WHERE organisation_code = 'ZD01' AND cycle = '2024/25'");

  // An analyst for the South West, added by the administrator.
  const added = await as.admin.post("/admin/people/new", {
    email: "sw-analyst@demo.example",
    name: "Sam South-West (test)",
    password: "south-west-password-1",
    role: "regional-analyst",
    regionCode: "Y58",
  });
  expect(added.status, await added.clone().text()).toBe(302);
  southWestAnalyst = await new Client(server.url).signIn("sw-analyst@demo.example", "south-west-password-1");
}, 60_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe("the analyst validates", () => {
  it("sees the review form on a submitted London assessment", async () => {
    const { status, html } = await get(as.analyst, submittedLondon);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain("Regional validation");
    expect(text).toContain("The regional team has not reviewed this assessment yet.");
    expect(text).toContain("Mark as validated");
    expect(text).toContain("Send query");
  });

  it("validates: the status says so, the audit log records it, and the validated benchmarks include it", async () => {
    const response = await as.analyst.post(path(submittedLondon), { intent: "validate" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${path(submittedLondon)}?done=validated`);

    expect(validation(submittedLondon)).toEqual({
      status: "validated",
      person_id: personId("analyst@demo.example"),
    });
    const audit = db
      .prepare("SELECT action, person_id, subject FROM audit_event WHERE action = 'assessment.validated'")
      .all();
    expect(audit).toEqual([
      {
        action: "assessment.validated",
        person_id: personId("analyst@demo.example"),
        subject: `assessment ${submittedLondon}`,
      },
    ]);
    const log = textOf(await (await as.admin.get("/admin/audit")).text());
    expect(log).toContain(`analyst@demo.example assessment.validated assessment ${submittedLondon}`);

    const page = textOf((await get(as.analyst, submittedLondon)).html);
    expect(page).toContain("The regional team has validated this assessment.");

    // The organisation's validated peer-group figures now hold it.
    const a = db
      .prepare(
        "SELECT a.organisation_code, a.cycle, o.region_code FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code WHERE a.id = ?",
      )
      .get(submittedLondon) as { organisation_code: string; cycle: string; region_code: string };
    const row = db
      .prepare(
        "SELECT n FROM benchmark WHERE basis = 'validated' AND cycle = ? AND group_key = ? AND theme_id = 'overall'",
      )
      .get(a.cycle, `region:${a.region_code}`) as { n: number } | undefined;
    expect(row?.n).toBe(1);

    // The regional view shows it as validated, with its scores on the validated basis.
    const region = await as.analyst.get(
      `/regions/Y56/export.csv?cycle=${encodeURIComponent(a.cycle)}&basis=validated`,
    );
    const line = (await region.text()).split("\r\n").find((l) => l.startsWith(`${a.organisation_code},`))!;
    expect(line.split(",")[6]).toBe("validated");
    expect(line.split(",")[7]).not.toBe("");
  });
});

describe("the analyst queries, the organisation replies", () => {
  const comment = "Please explain the rise in the cyber security score since 2024/25 <b>with evidence</b>.";
  const reply = "Our DSPT audit closed the remaining actions in March; the report is on the intranet.";

  it("queries with a comment", async () => {
    const response = await as.analyst.post(path(queriedOwn), { intent: "query", comment });
    expect(response.status).toBe(302);
    expect(validation(queriedOwn)?.status).toBe("queried");
    expect(messages(queriedOwn)).toEqual([
      { from_role: "analyst", body: comment, person_id: personId("analyst@demo.example") },
    ]);
    expect(
      db.prepare("SELECT count(*) AS n FROM audit_event WHERE action = 'assessment.queried'").get(),
    ).toEqual({ n: 1 });
  });

  it("the organisation's lead sees the comment, escaped, and a reply form", async () => {
    const { status, html } = await get(as.lead, queriedOwn);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain("The regional team has a query about this assessment.");
    expect(text).toContain(`Regional team: Ana Analyst (demo)`);
    expect(text).toContain(comment);
    expect(html).not.toContain("<b>with evidence</b>");
    expect(text).toContain("Reply to the regional team");
    expect(text).not.toContain("Mark as validated");
    // The assessment's page tells them too, in a notification banner.
    const overview = textOf(await (await as.lead.request(`/assessments/${queriedOwn}`)).text());
    expect(overview).toContain("The regional team has a query");
  });

  it("a query that comes back with an error keeps the comment as typed", async () => {
    const long = `Please explain ${"x".repeat(2000)}`;
    const response = await as.analyst.post(path(untouchedOwn), { intent: "query", comment: long });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(textareaValue(html, "comment")).toBe(long);
    expect(html).toContain('id="comment-error"');
    expect(html).toMatch(/<title>Error: Regional validation – /);
  });

  it("the lead replies, and the analyst sees the reply", async () => {
    const response = await as.lead.post(path(queriedOwn), { intent: "reply", reply });
    expect(response.status).toBe(302);
    // Post/redirect/get to the page with a success banner (and, with JavaScript, an empty reply box).
    expect(response.headers.get("Location")).toBe(`${path(queriedOwn)}?done=reply`);
    const after = textOf(await (await as.lead.get(response.headers.get("Location")!)).text());
    expect(after).toContain("Reply sent to the regional team");
    expect(messages(queriedOwn).map((m) => [m.from_role, m.body])).toEqual([
      ["analyst", comment],
      ["organisation", reply],
    ]);
    // The reply is in the audit log, as the query is (it was missing).
    expect(
      db
        .prepare("SELECT person_id, subject FROM audit_event WHERE action = 'assessment.query-replied'")
        .all(),
    ).toEqual([{ person_id: personId("lead@demo.example"), subject: `assessment ${queriedOwn}` }]);
    const text = textOf((await get(as.analyst, queriedOwn)).html);
    expect(text).toContain(comment);
    expect(text).toContain(`Organisation: Lena Lead (demo)`);
    expect(text).toContain(reply);
    expect(text.indexOf(comment)).toBeLessThan(text.indexOf(reply));
  });

  it("the board member may reply too; the analyst may not reply as the organisation", async () => {
    expect(
      (await as.board.post(path(queriedOwn), { intent: "reply", reply: "From the board." })).status,
    ).toBe(302);
    const before = fingerprint();
    expect((await as.analyst.post(path(queriedOwn), { intent: "reply", reply: "Pretending" })).status).toBe(
      403,
    );
    expect(fingerprint()).toEqual(before);
  });

  it("once validated after the query, the reply form goes", async () => {
    expect((await as.analyst.post(path(queriedOwn), { intent: "validate" })).status).toBe(302);
    const text = textOf((await get(as.lead, queriedOwn)).html);
    expect(text).toContain("The regional team has validated this assessment.");
    expect(text).not.toContain("Reply to the regional team");
    expect(text).toContain(reply); // the conversation stays
  });

  it("the organisation cannot post a reply when there is no query (the form is not offered)", async () => {
    // untouchedOwn has never been reviewed: no reply form, so a posted reply must be refused.
    expect(textOf((await get(as.lead, untouchedOwn)).html)).not.toContain("Reply to the regional team");
    const before = fingerprint();
    const response = await as.lead.post(path(untouchedOwn), { intent: "reply", reply: "Unprompted" });
    expect(response.status).toBe(403);
    expect(fingerprint()).toEqual(before);
  });
});

describe("who may not validate", () => {
  it("an analyst of another region gets 404 for a London assessment, page and action", async () => {
    expect((await get(southWestAnalyst, submittedLondon)).status).toBe(404);
    expect((await get(southWestAnalyst, untouchedOwn)).status).toBe(404);
    const before = fingerprint();
    for (const fields of [{ intent: "validate" }, { intent: "query", comment: "Why?" }] as Record<
      string,
      string
    >[]) {
      expect((await southWestAnalyst.post(path(untouchedOwn), fields)).status).toBe(404);
    }
    expect(fingerprint()).toEqual(before);
    expect(validation(untouchedOwn)).toBeUndefined();
    // …while their own region's assessments are theirs to review.
    const own = await get(southWestAnalyst, southWestSubmitted);
    expect(own.status).toBe(200);
    expect(textOf(own.html)).toContain("Mark as validated");
  });

  it("contributors, leads and board members cannot validate or query (403)", async () => {
    const before = fingerprint();
    for (const who of ["contributor", "lead", "board"] as const) {
      expect(textOf((await get(as[who], untouchedOwn)).html)).not.toContain("Mark as validated");
      for (const fields of [{ intent: "validate" }, { intent: "query", comment: "Self-review" }] as Record<
        string,
        string
      >[]) {
        const response = await as[who].post(path(untouchedOwn), fields);
        expect(response.status, `${who} ${fields.intent}`).toBe(403);
      }
    }
    expect(fingerprint()).toEqual(before);
    expect(validation(untouchedOwn)).toBeUndefined();
  });

  it("an in-progress assessment cannot be validated (403)", async () => {
    const { status, html } = await get(as.analyst, inProgressLondon);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain("The regional team can validate the assessment once it is submitted.");
    expect(text).not.toContain("Mark as validated");
    const before = fingerprint();
    for (const fields of [{ intent: "validate" }, { intent: "query", comment: "Too early" }] as Record<
      string,
      string
    >[]) {
      expect((await as.analyst.post(path(inProgressLondon), fields)).status).toBe(403);
    }
    expect(fingerprint()).toEqual(before);
    expect(validation(inProgressLondon)).toBeUndefined();
  });

  it("someone signed out is sent to sign in, and a post without the CSRF token is refused", async () => {
    const anonymous = await fetch(`${server.url}${path(untouchedOwn)}`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/sign-in/);
    const before = fingerprint();
    expect((await as.analyst.post(path(untouchedOwn), { intent: "validate", csrf: "wrong" })).status).toBe(
      403,
    );
    expect(fingerprint()).toEqual(before);
  });

  it("an assessment that does not exist is not found", async () => {
    for (const id of ["999999", "abc", "0", "-1", "1.5"])
      expect((await as.analyst.get(`/assessments/${id}/validation`)).status, id).toBe(404);
  });
});

describe("malformed input", () => {
  const cases: [string, Record<string, string | string[]>][] = [
    ["no intent", {}],
    ["an unknown intent", { intent: "approve" }],
    ["two intents", { intent: ["validate", "query"] }],
    ["a query without a comment", { intent: "query" }],
    ["a query with a blank comment", { intent: "query", comment: "   \n " }],
    ["a query with a comment over 2000 characters", { intent: "query", comment: "x".repeat(2001) }],
    ["a validation with an unexpected field", { intent: "validate", status: "validated" }],
    ["a reply without text", { intent: "reply", reply: "" }],
  ];

  it.each(cases)("%s: 400, nothing written", async (_label, fields) => {
    const before = fingerprint();
    const response = await as.analyst.post(path(untouchedOwn), fields);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(errorSummary(html)?.title).toBe("There is a problem");
    expect(fingerprint()).toEqual(before);
    expect(validation(untouchedOwn)).toBeUndefined();
  });

  it("a query's error message names the comment", async () => {
    const response = await as.analyst.post(path(untouchedOwn), { intent: "query", comment: "" });
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain("Say what the organisation needs to explain");
  });

  it("a body that is not a form: 400, nothing written", async () => {
    const before = fingerprint();
    const response = await as.analyst.request(path(untouchedOwn), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": as.analyst.csrfToken },
      body: JSON.stringify({ intent: "validate" }),
    });
    expect(response.status).toBe(400);
    expect(fingerprint()).toEqual(before);
  });
});
