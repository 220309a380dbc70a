import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cafOutcomes, wgllPillars } from "../../app/frameworks/catalogue";
import type { Client } from "../support/client";
import {
  autosave,
  decodeEntities,
  openAssessment,
  openDatabase,
  type Fields,
  type Person,
  parseCsv,
  type ReadonlyDb,
  signInAll,
  textOf,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";
import { coreVersion } from "../support/core-version";

// The crosswalk (issue 23): an assessment's answers as CAF contributing outcomes and What Good Looks Like
// pillars, on the page and as CSV, derived from the answers as saved through the app, for anyone who may see
// the assessment and nobody else.

let server: RunningServer;
let as: Record<Person, Client>;
let db: ReadonlyDb;
/** ZD01's current-cycle assessment of the current core version, started here with no answers. */
let id: number;
/** A London trust's current-cycle assessment of the current core version, answered by the demo data. */
let demo: { id: number; organisation_code: string };
/** ZD01's 2025/26 assessment, signed off on core v1, which has mappings since issue 23's gaps were closed. */
let v1: number;
/** An ICB's board check assessment: that questionnaire has no mappings. */
let boardCheck: number;
const revisions = new Map<string, string>();

const slug = (code: string) => `outcome-${code.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
/** The status tag beside an outcome's heading. */
function statusOf(html: string, code: string): string | undefined {
  const match = new RegExp(
    `id="${slug(code)}">[^<]*</span>(?:\\s|<!-- -->)*<strong class="nhsuk-tag[^"]*">([^<]+)</strong>`,
  ).exec(html);
  return match?.[1];
}
/** The HTML of one outcome's section. */
const sectionOf = (html: string, code: string) => {
  const start = html.indexOf(`id="${slug(code)}-heading"`);
  return start < 0 ? "" : html.slice(start, html.indexOf("</section>", start));
};

async function save(questionId: string, fields: Fields) {
  const result = await autosave(as.contributor, id, {
    [questionId]: { revision: revisions.get(questionId) ?? "0", ...fields },
  });
  expect(result.status, JSON.stringify(result.json)).toBe(200);
  const saved = result.json.results?.[0];
  expect(saved?.outcome).toBe("saved");
  revisions.set(questionId, String(saved?.revision));
}

async function page(client: Client, path: string) {
  const response = await client.get(path);
  return { status: response.status, html: decodeEntities(await response.text()), response };
}

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
  id = await openAssessment(as.lead, "ZD01");
  db = openDatabase(server);
  demo = db
    .prepare(
      `SELECT a.id, a.organisation_code FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code
       WHERE a.questionnaire_id = 'core-digital-maturity' AND a.questionnaire_version = ?
         AND o.region_code = 'Y56' AND a.organisation_code <> 'ZD01'
         AND EXISTS (SELECT 1 FROM answer x WHERE x.assessment_id = a.id AND x.question_id = 'cyber-supplier-assurance')
       ORDER BY a.id LIMIT 1`,
    )
    .get(coreVersion) as typeof demo;
  v1 = (
    db
      .prepare(
        "SELECT id FROM assessment WHERE organisation_code = 'ZD01' AND questionnaire_id = 'core-digital-maturity' AND cycle = '2025/26'",
      )
      .get() as { id: number }
  ).id;
  boardCheck = (
    db
      .prepare(
        "SELECT id FROM assessment WHERE questionnaire_id = 'board-digital-leadership' ORDER BY id LIMIT 1",
      )
      .get() as { id: number }
  ).id;
}, 180_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe("the evidence library beside the views", () => {
  it("shows what the organisation holds tagged with an outcome, and what an answer cites, each with its status", async () => {
    const created = await as.lead.post("/organisations/ZD01/evidence/new", {
      title: "Vulnerability scan summary (frameworks test)",
      owner: "role",
      ownerRole: "Head of cyber security",
      producedOn: "2026-10-01",
      reviewBy: "2099-10-01",
      outcomes: "B4.d, wgll:smart-foundations",
    });
    expect(created.status).toBe(302);
    const item = created.headers.get("Location")!;
    const caf = (await page(as.lead, `/assessments/${id}/frameworks/caf`)).html;
    const b4d = caf.slice(caf.indexOf('id="outcome-b4-d"'), caf.indexOf('id="outcome-b5-a"'));
    expect(b4d).toContain("In the evidence library, tagged B4.d:");
    expect(b4d).toContain(`href="${item}">Vulnerability scan summary (frameworks test)</a>`);
    expect(b4d).toContain("Current");
    expect(textOf(caf).split("Vulnerability scan summary (frameworks test)")).toHaveLength(2); // under B4.d only
    const wgll = (await page(as.lead, `/assessments/${id}/frameworks/wgll`)).html;
    expect(wgll).toContain("In the evidence library, tagged wgll:smart-foundations:");
    // Cited by the patching answer, it shows by that answer too, under each outcome the question maps to.
    const itemId = item.split("/").at(-1)!;
    const cite = await as.lead.post(
      `/assessments/${id}/themes/cyber-security/evidence?question=cyber-patching`,
      { question: "cyber-patching", intent: "cite", itemId },
    );
    expect(cite.status).toBe(302);
    const after = (await page(as.lead, `/assessments/${id}/frameworks/caf`)).html;
    const a3a = after.slice(after.indexOf('id="outcome-a3-a"'), after.indexOf('id="outcome-a4-a"'));
    expect(a3a).toContain(`href="${item}">Vulnerability scan summary (frameworks test)</a>`);
    expect(a3a).not.toContain("In the evidence library, tagged");
    // Another organisation's lead sees none of it.
    expect((await as.lead.get(`/assessments/${demo.id}/frameworks/caf`)).status).toBe(404);
  });
});

describe("the CAF view", () => {
  it("lists every contributing outcome, says it is not a DSPT submission, and starts not assessed", async () => {
    const { status, html } = await page(as.lead, `/assessments/${id}/frameworks/caf`);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain("It is not a Data Security and Protection Toolkit (DSPT) submission");
    expect(text).toContain("Objective B: Protecting against cyber attack");
    expect(text).toContain("B4 System security");
    expect(text).toContain(
      "Of the 42 outcomes: 0 achieved, 0 partially achieved, 0 not achieved and 42 not assessed.",
    );
    for (const outcome of cafOutcomes) {
      expect(text).toContain(`${outcome.code} ${outcome.title}`);
      expect(statusOf(html, outcome.code), outcome.code).toBe("Not assessed");
    }
    expect(sectionOf(html, "C1.d")).toContain("No question of this questionnaire maps to this outcome.");
    expect(sectionOf(html, "B5.c")).toContain(
      `href="/assessments/${id}/themes/cyber-security#question-cyber-backup-recovery"`,
    );
  });

  it("moves with the answers saved through the app: the weakest answer, and only once every answer is in", async () => {
    await save("cyber-backup-recovery", {
      value: "3",
      evidence: "Immutable backups tested in March",
      links: "https://intranet.example/restore-test",
    });
    await save("safety-downtime", { value: "3" });
    let html = (await page(as.board, `/assessments/${id}/frameworks/caf`)).html;
    expect(statusOf(html, "B5.c")).toBe("Achieved");
    expect(statusOf(html, "B5.a")).toBe("Partially achieved"); // Achieved and level 3
    // D1.c: safety-downtime is level 3, cyber-incident-response not answered yet, so the weakest is not known.
    expect(statusOf(html, "D1.c")).toBe("Not assessed");
    expect(statusOf(html, "A4.a")).toBe("Not assessed");
    const b5c = sectionOf(html, "B5.c");
    expect(b5c).toContain("Immutable backups tested in March");
    expect(b5c).toContain('href="https://intranet.example/restore-test"');

    await save("cyber-incident-response", { value: "3" });
    html = (await page(as.lead, `/assessments/${id}/frameworks/caf`)).html;
    expect(statusOf(html, "D1.c")).toBe("Partially achieved"); // Achieved and level 3

    await save("safety-downtime", { value: "4" });
    html = (await page(as.lead, `/assessments/${id}/frameworks/caf`)).html;
    expect(statusOf(html, "B5.a")).toBe("Achieved");
    expect(statusOf(html, "D1.c")).toBe("Achieved");

    await save("cyber-backup-recovery", {
      value: "1",
      evidence: "Immutable backups tested in March",
      links: "https://intranet.example/restore-test",
    });
    html = (await page(as.lead, `/assessments/${id}/frameworks/caf`)).html;
    expect(statusOf(html, "B5.c")).toBe("Not achieved");
    expect(statusOf(html, "B5.a")).toBe("Not achieved"); // one Not achieved answer is enough
    expect(statusOf(html, "D1.c")).toBe("Achieved");
  });

  it("downloads as CSV through the one CSV response, a row per outcome and mapped answer", async () => {
    const response = await as.contributor.get(`/assessments/${id}/frameworks/caf.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="ZD01-\d{4}-\d{2}-core-digital-maturity-caf\.csv"$/,
    );
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual([
      "ods_code",
      "cycle",
      "objective",
      "principle",
      "outcome_code",
      "outcome",
      "status",
      "question_id",
      "question",
      "answer",
      "finding",
      "evidence",
      "evidence_links",
      "library_cited",
      "library_tagged",
    ]);
    const b5c = rows.filter((r) => r[4] === "B5.c");
    expect(b5c).toEqual([
      [
        "ZD01",
        expect.any(String),
        "B Protecting against cyber attack",
        "B5 Resilient networks and systems",
        "B5.c",
        "Backups",
        "Not achieved",
        "cyber-backup-recovery",
        "How resilient are your networks and systems, and can you restore them after a cyber attack?",
        "Not achieved",
        "Not achieved",
        "Immutable backups tested in March",
        "https://intranet.example/restore-test",
        "",
        "",
      ],
    ]);
    expect(new Set(rows.slice(1).map((r) => r[4]))).toEqual(new Set(cafOutcomes.map((o) => o.code)));
    expect(rows.find((r) => r[4] === "C1.d")?.slice(6)).toEqual([
      "Not assessed",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
    ]);
    // The library beside the view, as on the page: the item the patching answer cites, on that answer's rows
    // (A3.a, B4.b, B4.d), and the same item tagged B4.d, on every B4.d row and no other outcome's.
    // ZD01's demo library has items tagged B4.d too: a line each in the cell.
    const item = "Vulnerability scan summary (frameworks test); review by 2099-10-01; Current";
    const lines = (cell: string | undefined) => (cell ? cell.split("\n") : []);
    const patching = rows.filter((r) => r[7] === "cyber-patching");
    expect(patching.map((r) => r[4])).toEqual(["A3.a", "B4.b", "B4.d"]);
    for (const r of patching) expect(lines(r[13])).toEqual([item]);
    const b4d = rows.filter((r) => r[4] === "B4.d");
    for (const r of b4d) {
      expect(lines(r[14])).toContain(item);
      expect(r[14]).toMatch(/^Penetration test report; review by \d{4}-\d{2}-\d{2}; Expired$/m);
    }
    expect(rows.filter((r) => r[4] !== "B4.d" && lines(r[14]).includes(item))).toEqual([]);
    expect(rows.slice(1).filter((r) => r[7] !== "cyber-patching" && r[13] !== "")).toEqual([]);
  });

  it("shows a demo assessment's real answers to the region's analyst", async () => {
    const stored = db
      .prepare(
        "SELECT value, not_applicable_reason FROM answer WHERE assessment_id = ? AND question_id = 'cyber-supplier-assurance'",
      )
      .get(demo.id) as { value: string | null; not_applicable_reason: string | null };
    const value = stored.value === null ? null : Number(JSON.parse(stored.value));
    const expected =
      value === 3
        ? "Achieved"
        : value === 2
          ? "Partially achieved"
          : value === 1
            ? "Not achieved"
            : "Not assessed";
    const { status, html } = await page(as.analyst, `/assessments/${demo.id}/frameworks/caf`);
    expect(status).toBe(200);
    expect(statusOf(html, "A4.a")).toBe(expected);
  });

  it("shows a 2025/26 assessment on core v1 through its own mappings, judged on v1's questions", async () => {
    const { status, html } = await page(as.lead, `/assessments/${v1}/frameworks/caf`);
    expect(status).toBe(200);
    // v1 maps 23 of the 42 outcomes (v1's cyber questions are fewer and narrower than v2's and v3's); of those,
    // B5.b only through the ambulance dispatch question, which an acute trust such as ZD01 is not asked.
    expect(html.split("No question of this questionnaire maps to this outcome.")).toHaveLength(42 - 22 + 1);
    const answered = cafOutcomes.filter((o) => statusOf(html, o.code) !== "Not assessed");
    expect(answered.length).toBeGreaterThan(10);
    // v1's backup question asks about the response plan and its rehearsal too (D1.a), not network design (B5.b).
    expect(sectionOf(html, "D1.a")).toContain("#question-cyber-backup-recovery");
    expect(sectionOf(html, "B5.c")).toContain("#question-cyber-backup-recovery");
    expect(sectionOf(html, "B5.b")).not.toContain("#question-cyber-backup-recovery");
    // v1's own questions, retired in v2, are mapped on their own meaning.
    expect(sectionOf(html, "A2.b")).toContain("#question-cyber-dspt-standards-met");
    expect(sectionOf(html, "B4.a")).toContain("#question-cyber-medical-devices");
    // Objective E, the DSPT's information governance: sharing for direct care and records.
    expect(sectionOf(html, "E3.a")).toContain("#question-safe-access-information-sharing");
    expect(sectionOf(html, "E4.a")).toContain("#question-paperless-epr-coverage");
  });

  it("says plainly when a questionnaire has no mappings", async () => {
    const { status, html } = await page(as.admin, `/assessments/${boardCheck}/frameworks/caf`);
    expect(status).toBe(200);
    for (const outcome of cafOutcomes) expect(statusOf(html, outcome.code)).toBe("Not assessed");
    expect(html.split("No question of this questionnaire maps to this outcome.")).toHaveLength(
      cafOutcomes.length + 1,
    );
  });
});

describe("the What Good Looks Like view", () => {
  it("lists the seven pillars with the mean of their answers, and downloads as CSV", async () => {
    const { status, html } = await page(as.contributor, `/assessments/${id}/frameworks/wgll`);
    expect(status).toBe(200);
    expect(textOf(html)).toContain("It is not a Data Security and Protection Toolkit (DSPT) submission");
    for (const pillar of wgllPillars) expect(textOf(html)).toContain(pillar.title);
    // Smart foundations: cyber-backup-recovery Not achieved (0), safety-downtime level 4 (75) and
    // cyber-incident-response Achieved (100): mean 58.3.
    expect(statusOf(html, "smart-foundations")).toBe("Partially achieved");
    expect(statusOf(html, "safe-practice")).toBe("Achieved"); // safety-downtime alone
    expect(statusOf(html, "empower-people")).toBe("Not assessed");

    await save("paperless-electronic-observations", { value: "1" });
    let after = (await page(as.contributor, `/assessments/${id}/frameworks/wgll`)).html;
    expect(statusOf(after, "safe-practice")).toBe("Not achieved"); // (75 + 0) / 2
    await save("paperless-electronic-observations", { notApplicable: "yes", reason: "No inpatient beds" });
    after = (await page(as.contributor, `/assessments/${id}/frameworks/wgll`)).html;
    expect(statusOf(after, "safe-practice")).toBe("Achieved"); // does not apply: left out
    expect(sectionOf(after, "safe-practice")).toContain("Not applicable: No inpatient beds");

    await save("cyber-patching", { value: "3" });
    await save("cyber-identity-mfa", { value: "3" });
    after = (await page(as.contributor, `/assessments/${id}/frameworks/wgll`)).html;
    expect(statusOf(after, "smart-foundations")).toBe("Achieved"); // (0 + 75 + 100 + 100 + 100) / 5 = 75

    const csv = await as.contributor.get(`/assessments/${id}/frameworks/wgll.csv`);
    expect(csv.status).toBe(200);
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]?.slice(0, 5)).toEqual(["ods_code", "cycle", "pillar_code", "pillar", "status"]);
    expect(rows.filter((r) => r[2] === "safe-practice" && r[5] === "safety-downtime")).toEqual([
      [
        "ZD01",
        expect.any(String),
        "safe-practice",
        "Safe practice",
        "Achieved",
        "safety-downtime",
        "How safely can clinical services continue when a key system is unavailable?",
        "4 – Embedded",
        "Achieved",
        "",
        "",
        "",
        // ZD01's demo library tags items with the pillar: a line each.
        expect.stringMatching(
          /^Clinical safety case for the EPR \(DCB0160\); review by \d{4}-\d{2}-\d{2}; Current$/m,
        ),
      ],
    ]);
  });
});

describe("who may see the views", () => {
  it("links them from the assessment, its provisional report and a saved report", async () => {
    const report = db.prepare("SELECT id FROM report WHERE assessment_id = ? ORDER BY id DESC").get(v1) as {
      id: number;
    };
    const saved = (await page(as.board, `/reports/${report.id}`)).html;
    expect(saved).toContain(`href="/assessments/${v1}/frameworks/caf"`);
    expect(saved).toContain(`href="/assessments/${v1}/frameworks/wgll"`);
    for (const path of [`/assessments/${id}`, `/assessments/${id}/report`]) {
      const { html } = await page(as.lead, path);
      expect(html).toContain(`href="/assessments/${id}/frameworks/caf"`);
      expect(html).toContain(`href="/assessments/${id}/frameworks/wgll"`);
    }
  });

  it("answers 404 to another organisation's people, for the pages and the CSVs", async () => {
    for (const path of ["caf", "wgll", "caf.csv", "wgll.csv"]) {
      const response = await as.lead.get(`/assessments/${demo.id}/frameworks/${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain(demo.organisation_code);
    }
  });

  it("answers 404 to an unknown framework or assessment, and sends a signed-out visitor to sign in", async () => {
    expect((await as.lead.get(`/assessments/${id}/frameworks/dspt`)).status).toBe(404);
    expect((await as.lead.get(`/assessments/99999999/frameworks/caf`)).status).toBe(404);
    expect((await as.lead.get(`/assessments/0x1/frameworks/caf`)).status).toBe(404);
    for (const path of ["caf", "dspt", "caf.csv"]) {
      const response = await fetch(`${server.url}/assessments/${id}/frameworks/${path}`, {
        redirect: "manual",
      });
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/sign-in/);
    }
  });
});
