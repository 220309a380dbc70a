import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/client";
import {
  answerAllRequired,
  checkedValues,
  errorSummary,
  inputValue,
  openAssessment,
  openDatabase,
  parseCsv,
  type Person,
  type ReadonlyDb,
  signInAll,
  textOf,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";

// Issue 22: the improvement plan of ZD01's 2024/25 assessment (the demo sign-ins' organisation), from its
// start by the lead to the board's approval, with bad input, conflicts and scoping refused on the way.

let server: RunningServer;
let db: ReadonlyDb;
let as: Record<Person, Client>;
let southWestAnalyst: Client;
let assessmentId: number;
let londonOther: number;

const one = <T = { id: number }>(sql: string, ...params: unknown[]) => {
  const row = db.prepare(sql).get(...params) as T | undefined;
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
};
const personId = (email: string) => one("SELECT id FROM person WHERE email = ?", email).id;
const plan = () =>
  db.prepare("SELECT id, status, version, revision FROM plan WHERE assessment_id = ?").get(assessmentId) as
    | { id: number; status: string; version: number; revision: number }
    | undefined;
/** Everything a plan write may touch, to prove a refused request wrote nothing. */
const fingerprint = () => ({
  plan: db
    .prepare("SELECT count(*) AS n, coalesce(sum(revision), 0) AS r, max(updated_at) AS at FROM plan")
    .get(),
  versions: db
    .prepare(
      "SELECT count(*) AS n, max(decided_at) AS at, coalesce(sum(length(status)), 0) AS s FROM plan_version",
    )
    .get(),
  targets: db
    .prepare(
      "SELECT count(*) AS n, coalesce(sum(target), 0) AS t, coalesce(sum(changed_revision), 0) AS c FROM plan_target",
    )
    .get(),
  actions: db.prepare("SELECT count(*) AS n, coalesce(sum(revision), 0) AS r FROM plan_action").get(),
  notes: db.prepare("SELECT count(*) AS n FROM plan_action_note").get(),
  audit: db.prepare("SELECT count(*) AS n FROM audit_event WHERE action LIKE 'plan.%'").get(),
});
const path = (suffix = "") => `/assessments/${assessmentId}/plan${suffix}`;

async function page(client: Client, url: string) {
  const response = await client.get(url);
  return { status: response.status, html: await response.text() };
}

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server);
  as = await signInAll(server);
  assessmentId = one("SELECT id FROM assessment WHERE organisation_code = 'ZD01' AND cycle = '2024/25'").id;
  londonOther = one(
    `SELECT a.id FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code
     WHERE o.region_code = 'Y56' AND o.ods_code <> 'ZD01' AND a.status = 'signed-off' ORDER BY a.id LIMIT 1`,
  ).id;
  const added = await as.admin.post("/admin/people/new", {
    email: "sw-analyst@demo.example",
    name: "Sam South-West (test)",
    password: "south-west-password-1",
    role: "regional-analyst",
    regionCode: "Y58",
  });
  expect(added.status).toBe(302);
  southWestAnalyst = await new Client(server.url).signIn("sw-analyst@demo.example", "south-west-password-1");
}, 120_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe("starting a plan", () => {
  it("is for the lead only; outsiders are not told the assessment exists", async () => {
    const before = fingerprint();
    expect((await as.contributor.post(path(), { intent: "start" })).status).toBe(403);
    expect((await as.board.post(path(), { intent: "start" })).status).toBe(403);
    expect((await as.analyst.post(path(), { intent: "start" })).status).toBe(403);
    expect((await southWestAnalyst.post(path(), { intent: "start" })).status).toBe(404);
    expect((await southWestAnalyst.get(path())).status).toBe(404);
    expect((await as.lead.get(`/assessments/${londonOther}/plan`)).status).toBe(404);
    expect((await as.lead.post(`/assessments/${londonOther}/plan`, { intent: "start" })).status).toBe(404);
    expect(fingerprint()).toEqual(before);
  });

  it("starts a draft from the saved report, once", async () => {
    const response = await as.lead.post(path(), { intent: "start" });
    expect(response.status).toBe(302);
    expect(plan()).toMatchObject({ status: "draft", version: 1 });
    expect((await as.lead.post(path(), { intent: "start" })).status).toBe(302);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM plan WHERE assessment_id = ?", assessmentId).n).toBe(
      1,
    );
    const { status, html } = await page(as.lead, path());
    expect(status).toBe(200);
    expect(textOf(html)).toContain("Targets for the next cycle");
  });
});

describe("targets", () => {
  it("refuses a target outside 1–5 with the error summary, keeps what was typed, writes nothing", async () => {
    const before = fingerprint();
    const response = await as.lead.post(path("/targets"), {
      "target-paperless": "7",
      "reason-paperless": "Kept after the error",
      "target-cyber-security": "4",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(errorSummary(html)?.links).toEqual([
      { href: "#target-paperless", text: "Target must be a level from 1 to 5, or no target" },
    ]);
    expect(inputValue(html, "reason-paperless")).toBe("Kept after the error");
    expect(html).toMatch(/<option value="4" selected="">/);
    expect(fingerprint()).toEqual(before);
  });

  it("refuses unknown fields and a reason over its limit", async () => {
    const before = fingerprint();
    expect((await as.lead.post(path("/targets"), { "target-nope": "3" })).status).toBe(400);
    expect((await as.lead.post(path("/targets"), { "reason-paperless": "x".repeat(301) })).status).toBe(400);
    expect(fingerprint()).toEqual(before);
  });

  it("is the lead's to set", async () => {
    expect((await as.contributor.post(path("/targets"), { "target-paperless": "3" })).status).toBe(403);
    expect((await as.board.get(path("/targets"))).status).toBe(403);
  });

  it("saves each theme's target and reason, and the plan page shows the gap", async () => {
    const response = await as.lead.post(path("/targets"), {
      "target-paperless": "4",
      "reason-paperless": "Electronic records on every ward",
      "target-cyber-security": "3",
    });
    expect(response.status).toBe(302);
    const rows = db
      .prepare("SELECT theme_id, target, reason FROM plan_target WHERE plan_id = ? ORDER BY theme_id")
      .all(plan()!.id);
    expect(rows).toEqual([
      { theme_id: "cyber-security", target: 3, reason: "" },
      { theme_id: "paperless", target: 4, reason: "Electronic records on every ward" },
    ]);
    expect(textOf((await page(as.lead, path())).html)).toContain("Electronic records on every ward");
  });
});

describe("actions", () => {
  const good = () => ({
    themeId: "paperless",
    title: "Roll out electronic observations",
    owner: `person:${personId("contributor@demo.example")}`,
    due: "2027-03-31",
    status: "not-started",
  });

  it("refuses a due date that is not a date, a long title and an owner from another organisation", async () => {
    const before = fingerprint();
    const cases: [Record<string, string>, string][] = [
      [{ due: "2027-02-30" }, "#due"],
      [{ due: "next spring" }, "#due"],
      [{ title: "x".repeat(201) }, "#title"],
      [{ owner: `person:${personId("analyst@demo.example")}` }, "#owner"],
      [{ owner: "person:999999" }, "#owner"],
      [{ owner: "role", ownerRole: "" }, "#ownerRole"],
      [{ themeId: "not-a-theme" }, "#themeId"],
    ];
    for (const [change, href] of cases) {
      const response = await as.lead.post(path("/actions/new"), { ...good(), ...change });
      expect(response.status, JSON.stringify(change)).toBe(400);
      const html = await response.text();
      expect(errorSummary(html)?.links.map((l) => l.href)).toEqual([href]);
      // What was typed is kept.
      if (!change.title) expect(inputValue(html, "title")).toBe(good().title);
    }
    expect(fingerprint()).toEqual(before);
  });

  it("starts an action from a ranked next step, its text and questions carried over", async () => {
    const { status, html } = await page(as.lead, path("/actions/new?theme=paperless&step=0"));
    expect(status).toBe(200);
    expect(inputValue(html, "title")).not.toBe("");
    expect(checkedValues(html, "questionIds").length).toBeGreaterThan(0);
  });

  it("adds actions for a person and for a named role", async () => {
    expect((await as.lead.post(path("/actions/new"), good())).status).toBe(302);
    const role = await as.lead.post(path("/actions/new"), {
      ...good(),
      title: "Appoint a deputy CCIO",
      owner: "role",
      ownerRole: "Chief Clinical Information Officer",
      due: "2026-01-31",
    });
    expect(role.status).toBe(302);
    const text = textOf((await page(as.lead, path())).html);
    expect(text).toContain("Chief Clinical Information Officer");
    expect(text).toContain("Overdue");
  });

  it("lets a contributor update the status of an action they own, with a dated note", async () => {
    const action = one<{ id: number; revision: number }>(
      "SELECT id, revision FROM plan_action WHERE title = 'Roll out electronic observations'",
    );
    const response = await as.contributor.post(path(`/actions/${action.id}`), {
      intent: "progress",
      status: "in-progress",
      note: "Two wards live",
      revision: String(action.revision),
    });
    expect(response.status).toBe(302);
    expect(one<{ status: string }>("SELECT status FROM plan_action WHERE id = ?", action.id).status).toBe(
      "in-progress",
    );
    expect(textOf((await page(as.lead, path())).html)).toContain("Two wards live");
  });

  it("an owner's progress on an approved plan keeps it approved: tracking is not a change to approve", async () => {
    const approved = one<{ id: number; version: number }>(
      "SELECT p.id, p.version FROM plan p JOIN assessment a ON a.id = p.assessment_id WHERE a.organisation_code = 'ZD01' AND a.cycle = '2025/26'",
    );
    const owned = one<{ id: number; revision: number }>(
      "SELECT id, revision FROM plan_action WHERE plan_id = ? AND owner_person_id = ? LIMIT 1",
      approved.id,
      personId("contributor@demo.example"),
    );
    const response = await as.contributor.post(
      `/assessments/${one("SELECT assessment_id AS id FROM plan WHERE id = ?", approved.id).id}/plan/actions/${owned.id}`,
      {
        intent: "progress",
        status: "done",
        note: "Finished in March",
        revision: String(owned.revision),
      },
    );
    expect(response.status).toBe(302);
    expect(
      one<{ status: string; version: number }>("SELECT status, version FROM plan WHERE id = ?", approved.id),
    ).toEqual({
      status: "approved",
      version: approved.version,
    });
  });

  it("refuses a contributor the lead's changes and actions they do not own", async () => {
    const before = fingerprint();
    const own = one<{ id: number; revision: number }>(
      "SELECT id, revision FROM plan_action WHERE title = 'Roll out electronic observations'",
    );
    const other = one<{ id: number; revision: number }>(
      "SELECT id, revision FROM plan_action WHERE owner_role IS NOT NULL AND plan_id = ?",
      plan()!.id,
    );
    expect(
      (
        await as.contributor.post(path(`/actions/${own.id}`), {
          intent: "edit",
          ...good(),
          revision: String(own.revision),
        })
      ).status,
    ).toBe(403);
    expect((await as.contributor.get(path(`/actions/${other.id}`))).status).toBe(403);
    expect(
      (
        await as.contributor.post(path(`/actions/${other.id}`), {
          intent: "progress",
          status: "done",
          revision: String(other.revision),
        })
      ).status,
    ).toBe(403);
    // An action of another organisation's plan, an id of no action, or garbage, is not found.
    const elsewhere = one(
      "SELECT x.id FROM plan_action x JOIN plan p ON p.id = x.plan_id WHERE p.organisation_code = 'ZD02' LIMIT 1",
    ).id;
    expect((await as.lead.get(path(`/actions/${elsewhere}`))).status).toBe(404);
    expect((await as.lead.get(path("/actions/999999"))).status).toBe(404);
    expect((await as.lead.get(path("/actions/01"))).status).toBe(404);
    expect(fingerprint()).toEqual(before);
  });

  it("does not let two people overwrite each other's change to one action", async () => {
    const action = one<{ id: number; revision: number }>(
      "SELECT id, revision FROM plan_action WHERE title = 'Roll out electronic observations'",
    );
    const base = String(action.revision);
    const first = await as.contributor.post(path(`/actions/${action.id}`), {
      intent: "progress",
      status: "done",
      revision: base,
    });
    expect(first.status).toBe(302);
    const before = fingerprint();
    const second = await as.lead.post(path(`/actions/${action.id}`), {
      intent: "edit",
      ...good(),
      title: "Roll out electronic observations everywhere",
      status: "in-progress",
      revision: base,
    });
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(textOf(html)).toContain("Someone else changed this action");
    expect(inputValue(html, "title")).toBe("Roll out electronic observations everywhere");
    expect(fingerprint()).toEqual(before);
    expect(one<{ status: string }>("SELECT status FROM plan_action WHERE id = ?", action.id).status).toBe(
      "done",
    );
  });
});

describe("the board", () => {
  it("cannot decide on a draft; the lead sends the plan", async () => {
    expect(
      (await as.board.post(path("/review"), { decision: "approve", signedName: "B", openedRevision: "1" }))
        .status,
    ).toBe(409);
    expect((await as.contributor.post(path(), { intent: "submit" })).status).toBe(403);
    expect((await as.lead.post(path(), { intent: "submit" })).status).toBe(302);
    expect(plan()!.status).toBe("submitted");
    expect((await as.lead.post(path(), { intent: "submit" })).status).toBe(409);
  });

  it("is refused an approval of a plan changed since it opened it, and shown the difference", async () => {
    const opened = await page(as.board, path("/review"));
    expect(opened.status).toBe(200);
    const revision = inputValue(opened.html, "openedRevision")!;
    expect(Number(revision)).toBe(plan()!.revision);
    expect(
      (await as.lead.post(path("/targets"), { "target-paperless": "5", "target-cyber-security": "3" }))
        .status,
    ).toBe(302);
    const before = fingerprint();
    const refused = await as.board.post(path("/review"), {
      decision: "approve",
      signedName: "Bea Board",
      openedRevision: revision,
    });
    expect(refused.status).toBe(409);
    const text = textOf(await refused.text());
    expect(text).toContain("The plan changed since you opened it");
    expect(text).toMatch(/Target for [^:]+: 5/);
    expect(fingerprint()).toEqual(before);
  });

  it("refuses a decision without what it needs, keeping what was typed", async () => {
    const revision = String(plan()!.revision);
    const before = fingerprint();
    const response = await as.board.post(path("/review"), {
      decision: "return",
      comment: "",
      openedRevision: revision,
    });
    expect(response.status).toBe(400);
    expect(errorSummary(await response.text())?.links.map((l) => l.href)).toEqual(["#comment"]);
    expect(
      (
        await as.lead.post(path("/review"), {
          decision: "approve",
          signedName: "L",
          openedRevision: revision,
        })
      ).status,
    ).toBe(403);
    expect(fingerprint()).toEqual(before);
  });

  it("returns it with comments, and approves it once sent again: a frozen version", async () => {
    let revision = String(plan()!.revision);
    const returned = await as.board.post(path("/review"), {
      decision: "return",
      comment: "Add an owner for cyber security",
      openedRevision: revision,
    });
    expect(returned.status).toBe(302);
    expect(plan()!.status).toBe("returned");
    expect(textOf((await page(as.lead, path())).html)).toContain("Add an owner for cyber security");
    expect((await as.lead.post(path(), { intent: "submit" })).status).toBe(302);
    revision = String(plan()!.revision);
    const approved = await as.board.post(path("/review"), {
      decision: "approve",
      signedName: "Bea Board",
      openedRevision: revision,
    });
    expect(approved.status).toBe(302);
    expect(plan()).toMatchObject({ status: "approved", version: 1 });
    const snapshot = JSON.parse(
      one<{ snapshot: string }>(
        "SELECT snapshot FROM plan_version WHERE plan_id = ? AND version = 1",
        plan()!.id,
      ).snapshot,
    );
    expect(snapshot.targets).toContainEqual({ themeId: "paperless", target: 5, reason: "" });
  });

  it("a later change makes version 2, a draft, and the history shows both", async () => {
    expect(
      (await as.lead.post(path("/targets"), { "target-paperless": "4", "target-cyber-security": "3" }))
        .status,
    ).toBe(302);
    expect(plan()).toMatchObject({ status: "draft", version: 2 });
    const versions = db
      .prepare("SELECT version, status FROM plan_version WHERE plan_id = ? ORDER BY version")
      .all(plan()!.id);
    expect(versions).toEqual([
      { version: 1, status: "approved" },
      { version: 2, status: "draft" },
    ]);
  });
});

describe("the report's downloads", () => {
  it("gives the plan in its newest version on the report's JSON, and previousTarget/targetMet per theme", async () => {
    const reportId = one(
      "SELECT id FROM report WHERE assessment_id = ? ORDER BY id DESC LIMIT 1",
      assessmentId,
    ).id;
    const response = await as.board.get(`/reports/${reportId}/json`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.plan).toMatchObject({ status: "draft", version: 2, approvedAt: null });
    const paperless = body.plan.themes.find((t: { id: string }) => t.id === "paperless");
    expect(paperless.target).toBe(4);
    expect(paperless.actions).toContainEqual({
      title: "Roll out electronic observations",
      owner: "Cal Contributor (demo)",
      due: "2027-03-31",
      status: "done",
    });
    for (const theme of body.themes) {
      expect(theme).toHaveProperty("previousTarget");
      expect(theme).toHaveProperty("targetMet");
    }
    const csv = await (await as.board.get(`/reports/${reportId}/csv`)).text();
    expect(csv.split("\n")[0]).toContain(
      "plan_status,plan_version,target,plan_actions,previous_target,target_met",
    );
  });

  it("is scoped like the report: a region's analyst sees it, another region's does not", async () => {
    const reportId = one(
      "SELECT id FROM report WHERE assessment_id = ? ORDER BY id DESC LIMIT 1",
      assessmentId,
    ).id;
    expect((await as.analyst.get(`/reports/${reportId}/json`)).status).toBe(200);
    expect((await southWestAnalyst.get(`/reports/${reportId}/json`)).status).toBe(404);
  });
});

describe("next year's check", () => {
  it("the demo's 2025/26 reports check the 2024/25 plans: some targets met, some not, actions' final statuses", async () => {
    const row = one<{ id: number; plan_version_id: number | null }>(
      `SELECT r.id, r.plan_version_id FROM report r JOIN assessment a ON a.id = r.assessment_id
       WHERE a.organisation_code = 'ZD02' AND a.cycle = '2025/26' AND a.questionnaire_id = 'core-digital-maturity'`,
    );
    const version = one<{ status: string; cycle: string }>(
      "SELECT v.status, p.cycle FROM plan_version v JOIN plan p ON p.id = v.plan_id WHERE v.id = ?",
      row.plan_version_id,
    );
    expect(version).toEqual({ status: "approved", cycle: "2024/25" });
    const body = await (await as.analyst.get(`/reports/${row.id}/json`)).json();
    const checked = body.themes.filter((t: { previousTarget: number | null }) => t.previousTarget !== null);
    expect(checked.length).toBeGreaterThan(0);
    for (const t of checked) expect(t.targetMet).toBe(t.level !== null && t.level >= t.previousTarget);
    const met = checked.map((t: { targetMet: boolean }) => t.targetMet);
    expect(met).toContain(true);
    expect(met).toContain(false);
    expect(body.previousPlan).toMatchObject({ cycle: "2024/25", status: "approved" });
    expect(body.previousPlan.actions.map((a: { status: string }) => a.status)).toContain("done");
    // The plan of 2025/26 is a separate thing: ZD02 made none.
    expect(body.plan).toBeNull();
  });

  it("shows the demo's states: ZD01 approved with overdue actions, ZD05 returned, ZD06 none", () => {
    const states = db
      .prepare(
        `SELECT p.organisation_code AS org, p.cycle, p.status FROM plan p
         WHERE p.organisation_code IN ('ZD01', 'ZD05', 'ZD06') AND p.cycle = '2025/26' ORDER BY org`,
      )
      .all();
    expect(states).toEqual([
      { org: "ZD01", cycle: "2025/26", status: "approved" },
      { org: "ZD05", cycle: "2025/26", status: "returned" },
    ]);
    const overdue = one<{ n: number }>(
      `SELECT count(*) AS n FROM plan_action x JOIN plan p ON p.id = x.plan_id
       WHERE p.organisation_code = 'ZD01' AND p.cycle = '2025/26' AND x.due < ? AND x.status IN ('not-started', 'in-progress')`,
      new Date().toISOString().slice(0, 10),
    ).n;
    expect(overdue).toBeGreaterThan(0);
  });

  it("a new cycle's report checks ZD01's approved 2025/26 plan, and says the questions changed in between", async () => {
    const id = await openAssessment(as.lead, "ZD01");
    await answerAllRequired(as.contributor, server, id);
    const submitted = await as.lead.post(`/assessments/${id}/check`, { intent: "submit" });
    expect(submitted.status).toBe(302);
    const reportId = one("SELECT id FROM report WHERE assessment_id = ? ORDER BY id DESC LIMIT 1", id).id;
    const body = await (await as.lead.get(`/reports/${reportId}/json`)).json();
    expect(body.previousPlan).toMatchObject({ cycle: "2025/26", status: "approved" });
    expect(body.themes.some((t: { previousTarget: number | null }) => t.previousTarget !== null)).toBe(true);
    const html = await (await as.lead.get(`/reports/${reportId}`)).text();
    const section = textOf(html.slice(html.indexOf('id="plan-check"')));
    expect(section).toContain("Last cycle's targets");
    expect(section).toContain(body.caveats.change);
  });
});

describe("where the plan shows", () => {
  it("the regional view and its CSV: per organisation, the plan's status, targets set and actions overdue", async () => {
    const html = await (await as.analyst.get("/regions/Y56?cycle=2025%2F26")).text();
    const row = textOf(
      html.slice(
        html.indexOf(">Thamesmere Demo Hospitals"),
        html.indexOf("</tr>", html.indexOf(">Thamesmere Demo Hospitals")),
      ),
    );
    expect(row).toMatch(/Approved by the board; \d+ targets; [1-9]\d* overdue/);
    const csv = parseCsv(await (await as.analyst.get("/regions/Y56/export.csv?cycle=2025%2F26")).text());
    const header = csv[0]!;
    const col = (name: string) => header.indexOf(name);
    const zd01 = csv.find((r) => r[0] === "ZD01")!;
    const zd05 = csv.find((r) => r[0] === "ZD05")!;
    const zd06 = csv.find((r) => r[0] === "ZD06")!;
    expect(zd01[col("plan_status")]).toBe("approved");
    expect(Number(zd01[col("plan_actions_overdue")])).toBeGreaterThan(0);
    expect(zd05[col("plan_status")]).toBe("returned");
    expect(zd06[col("plan_status")]).toBe("");
    // Organisations do not see the regional view at all.
    expect((await as.lead.get("/regions/Y56/export.csv")).status).toBe(403);
  });

  it("the board pack has a plan page, overdue actions said in words", async () => {
    const reportId = one(
      `SELECT r.id FROM report r JOIN assessment a ON a.id = r.assessment_id
       WHERE a.organisation_code = 'ZD01' AND a.cycle = '2025/26'`,
    ).id;
    const response = await as.board.get(`/reports/${reportId}/pdf`);
    expect(response.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), "plan-pdf-")), "pack.pdf");
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Improvement plan");
    expect(text).toContain("Targets against current levels");
    expect(text).toContain("Actions by theme");
    expect(text).toMatch(/In progress\. Overdue/);
  });
});
