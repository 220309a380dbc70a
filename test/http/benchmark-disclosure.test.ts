import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Comparisons } from "../../app/benchmark/compare";
import type { Report } from "../../app/report/report";
import {
  decodeEntities,
  openAssessment,
  openDatabase,
  type ReadonlyDb,
  signIn,
  textOf,
} from "../support/assessment";
import type { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";

// What an organisation learns about its peers from its reports: aggregates of groups of at least the
// disclosure rule (app/benchmark/disclosure.ts: DISCLOSURE_MIN_GROUP, default and floor 5; quartiles from
// DISCLOSURE_QUARTILE_MIN_GROUP, default and floor 10; never a group's lowest or highest score), and never another organisation's name
// or ODS code, on any page or download.

const own = "ZD01";
const ownIcb = "ZQ56";

let server: RunningServer;
let strict: RunningServer; // DISCLOSURE_MIN_GROUP=50
let db: ReadonlyDb;
let lead: Client;
let board: Client;
let others: { ods_code: string; name: string }[];
let savedReportIds: number[];
let assessmentIds: number[];
let newAssessmentId: number;

const ids = (d: ReadonlyDb, sql: string, ...params: unknown[]) =>
  (d.prepare(sql).all(...params) as { id: number }[]).map((r) => r.id);

beforeAll(async () => {
  [server, strict] = await Promise.all([startServer(), startServer({ DISCLOSURE_MIN_GROUP: "50" })]);
  db = openDatabase(server);
  [lead, board] = await Promise.all([signIn(server, "lead"), signIn(server, "board")]);
  others = db
    .prepare("SELECT ods_code, name FROM organisation WHERE ods_code <> ? ORDER BY ods_code")
    .all(own) as { ods_code: string; name: string }[];
  savedReportIds = ids(db, "SELECT id FROM report WHERE organisation_code = ? ORDER BY id", own);
  // A new assessment for the current cycle, so there is an open one with a provisional report too.
  newAssessmentId = await openAssessment(lead, own);
  assessmentIds = ids(db, "SELECT id FROM assessment WHERE organisation_code = ? ORDER BY id", own);
}, 60_000);

afterAll(async () => {
  db?.close();
  await Promise.all([server?.stop(), strict?.stop()]);
});

/**
 * Another organisation's name or ODS code found in a body. The organisation's own ICB code is its own
 * attribute (its organisation page shows it, and the peer group of its ICB is named by it), so that code
 * is allowed; the ICB's name is not.
 */
function leaks(body: string): string[] {
  const text = decodeEntities(body);
  const found: string[] = [];
  for (const o of others) {
    if (text.includes(o.name)) found.push(o.name);
    if (o.ods_code !== ownIcb && new RegExp(`\\b${o.ods_code}\\b`).test(text)) found.push(o.ods_code);
  }
  return found;
}

async function fetchOk(client: Client, path: string) {
  const response = await client.get(path);
  const body = Buffer.from(await response.arrayBuffer());
  expect(response.status, path).toBe(200);
  return { type: response.headers.get("Content-Type") ?? "", body };
}

describe("an organisation's reports disclose no other organisation", () => {
  it("has saved reports and assessments to look at", () => {
    expect(others.length).toBe(48);
    expect(savedReportIds.length).toBeGreaterThanOrEqual(2);
    expect(assessmentIds).toContain(newAssessmentId);
  });

  it("the check finds names and codes where they are shown (the analyst's regional view)", async () => {
    const analyst = await signIn(server, "analyst");
    const { body } = await fetchOk(analyst, "/regions/Y56/export.csv?cycle=2025/26");
    const found = leaks(body.toString("utf8"));
    expect(found).toContain("Northgate Demo Hospitals NHS Foundation Trust");
    expect(found).toContain("ZD02");
  });

  it.each(["lead", "board"] as const)("as the %s: HTML, CSV, JSON, route data and PDF", async (who) => {
    const client = who === "lead" ? lead : board;
    const paths = [
      `/organisations/${own}`,
      ...savedReportIds.flatMap((id) => [
        `/reports/${id}`,
        `/reports/${id}.data`,
        `/reports/${id}/csv`,
        `/reports/${id}/json`,
      ]),
      ...assessmentIds.flatMap((id) => [`/assessments/${id}/report`, `/assessments/${id}/report.data`]),
    ];
    const found: Record<string, string[]> = {};
    for (const path of paths) {
      const { body } = await fetchOk(client, path);
      const text = body.toString("utf8");
      // Make sure the page is the organisation's own (and not, say, an error page).
      expect(text, path).toContain(own);
      const leaked = leaks(text);
      if (leaked.length > 0) found[path] = leaked;
    }
    expect(found).toEqual({});
    // The PDF is compressed, so its text cannot be searched here: check that it is served.
    for (const id of savedReportIds) {
      const { type, body } = await fetchOk(client, `/reports/${id}/pdf`);
      expect(type).toContain("application/pdf");
      expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
  });
});

/** The report's peer-group rows ("Overall score in each peer group"), as text. */
function overallTable(html: string): string {
  const at = html.indexOf("Overall score in each peer group");
  expect(at).toBeGreaterThan(0);
  return textOf(html.slice(at, html.indexOf("</table>", at)));
}

const notShown = (n: number, threshold: number) =>
  `Not shown: ${n} ${n === 1 ? "organisation" : "organisations"}, fewer than ${threshold}`;

function checkGroupRows(html: string, comparisons: Comparisons) {
  const table = overallTable(html);
  for (const g of comparisons.groups) {
    const s = g.themes.overall;
    if (!s) expect(table).toContain(`${g.label} No submitted assessments yet`);
    else if (s.shown === "count")
      expect(table).toContain(`${g.label} ${notShown(s.n, comparisons.rule.minGroup)}`);
    else if (s.shown === "median")
      expect(table).toContain(
        `${g.label} ${s.median.toFixed(1)} Not shown: ${s.n} organisations, quartiles need ${comparisons.rule.quartileMinGroup}`,
      );
    else {
      // The JSON download is rounded once, as the page shows it.
      expect(table).toContain(
        `${g.label} ${s.median.toFixed(1)} ${s.q1.toFixed(1)} to ${s.q3.toFixed(1)}, ${s.n} organisations`,
      );
    }
  }
}

/** Every peer statistic of a report, checked against the disclosure rule for organisation users. */
function checkRule(c: Comparisons) {
  const stats = c.groups.flatMap((g) => Object.values(g.themes));
  for (const s of stats) {
    // Never the lowest or highest score, at any size.
    expect(s).not.toHaveProperty("min");
    expect(s).not.toHaveProperty("max");
    if (s.n < c.rule.minGroup) expect(Object.keys(s).sort()).toEqual(["n", "shown"]);
    else if (s.n < c.rule.quartileMinGroup)
      expect(Object.keys(s).sort()).toEqual(["median", "n", "position", "shown"]);
    else expect(s.shown).toBe("quartiles");
  }
  return stats;
}

describe("groups below the threshold", () => {
  it("a saved report shows 'Not shown' with the group's size, and keeps only the size", async () => {
    const reportId = savedReportIds[savedReportIds.length - 1]!;
    const report = JSON.parse((await fetchOk(lead, `/reports/${reportId}/json`)).body.toString()) as Report;
    const c = report.comparisons!;
    expect(c.rule).toEqual({ minGroup: 5, quartileMinGroup: 10 });
    const cycle = report.assessment.cycle;
    // ZD01 and ZD02 are London's acute trusts, and London has the specialist trust: a group of three.
    const londonAcute = db
      .prepare(
        `SELECT count(DISTINCT r.organisation_code) AS n FROM report r JOIN organisation o ON o.ods_code = r.organisation_code
         WHERE o.region_code = 'Y56' AND o.care_setting IN ('acute', 'specialist-acute') AND r.cycle = ? AND r.id <= ?`,
      )
      .get(cycle, reportId) as { n: number };
    expect(londonAcute.n).toBe(3); // with London's specialist trust, counted in the acute group
    const group = c.groups.find((g) => g.key === "setting-region:acute:Y56")!;
    expect(group.label).toBe("Acute organisations (including specialist) in London");
    for (const stat of Object.values(group.themes)) expect(stat).toEqual({ n: 3, shown: "count" });
    // Every statistic anywhere in the report follows the rule; some are shown.
    const stats = checkRule(c);
    expect(stats.some((s) => s.shown !== "count")).toBe(true);
    const html = (await fetchOk(lead, `/reports/${reportId}`)).body.toString();
    expect(textOf(html)).toContain(`Acute organisations (including specialist) in London ${notShown(3, 5)}`);
    expect(textOf(html)).not.toContain("range");
    checkGroupRows(html, c);
  });

  it("the provisional report of the open assessment shows the current cycle's small groups as 'Not shown'", async () => {
    const html = (await fetchOk(lead, `/assessments/${newAssessmentId}/report`)).body.toString();
    const text = textOf(html);
    expect(text).toContain("Provisional");
    expect(text).toContain("no figure is shown from fewer than 5 organisations");
    expect(text).toContain("the lowest and highest scores of a group are never shown");
    // What the stored benchmarks hold for the current cycle's groups of ZD01, by size.
    const cycle = (
      db.prepare("SELECT cycle FROM assessment WHERE id = ?").get(newAssessmentId) as { cycle: string }
    ).cycle;
    const sizes = new Map(
      (
        db
          .prepare(
            "SELECT group_key, n FROM benchmark WHERE questionnaire_id = 'core-digital-maturity' AND cycle = ? AND basis = 'submitted' AND theme_id = 'overall'",
          )
          .all(cycle) as { group_key: string; n: number }[]
      ).map((r) => [r.group_key, r.n]),
    );
    const labels: [string, string][] = [
      ["setting:acute", "Acute organisations (including specialist) in England"],
      ["setting-region:acute:Y56", "Acute organisations (including specialist) in London"],
      ["region:Y56", "All organisations in London"],
      [`icb:${ownIcb}`, `Organisations in integrated care board ${ownIcb}`],
      ["all", "All organisations"],
    ];
    const table = overallTable(html);
    let suppressed = 0;
    for (const [key, label] of labels) {
      const n = sizes.get(key);
      if (n === undefined) expect(table).toContain(`${label} No submitted assessments yet`);
      else if (n < 5) {
        suppressed++;
        expect(table).toContain(`${label} ${notShown(n, 5)}`);
      } else expect(table).toContain(`${n} organisations`);
    }
    // The demo's current cycle has small London groups.
    expect(suppressed).toBeGreaterThan(0);
  });

  it("with DISCLOSURE_MIN_GROUP=50 every group of the provisional report is held back", async () => {
    const client = await signIn(strict, "lead");
    const d = openDatabase(strict);
    let reportIds: number[];
    let assessments: number[];
    try {
      reportIds = ids(d, "SELECT id FROM report WHERE organisation_code = ? ORDER BY id", own);
      assessments = ids(
        d,
        "SELECT id FROM assessment WHERE organisation_code = ? AND status <> 'in-progress' ORDER BY id",
        own,
      );
    } finally {
      d.close();
    }
    expect(assessments.length).toBeGreaterThan(0);
    for (const id of assessments) {
      const response = await client.get(`/assessments/${id}/report`);
      expect(response.status).toBe(200);
      const html = await response.text();
      const text = textOf(html);
      expect(text).toContain("no figure is shown from fewer than 50 organisations");
      const table = overallTable(html);
      for (const label of [
        "Acute organisations \\(including specialist\\) in England",
        "Acute organisations \\(including specialist\\) in London",
        "All organisations in London",
        `Organisations in integrated care board ${ownIcb}`,
        "All organisations",
      ])
        expect(table).toMatch(new RegExp(`${label} Not shown: \\d+ organisations?, fewer than 50`));
      // No figures anywhere: no box plots, no medians, no ranges.
      expect(html).not.toContain("app-boxplot");
      expect(text).not.toMatch(/\(range /);
      expect(text).not.toContain("group median");
    }
    // The reports saved on that server (at a threshold of 50) hold no figures either.
    for (const id of reportIds) {
      const report = (await (await client.get(`/reports/${id}/json`)).json()) as Report;
      expect(report.comparisons!.rule).toEqual({ minGroup: 50, quartileMinGroup: 50 });
      for (const s of report.comparisons!.groups.flatMap((g) => Object.values(g.themes)))
        expect(s).toEqual({ n: s.n, shown: "count" });
    }
  });
});

describe("DISCLOSURE_MIN_GROUP below 5", () => {
  it("a new server with demo data refuses to start", async () => {
    const outcome = await startServer({ DISCLOSURE_MIN_GROUP: "2" }).then(
      async (s) => {
        await s.stop();
        return "started";
      },
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/server exited with 1/);
    expect(outcome).toMatch(/DISCLOSURE_MIN_GROUP must be a whole number from 5 to 1000/);
  });

  it("a server with an existing database refuses to start (it must check the setting itself)", async () => {
    // A restart with a mistyped setting: the database already holds data, so no demo seeding runs. (The
    // first server's own database, on SQLite or PostgreSQL alike; a refused start writes nothing.)
    const existing = { url: server.databaseUrl, path: server.databasePath, drop: async () => {} };
    const outcome = await startServer({ DISCLOSURE_MIN_GROUP: "2" }, { database: existing }).then(
      async (s) => {
        try {
          const client = await signIn(s, "lead");
          const provisional = await client.get(`/assessments/${assessmentIds[0]}/report`);
          return `started and served; the provisional report answered ${provisional.status}`;
        } finally {
          await s.stop();
        }
      },
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/server exited with 1/);
    expect(outcome).toMatch(/DISCLOSURE_MIN_GROUP/);
  }, 30_000);
});
