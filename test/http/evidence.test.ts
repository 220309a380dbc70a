import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../support/client";
import {
  errorSummary,
  inputValue,
  coreQuestionnaireRef,
  currentCycle,
  openDatabase,
  parseCsv,
  type Person,
  type ReadonlyDb,
  signInAll,
  textareaValue,
  textOf,
} from "../support/assessment";
import { fileForm, pdfWithJavaScript } from "../support/evidence";
import { type RunningServer, startServer } from "../support/server";
import { openWritableDatabase, type WritableDb } from "../support/sync-database";

// Issue 23, the evidence library: items with owners and review dates, the revision rule, citations from
// questions (same organisation only, copied forward with last cycle's answers, marked when expired), the
// register and its CSV, deletion. Files and scope are evidence-files.test.ts.

let server: RunningServer;
let db: ReadonlyDb;
let writable: WritableDb;
let as: Record<Person, Client>;
let leadId: number;
let openId: number;
const lib = "/organisations/ZD01/evidence";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const one = <T = { id: number }>(sql: string, ...params: unknown[]) => {
  const row = db.prepare(sql).get(...params) as T | undefined;
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
};
const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
const fingerprint = () => ({
  items: db.prepare("SELECT count(*) AS n, coalesce(sum(revision), 0) AS r FROM evidence_item").get(),
  files: db.prepare("SELECT count(*) AS n, coalesce(sum(size), 0) AS s FROM evidence_file").get(),
  citations: count("SELECT count(*) AS n FROM evidence_citation"),
  outcomes: count("SELECT count(*) AS n FROM evidence_outcome"),
  audit: count("SELECT count(*) AS n FROM audit_event WHERE action LIKE 'evidence.%'"),
});

const itemFields = (overrides: Record<string, string> = {}) => ({
  title: "Data security policy 2026",
  description: "Board-approved policy",
  owner: `person:${leadId}`,
  ownerRole: "",
  producedOn: day(-100),
  reviewBy: day(265),
  links: "https://intranet.example.nhs.uk/policies/dsp",
  outcomes: "B4.a, wgll:well-led",
  ...overrides,
});

async function addItem(client: Client, fields: Record<string, string>, odsCode = "ZD01") {
  const response = await client.post(`/organisations/${odsCode}/evidence/new`, fields);
  expect(response.status, await response.clone().text()).toBe(302);
  return Number(/\/evidence\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1]);
}

const upload = (client: Client, itemId: number, bytes: Uint8Array, name: string, odsCode = "ZD01") =>
  client.post(`/organisations/${odsCode}/evidence/${itemId}/files`, fileForm(bytes, name));

let policy: number;
let expired: number;
let due: number;
let otherOrgItem: number;
/** ZD01's 2025/26 assessment (signed off), whose answers cite the expired item. */
let lastCycle: number;

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server);
  writable = openWritableDatabase(server.databaseUrl);
  as = await signInAll(server);
  leadId = one("SELECT id FROM person WHERE email = 'lead@demo.example'").id;
  policy = await addItem(as.lead, itemFields());
  expired = await addItem(
    as.lead,
    itemFields({
      title: "Penetration test report 2024",
      producedOn: "2024-01-10",
      reviewBy: "2025-01-10",
      outcomes: "B4.d",
    }),
  );
  due = await addItem(
    as.contributor,
    itemFields({
      title: "Business continuity plan",
      owner: "role",
      ownerRole: "Head of Resilience",
      reviewBy: day(20),
      links: "",
      outcomes: "",
    }),
  );
  // Another organisation's item, made by the administrator (who may act for every organisation).
  otherOrgItem = await addItem(
    as.admin,
    itemFields({ title: "ZD02 private evidence", owner: "role", ownerRole: "IG lead" }),
    "ZD02",
  );
  // Last cycle (signed off) cited the expired report on every answer: set up in its database, as a cycle
  // answered before this one.
  lastCycle = one(
    "SELECT id FROM assessment WHERE organisation_code = 'ZD01' AND cycle = '2025/26' AND questionnaire_id = 'core-digital-maturity'",
  ).id;
  writable
    .prepare(
      `INSERT INTO evidence_citation (assessment_id, question_id, theme_id, evidence_item_id, organisation_code, cited_by, cited_at)
       SELECT assessment_id, question_id, theme_id, ?, 'ZD01', NULL, '2025-06-01T00:00:00.000Z' FROM answer WHERE assessment_id = ?`,
    )
    .run(expired, lastCycle);
  const started = await as.lead.post("/organisations/ZD01/assessments/new", {
    questionnaire: coreQuestionnaireRef,
    cycle: currentCycle(),
    start: "carry-forward",
  });
  expect(started.status).toBe(302);
  openId = Number(started.headers.get("Location")?.split("/")[2]);
}, 150_000);

afterAll(async () => {
  db?.close();
  writable?.close();
  await server?.stop();
});

describe("items", () => {
  it("adds an item with its owner, dates, links and outcome tags, audited", () => {
    const row = one<{ title: string; owner_person_id: number; links: string; revision: number }>(
      "SELECT title, owner_person_id, links, revision FROM evidence_item WHERE id = ?",
      policy,
    );
    expect(row).toMatchObject({ title: "Data security policy 2026", owner_person_id: leadId, revision: 1 });
    expect(JSON.parse(row.links)).toEqual(["https://intranet.example.nhs.uk/policies/dsp"]);
    const tags = db
      .prepare("SELECT outcome_code FROM evidence_outcome WHERE evidence_item_id = ? ORDER BY outcome_code")
      .all(policy);
    expect(tags).toEqual([{ outcome_code: "B4.a" }, { outcome_code: "wgll:well-led" }]);
    expect(
      count("SELECT count(*) AS n FROM audit_event WHERE action = 'evidence.item-added'"),
    ).toBeGreaterThanOrEqual(4);
  });

  it("refuses a review date before the production date: 400, everything typed kept, nothing written", async () => {
    const before = fingerprint();
    const response = await as.lead.post(
      `${lib}/new`,
      itemFields({ title: "Backwards dates", producedOn: "2026-05-01", reviewBy: "2026-04-30" }),
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(errorSummary(page)?.links).toContainEqual({
      href: "#reviewBy",
      text: "Review-by date must be the same as or after the date it was produced",
    });
    expect(inputValue(page, "title")).toBe("Backwards dates");
    expect(inputValue(page, "reviewBy")).toBe("2026-04-30");
    expect(textareaValue(page, "links")).toBe("https://intranet.example.nhs.uk/policies/dsp");
    expect(fingerprint()).toEqual(before);
  });

  it("refuses bad outcome codes, links and an owner from another organisation", async () => {
    const before = fingerprint();
    const notOfZd01 = one("SELECT id FROM person WHERE email = 'analyst@demo.example'").id;
    for (const [fields, field] of [
      [{ outcomes: "B4.a, <script>" }, "#outcomes"],
      [{ links: "javascript:alert(1)" }, "#links"],
      [{ owner: `person:${notOfZd01}` }, "#owner"],
      [{ title: "" }, "#title"],
    ] as const) {
      const response = await as.lead.post(`${lib}/new`, itemFields(fields));
      expect(response.status).toBe(400);
      expect(errorSummary(await response.text())?.links.map((l) => l.href)).toContain(field);
    }
    expect(fingerprint()).toEqual(before);
  });

  it("two people editing one item: the later save from a stale revision is a 409 showing both, nothing overwritten", async () => {
    const first = await as.lead.post(
      `${lib}/${due}`,
      itemFields({
        title: "Business continuity plan v2",
        owner: "role",
        ownerRole: "Head of Resilience",
        reviewBy: day(20),
        revision: "1",
      }),
    );
    expect(first.status).toBe(302);
    const before = fingerprint();
    const second = await as.contributor.post(
      `${lib}/${due}`,
      itemFields({
        title: "BCP (contributor's edit)",
        owner: "role",
        ownerRole: "Head of Resilience",
        reviewBy: day(20),
        revision: "1",
      }),
    );
    expect(second.status).toBe(409);
    const page = await second.text();
    expect(textOf(page)).toContain("Someone else changed this evidence");
    expect(textOf(page)).toContain("Business continuity plan v2");
    expect(inputValue(page, "title")).toBe("BCP (contributor's edit)");
    expect(inputValue(page, "revision")).toBe("2");
    expect(fingerprint()).toEqual(before);
    expect(one<{ title: string }>("SELECT title FROM evidence_item WHERE id = ?", due).title).toBe(
      "Business continuity plan v2",
    );
  });
});

describe("citing from a question", () => {
  const question = () =>
    one<{ question_id: string; theme_id: string }>(
      "SELECT question_id, theme_id FROM answer WHERE assessment_id = ? ORDER BY question_id LIMIT 1",
      openId,
    );
  // The page's forms post to the page's own address, question and all, as a browser does.
  const citePath = (themeId: string, questionId = question().question_id) =>
    `/assessments/${openId}/themes/${themeId}/evidence?question=${questionId}`;

  it("copying last cycle's answers forward kept their citations, and the expired item is marked", async () => {
    const carried = count(
      "SELECT count(*) AS n FROM answer WHERE assessment_id = ? AND carried_from_cycle IS NOT NULL",
      openId,
    );
    expect(carried).toBeGreaterThan(0);
    expect(
      count(
        "SELECT count(*) AS n FROM evidence_citation WHERE assessment_id = ? AND evidence_item_id = ?",
        openId,
        expired,
      ),
    ).toBe(carried);
    const q = question();
    const theme = await (await as.contributor.get(`/assessments/${openId}/themes/${q.theme_id}`)).text();
    const area = textOf(
      theme.slice(theme.indexOf(">", theme.indexOf(`id="${q.question_id}-library-evidence"`)) + 1),
    );
    expect(area).toMatch(
      /^Evidence from the library Penetration test report 2024, Lena Lead \(demo\) Expired Use existing evidence/,
    );
  });

  it("marks expired and due evidence on check your answers (a warning, not a block) and carries it in FHIR", async () => {
    const check = await as.lead.get(`/assessments/${openId}/check`);
    expect(check.status).toBe(200);
    const text = textOf(await check.text());
    expect(text).toMatch(
      /Evidence to review \S*\s*\d+ cited evidence items? (is|are) expired or due for review\. You can still submit\./,
    );
    expect(text).toContain("Penetration test report 2024 (expired)");
    expect(text).toContain("Submit assessment");
    const fhir = (await (await as.lead.get(`/assessments/${openId}/fhir`)).json()) as {
      extension?: { url: string; extension: { url: string; valueString?: string }[] }[];
    };
    const titles = (fhir.extension ?? []).map((e) => e.extension.find((x) => x.url === "title")?.valueString);
    expect(titles).toContain("Penetration test report 2024");
  });

  it("cites an item, shows it on the question, and removes it again", async () => {
    const q = question();
    const search = await (await as.contributor.get(`${citePath(q.theme_id)}&q=B4.a`)).text();
    expect(textOf(search)).toContain("Data security policy 2026");
    const cited = await as.contributor.post(citePath(q.theme_id), {
      question: q.question_id,
      intent: "cite",
      itemId: String(policy),
    });
    expect(cited.status).toBe(302);
    expect(cited.headers.get("Location")).toBe(
      `/assessments/${openId}/themes/${q.theme_id}#question-${q.question_id}`,
    );
    expect(
      count(
        "SELECT count(*) AS n FROM evidence_citation WHERE assessment_id = ? AND question_id = ? AND evidence_item_id = ?",
        openId,
        q.question_id,
        policy,
      ),
    ).toBe(1);
    const theme = await (await as.contributor.get(`/assessments/${openId}/themes/${q.theme_id}`)).text();
    expect(textOf(theme.slice(theme.indexOf(`id="${q.question_id}-library-evidence"`)))).toContain(
      "Data security policy 2026",
    );
    // Citing twice is one citation.
    expect(
      (
        await as.contributor.post(citePath(q.theme_id), {
          question: q.question_id,
          intent: "cite",
          itemId: String(policy),
        })
      ).status,
    ).toBe(302);
    expect(
      count(
        "SELECT count(*) AS n FROM evidence_citation WHERE assessment_id = ? AND question_id = ? AND evidence_item_id = ?",
        openId,
        q.question_id,
        policy,
      ),
    ).toBe(1);
    const removed = await as.contributor.post(citePath(q.theme_id), {
      question: q.question_id,
      intent: "uncite",
      itemId: String(policy),
    });
    expect(removed.status).toBe(302);
    expect(
      count(
        "SELECT count(*) AS n FROM evidence_citation WHERE assessment_id = ? AND question_id = ? AND evidence_item_id = ?",
        openId,
        q.question_id,
        policy,
      ),
    ).toBe(0);
    expect(
      count("SELECT count(*) AS n FROM audit_event WHERE action IN ('evidence.cited', 'evidence.uncited')"),
    ).toBeGreaterThanOrEqual(2);
  });

  it("refuses another organisation's item: 400, nothing written (and the database would refuse it too)", async () => {
    const q = question();
    const before = fingerprint();
    const response = await as.lead.post(citePath(q.theme_id), {
      question: q.question_id,
      intent: "cite",
      itemId: String(otherOrgItem),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(errorSummary(text)?.links[0]?.text).toBe(
      "That evidence is not your organisation's, so it cannot be cited here",
    );
    expect(fingerprint()).toEqual(before);
    expect(() =>
      writable
        .prepare(
          "INSERT INTO evidence_citation (assessment_id, question_id, theme_id, evidence_item_id, organisation_code, cited_by, cited_at) VALUES (?, ?, ?, ?, 'ZD01', NULL, '2026-01-01')",
        )
        .run(openId, q.question_id, q.theme_id, otherOrgItem),
    ).toThrow();
    expect(fingerprint()).toEqual(before);
  });

  it("adds new evidence from the question: made, cited there, and back to the question", async () => {
    const q = question();
    const response = await as.contributor.post(
      `${lib}/new`,
      itemFields({ title: "Asset register extract", cite: `${openId}:${q.question_id}` }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      `/assessments/${openId}/themes/${q.theme_id}#question-${q.question_id}`,
    );
    const id = one("SELECT id FROM evidence_item WHERE title = 'Asset register extract'").id;
    expect(
      count(
        "SELECT count(*) AS n FROM evidence_citation WHERE assessment_id = ? AND question_id = ? AND evidence_item_id = ?",
        openId,
        q.question_id,
        id,
      ),
    ).toBe(1);
  });
});

describe("the register", () => {
  it("lists items with status, filters in SQL, and downloads as CSV with its columns", async () => {
    expect((await upload(as.lead, policy, pdfWithJavaScript, "audit.pdf")).status).toBe(302);
    const page = textOf(await (await as.contributor.get(`${lib}?status=expired`)).text());
    expect(page).toContain("Penetration test report 2024");
    expect(page).not.toContain("Data security policy 2026");
    const dueOnly = textOf(await (await as.contributor.get(`${lib}?status=due`)).text());
    expect(dueOnly).toContain("Business continuity plan v2");
    expect(dueOnly).not.toContain("Penetration test report 2024");
    const tagged = textOf(await (await as.contributor.get(`${lib}?outcome=B4.d`)).text());
    expect(tagged).toContain("Penetration test report 2024");
    expect(tagged).not.toContain("Business continuity plan v2");
    const q = one<{ theme_id: string }>(
      "SELECT theme_id FROM evidence_citation WHERE evidence_item_id = ? LIMIT 1",
      expired,
    );
    const byTheme = await (await as.contributor.get(`${lib}?theme=${q.theme_id}`)).text();
    expect(textOf(byTheme)).toContain("Penetration test report 2024");
    expect(byTheme).toMatch(new RegExp(`<option value="${q.theme_id}" selected="">[^<]+</option>`));
    expect(byTheme).not.toContain(`>${q.theme_id}</option>`);
    const byRole = textOf(
      await (
        await as.contributor.get(`${lib}?owner=${encodeURIComponent("role:Head of Resilience")}`)
      ).text(),
    );
    expect(byRole).toContain("Business continuity plan v2");
    expect(byRole).not.toContain("Data security policy 2026");

    const csv = await as.contributor.get(`${lib}.csv`);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="ZD01-evidence-/);
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(
      expect.arrayContaining([
        "Title",
        "Owner",
        "Produced",
        "Review by",
        "Status",
        "Cited by question ids",
        "Links",
        "File names",
      ]),
    );
    const col = (name: string) => rows[0]!.indexOf(name);
    const policyRow = rows.find((r) => r[col("Title")] === "Data security policy 2026")!;
    expect(policyRow[col("Status")]).toBe("Current");
    expect(policyRow[col("Links")]).toBe("https://intranet.example.nhs.uk/policies/dsp");
    expect(policyRow[col("File names")]).toContain("audit.pdf");
    const expiredRow = rows.find((r) => r[col("Title")] === "Penetration test report 2024")!;
    expect(expiredRow[col("Status")]).toBe("Expired");
    expect(expiredRow[col("Cited by question ids")]).toMatch(/\S/);
  });
});

describe("deleting", () => {
  it("asks first when open assessments cite the item; then removes those citations and keeps the submitted ones", async () => {
    const page = await (await as.lead.get(`${lib}/${expired}/delete`)).text();
    expect(textOf(page)).toMatch(/It is cited by \d+ answers in assessments still in progress/);
    const submittedBefore = count(
      "SELECT count(*) AS n FROM evidence_citation c JOIN assessment a ON a.id = c.assessment_id WHERE c.evidence_item_id = ? AND a.status <> 'in-progress'",
      expired,
    );
    expect(submittedBefore).toBeGreaterThan(0);
    expect((await as.lead.post(`${lib}/${expired}/delete`, {})).status).toBe(400);
    const response = await as.lead.post(`${lib}/${expired}/delete`, { confirm: "yes" });
    expect(response.status).toBe(302);
    expect(
      count(
        "SELECT count(*) AS n FROM evidence_citation WHERE evidence_item_id = ? AND assessment_id = ?",
        expired,
        openId,
      ),
    ).toBe(0);
    expect(count("SELECT count(*) AS n FROM evidence_citation WHERE evidence_item_id = ?", expired)).toBe(
      submittedBefore,
    );
    expect(textOf(await (await as.lead.get(lib)).text())).not.toContain("Penetration test report 2024");
    // Still readable where a submitted assessment cites it.
    const item = await as.lead.get(`${lib}/${expired}`);
    expect(item.status).toBe(200);
    expect(textOf(await item.text())).toContain("This evidence was deleted");
    expect(
      count(
        "SELECT count(*) AS n FROM audit_event WHERE action = 'evidence.item-deleted' AND subject = ?",
        `ZD01/evidence/${expired}`,
      ),
    ).toBe(1);
  });

  it("an item nobody submitted cites is gone once deleted", async () => {
    const id = await addItem(as.lead, itemFields({ title: "Draft to delete" }));
    expect((await as.lead.post(`${lib}/${id}/delete`, { confirm: "yes" })).status).toBe(302);
    expect((await as.lead.get(`${lib}/${id}`)).status).toBe(404);
  });
});

describe("the report's downloads", () => {
  // Last cycle's report, frozen at its submission: its answers cite the expired penetration test report (deleted
  // from the library by now, above), and one answer cites the business continuity plan, due for review.
  const reportOf = () =>
    one("SELECT id FROM report WHERE assessment_id = ? ORDER BY id DESC LIMIT 1", lastCycle).id;
  const today = day(0);
  const expiredWords = "Expired on 11 January 2025"; // review by 10 January 2025: expired from the next day
  let dueWords: string;
  /** The due item's title (an earlier test renamed it) and the expired item's, as the downloads show them. */
  let dueTitle: string;
  let penTestTitle: string;

  beforeAll(async () => {
    const question = one<{ question_id: string; theme_id: string }>(
      "SELECT question_id, theme_id FROM answer WHERE assessment_id = ? AND question_id = 'safe-access-information-sharing'",
      lastCycle,
    );
    writable
      .prepare(
        `INSERT INTO evidence_citation (assessment_id, question_id, theme_id, evidence_item_id, organisation_code, cited_by, cited_at)
         VALUES (?, ?, ?, ?, 'ZD01', NULL, '2025-06-01T00:00:00.000Z')`,
      )
      .run(lastCycle, question.question_id, question.theme_id, due);
    dueTitle = one<{ title: string }>("SELECT title FROM evidence_item WHERE id = ?", due).title;
    // Deleted by the test above when the whole file runs: the report keeps listing it, and says so.
    const penTest = one<{ deleted_at: string | null }>(
      "SELECT deleted_at FROM evidence_item WHERE id = ?",
      expired,
    );
    penTestTitle = `Penetration test report 2024${penTest.deleted_at ? " (deleted from the library since)" : ""}`;
    const json = await (await as.board.get(`/reports/${reportOf()}/json`)).json();
    dueWords = json.evidence.items.find((i: { title: string }) => i.title === dueTitle).statusText as string;
  });

  it("JSON: every cited item with owner, review-by date and its status today, an expired one with the day it expired", async () => {
    const response = await as.board.get(`/reports/${reportOf()}/json`);
    expect(response.status).toBe(200);
    const json = await response.json();
    expect(json.evidence.asOf).toBe(today);
    const answers = count("SELECT count(*) AS n FROM answer WHERE assessment_id = ?", lastCycle);
    const penTest = json.evidence.items.filter(
      (i: { title: string }) => i.title === "Penetration test report 2024",
    );
    expect(penTest).toHaveLength(answers);
    expect(penTest[0]).toMatchObject({
      owner: "Lena Lead (demo)",
      reviewBy: "2025-01-10",
      status: "expired",
      expiredOn: "2025-01-11",
      statusText: expiredWords,
      deleted: penTestTitle.endsWith("since)"),
    });
    const bcp = json.evidence.items.filter((i: { title: string }) => i.title === dueTitle);
    expect(bcp).toEqual([
      expect.objectContaining({
        questionId: "safe-access-information-sharing",
        owner: "Head of Resilience",
        reviewBy: day(20),
        status: "due",
        expiredOn: null,
        deleted: false,
      }),
    ]);
    expect(dueWords).toMatch(/^Due for review by \d{1,2} \w+ \d{4}$/);
    // The same list as the page.
    const page = textOf(await (await as.board.get(`/reports/${reportOf()}`)).text());
    expect(page).toContain("Evidence cited");
    expect(page).toContain(expiredWords);
    expect(page).toContain(penTestTitle);
  });

  it("CSV: per theme, the counts and each item on a line of its own", async () => {
    const response = await as.board.get(`/reports/${reportOf()}/csv`);
    expect(response.status).toBe(200);
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
    const header = rows[0]!;
    expect(header.slice(-5)).toEqual([
      "evidence_status_on",
      "evidence_cited",
      "evidence_expired",
      "evidence_due",
      "evidence",
    ]);
    const col = (name: string) => header.indexOf(name);
    const safeAccess = rows.find((r) => r[col("theme_id")] === "mission-safe-access")!;
    expect(safeAccess[col("evidence_status_on")]).toBe(today);
    expect(Number(safeAccess[col("evidence_due")])).toBe(1);
    const lines = safeAccess[col("evidence")]!.split("\n");
    expect(lines).toContain(
      `safe-access-information-sharing: ${penTestTitle}; owner Lena Lead (demo); review by 2025-01-10; ${expiredWords}`,
    );
    expect(lines).toContain(
      `safe-access-information-sharing: ${dueTitle}; owner Head of Resilience; review by ${day(20)}; ${dueWords}`,
    );
    expect(Number(safeAccess[col("evidence_cited")])).toBe(lines.length);
    expect(Number(safeAccess[col("evidence_expired")])).toBe(lines.length - 1);
    const overall = rows.find((r) => r[col("theme_id")] === "overall")!;
    const themes = rows.filter((r) => r[col("theme_id")] !== "overall" && r !== header);
    expect(Number(overall[col("evidence_cited")])).toBe(
      themes.reduce((n, r) => n + Number(r[col("evidence_cited")]), 0),
    );
    expect(overall[col("evidence")]).toBe("");
  });

  it("PDF: a page of its own, theme by theme, saying the day its statuses are for", async () => {
    const response = await as.board.get(`/reports/${reportOf()}/pdf`);
    expect(response.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), "report-evidence-"));
    try {
      const path = join(dir, "report.pdf");
      writeFileSync(path, Buffer.from(await response.arrayBuffer()));
      // -raw: in the order drawn, so a table cell's lines stay together.
      const text = execFileSync("pdftotext", ["-raw", path, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      const start = text.lastIndexOf("Evidence cited");
      const page = text.slice(start, text.indexOf("About the figures", start));
      expect(page).toContain("Each status is as it stands on");
      expect(page).toContain(penTestTitle);
      expect(page).toContain(expiredWords);
      expect(page).toContain(dueWords);
      expect(page).toContain("Head of Resilience");
      // On the cover's list of what the pack holds.
      expect(text).toContain("Evidence cited: the library evidence each answer cites");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
