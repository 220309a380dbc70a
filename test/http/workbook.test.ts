import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shiftCycle } from "../../app/domain/cycle";
import { checkWorkbookZip } from "../../app/workbook/zip";
import type { Client } from "../support/client";
import {
  autosave,
  coreQuestionnaire,
  coreQuestionnaireRef,
  currentCycle,
  databaseSnapshot,
  decodeEntities,
  openDatabase,
  parseCsv,
  type Person,
  type ReadonlyDb,
  signInAll,
  startAssessment,
  storedAnswers,
  textOf,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";
import {
  columnOf,
  coverRow,
  fill,
  makeZip,
  readXlsx,
  rowOf,
  setCell,
  sheetRows,
  uploadForm,
  writeXlsx,
  XLSX_TYPE,
} from "../support/workbook";

// The assessment as an Excel workbook (issue 25): downloaded, filled by an independent library (SheetJS),
// uploaded for a preview kept on the server, confirmed through the same save as autosave; and every hostile
// or mistaken workbook refused with a plain reason and nothing written.

let server: RunningServer;
let as: Record<Person, Client>;
let id: number;
let db: ReadonlyDb;
const paperless = "Digital records at the point of";

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
  id = await startAssessment(as.lead);
  db = openDatabase(server);
}, 120_000);
afterAll(async () => {
  db?.close();
  await server?.stop();
});

async function download(client: Client = as.contributor, assessmentId = id) {
  const response = await client.get(`/assessments/${assessmentId}/workbook.xlsx`);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function upload(bytes: Uint8Array, client: Client = as.contributor, name = "filled.xlsx") {
  return client.request(`/assessments/${id}/workbook`, {
    method: "POST",
    body: uploadForm(bytes, name, client.csrfToken),
  });
}

/** Uploads and follows the redirect to the preview: its page and upload id. */
async function preview(bytes: Uint8Array, client: Client = as.contributor) {
  const response = await upload(bytes, client);
  const location = response.headers.get("Location") ?? "";
  expect(response.status, await response.clone().text()).toBe(302);
  const uploadId = Number(/\?upload=(\d+)$/.exec(location)?.[1]);
  const page = await client.get(location);
  expect(page.status).toBe(200);
  return { uploadId, html: await page.text() };
}

const confirm = (client: Client, uploadId: number, extra: Record<string, string> = {}) =>
  client.post(`/assessments/${id}/workbook?upload=${uploadId}`, {
    intent: "confirm",
    upload: String(uploadId),
    ...extra,
  });

const refusal = async (response: Response) => {
  expect(response.status).toBe(400);
  return textOf(decodeEntities(await response.text()));
};

describe("download", () => {
  it("is an .xlsx named after the organisation, cycle and questionnaire, for anyone who may see the assessment", async () => {
    const response = await as.board.get(`/assessments/${id}/workbook.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(XLSX_TYPE);
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="ZD01-\d{4}-\d{2}-core-digital-maturity\.xlsx"$/,
    );
    expect((await as.analyst.get(`/assessments/${id}/workbook.xlsx`)).status).toBe(200);
  });

  it("is refused to a signed-out visitor (sign in) and to another organisation's people (404)", async () => {
    const { Client } = await import("../support/client");
    const anonymous = await new Client(server.url).get(`/assessments/${id}/workbook.xlsx`);
    expect(anonymous.status).toBe(302);
    const other = db.prepare("SELECT id FROM assessment WHERE organisation_code <> 'ZD01' LIMIT 1").get() as {
      id: number;
    };
    expect((await as.contributor.get(`/assessments/${other.id}/workbook.xlsx`)).status).toBe(404);
  });

  it("has a cover sheet, then a sheet per theme with the header cells 'Question ID' and 'Answer', read by SheetJS", async () => {
    const book = readXlsx(await download());
    expect(book.SheetNames[0]).toBe("Cover");
    expect(book.SheetNames).toContain(paperless);
    expect(book.SheetNames).toHaveLength(10);
    const cover = sheetRows(book, "Cover");
    expect(cover.find((r) => r[0] === "ODS code")?.[1]).toBe("ZD01");
    expect(cover.find((r) => r[0] === "Assessment ID")?.[1]).toBe(id);
    const rows = sheetRows(book, paperless);
    expect(rows[2]?.slice(0, 5)).toEqual([
      "Question ID",
      "Question",
      "Guidance",
      "Levels or options",
      "Answer",
    ]);
    // ZD01 is acute: the ambulance question is not in its workbook.
    const ids = rows.slice(3).map((r) => r[0]);
    expect(ids).toContain("paperless-epr-coverage");
    expect(ids).not.toContain("paperless-ambulance-epcr");
  });

  it("protects every sheet, leaves only answer cells unlocked, validates them, freezes the header and prints on A4", async () => {
    const check = checkWorkbookZip(await download());
    if (!check.ok) throw new Error(check.error);
    const names = [...check.entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(names.length).toBe(10);
    const sheet = check.entries.get("xl/worksheets/sheet2.xml")!.toString("utf8");
    expect(sheet).toMatch(/<sheetProtection [^>]*sheet="1"/);
    expect(sheet).toMatch(/<pane [^>]*ySplit="3"[^>]*state="frozen"/);
    expect(sheet).toMatch(/<pageSetup [^>]*paperSize="9"/);
    expect(sheet).toMatch(
      /<dataValidation [^>]*type="list"[^>]*>\s*<formula1>&quot;1,2,3,4,5&quot;<\/formula1>/,
    );
    expect(sheet).toMatch(/<dataValidation [^>]*type="textLength"/);
    expect(sheet).toMatch(/<col [^>]*hidden="1"/);
    const styles = check.entries.get("xl/styles.xml")!.toString("utf8");
    expect(styles).toMatch(/<protection locked="0"/);
  });
});

describe("upload, preview and confirm", () => {
  it("shows the changes, writes nothing until confirmed, then saves through the answers' revisions and history", async () => {
    const book = readXlsx(await download());
    fill(book, paperless, {
      "paperless-epr-coverage": { Answer: 4, Evidence: "=SUM(A1:A3) is how we count" },
      "paperless-fax-in-use": { Answer: "No" },
      "paperless-epr-convergence-plan": { Answer: "Converge by 2027" },
    });
    fill(book, "Interoperability and standards", {
      "interop-procurement-standards": { Answer: "None of these" },
    });
    const before = databaseSnapshot(db);
    const { uploadId, html } = await preview(writeXlsx(book));
    expect(databaseSnapshot(db)).toEqual(before);
    const text = textOf(decodeEntities(html));
    expect(text).toContain("4 changes, ");
    expect(text).toContain("Not answered");
    const response = await confirm(as.contributor, uploadId);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/assessments/${id}/workbook?saved=4&conflicts=0`);
    const stored = storedAnswers(db, id);
    expect(JSON.parse(stored.get("paperless-epr-coverage")!.value!)).toBe(4);
    // Text starting with "=" is stored as text, as typed.
    expect(stored.get("paperless-epr-coverage")!.evidence).toBe("=SUM(A1:A3) is how we count");
    expect(JSON.parse(stored.get("paperless-fax-in-use")!.value!)).toBe("no");
    expect(JSON.parse(stored.get("interop-procurement-standards")!.value!)).toEqual([]);
    const changes = db.prepare("SELECT count(*) AS n FROM answer_change WHERE assessment_id = ?").get(id) as {
      n: number;
    };
    expect(changes.n).toBe(4);
    const audit = db
      .prepare("SELECT details FROM audit_event WHERE action = 'assessment.workbook-saved' AND subject = ?")
      .get(`assessment:${id}`) as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ saved: 4, conflicts: 0 });
    // Confirming twice saves nothing more.
    expect((await confirm(as.contributor, uploadId)).status).toBe(409);
    // And the answers show on the web.
    const theme = textOf(
      decodeEntities(await (await as.contributor.get(`/assessments/${id}/themes/paperless`)).text()),
    );
    expect(theme).toContain("Converge by 2027");
  });

  it("neutralises text starting with '=' in the workbook and the CSV, and reads it back unchanged", async () => {
    const book = readXlsx(await download());
    const row = rowOf(book, paperless, "paperless-epr-coverage");
    const evidence = book.Sheets[paperless]![`${columnOf(book, paperless, "Evidence")}${row}`];
    expect(evidence.t).toBe("s");
    expect(evidence.f).toBeUndefined();
    expect(evidence.v).toBe("'=SUM(A1:A3) is how we count");
    const csv = await (await as.contributor.get(`/assessments/${id}/answers.csv`)).text();
    expect(csv).toContain("'=SUM(A1:A3) is how we count");
    // The downloaded workbook, uploaded untouched, changes nothing.
    const { html } = await preview(await download());
    expect(textOf(decodeEntities(html))).toContain("0 changes, ");
  });

  it("lists invalid cells by theme, row and cell, and saves nothing unless the person chooses to save the valid ones", async () => {
    const book = readXlsx(await download());
    fill(book, paperless, {
      "paperless-clinical-noting": { Answer: 9 },
      "paperless-data-for-decisions": { Answer: 2 },
      "paperless-epr-convergence": { Answer: { formula: "1+2" } },
    });
    const row = rowOf(book, paperless, "paperless-clinical-noting");
    const col = columnOf(book, paperless, "Answer");
    const before = databaseSnapshot(db);
    const { uploadId, html } = await preview(writeXlsx(book));
    const text = textOf(decodeEntities(html));
    expect(text).toContain(
      `Digital records at the point of care, row ${row}, cell ${col}${row}: choose a level from 1 to 5`,
    );
    expect(text).toMatch(/cell E\d+: The cell holds a formula/);
    const refused = await confirm(as.contributor, uploadId);
    expect(await refusal(refused)).toContain("2 cells are invalid, so nothing was saved");
    expect(databaseSnapshot(db)).toEqual(before);
    const saved = await confirm(as.contributor, uploadId, { saveValid: "yes" });
    expect(saved.headers.get("Location")).toBe(`/assessments/${id}/workbook?saved=1&conflicts=0`);
    expect(JSON.parse(storedAnswers(db, id).get("paperless-data-for-decisions")!.value!)).toBe(2);
  });

  it("shows a conflict when the answer changed on the web after download, and never overwrites it", async () => {
    const downloaded = await download();
    const stored = storedAnswers(db, id);
    const web = await autosave(as.lead, id, {
      "paperless-epr-coverage": {
        value: "5",
        revision: String(stored.get("paperless-epr-coverage")!.revision),
      },
      "paperless-data-for-decisions": {
        value: "3",
        revision: String(stored.get("paperless-data-for-decisions")!.revision),
      },
    });
    expect(web.status).toBe(200);
    const book = readXlsx(downloaded);
    // Changed in the workbook and on the web: a conflict. Left as downloaded while the web changed it: unchanged.
    fill(book, paperless, {
      "paperless-epr-coverage": { Answer: 1 },
      "paperless-clinical-noting": { Answer: 3 },
    });
    const { uploadId, html } = await preview(writeXlsx(book));
    const text = textOf(decodeEntities(html));
    expect(text).toContain("1 change, ");
    expect(text).toContain("1 conflict,");
    expect(text).toMatch(/On the web now.*In the workbook/);
    expect(text).toContain("Lena Lead (demo)");
    const response = await confirm(as.contributor, uploadId);
    expect(response.headers.get("Location")).toBe(`/assessments/${id}/workbook?saved=1&conflicts=0`);
    const after = storedAnswers(db, id);
    expect(JSON.parse(after.get("paperless-epr-coverage")!.value!)).toBe(5);
    expect(JSON.parse(after.get("paperless-data-for-decisions")!.value!)).toBe(3);
    expect(JSON.parse(after.get("paperless-clinical-noting")!.value!)).toBe(3);
  });

  it("works without JavaScript: the upload page is a plain multipart form with a file field", async () => {
    const html = await (await as.contributor.get(`/assessments/${id}/workbook`)).text();
    expect(html).toMatch(
      /<form method="post" action="\/assessments\/\d+\/workbook"[^>]*encType="multipart\/form-data"/,
    );
    expect(html).toMatch(/<input[^>]*type="file"[^>]*name="file"|<input[^>]*name="file"[^>]*type="file"/);
    const overview = await (await as.contributor.get(`/assessments/${id}`)).text();
    expect(overview).toContain(`href="/assessments/${id}/workbook.xlsx"`);
    expect(overview).toContain(`href="/assessments/${id}/workbook"`);
  });

  it("is refused to people who cannot answer (board 403 to see the page and to post), and keeps each preview to its uploader", async () => {
    expect((await as.board.get(`/assessments/${id}/workbook`)).status).toBe(403);
    expect((await upload(await download(), as.board)).status).toBe(403);
    const { uploadId } = await preview(await download());
    const lead = await as.lead.get(`/assessments/${id}/workbook?upload=${uploadId}`);
    expect(textOf(decodeEntities(await lead.text()))).toContain("already been saved or has expired");
    expect((await confirm(as.lead, uploadId)).status).toBe(409);
  });
});

describe("answers carried forward from last cycle", () => {
  it("are shown beside the empty answer, to confirm by copying, and count only once confirmed", async () => {
    const next = shiftCycle(currentCycle(), 1);
    const started = await as.lead.post(`/organisations/ZD01/assessments/new`, {
      questionnaire: coreQuestionnaireRef,
      cycle: next,
      start: "carry-forward",
    });
    expect(started.status).toBe(302);
    const carriedId = Number(/\/assessments\/(\d+)$/.exec(started.headers.get("Location") ?? "")?.[1]);
    const bytes = await download(as.lead, carriedId);
    const book = readXlsx(bytes);
    const rows = sheetRows(book, paperless);
    const carriedAt = rows[2]!.indexOf("Last cycle's answer, to confirm");
    const answerAt = rows[2]!.indexOf("Answer");
    const carried = rows.find(
      (r) => typeof r[carriedAt] === "string" && /^\d – /.test(r[carriedAt] as string),
    )!;
    expect(carried[answerAt]).toBeNull();
    expect(carried[carriedAt]).toMatch(/\(\d{4}\/\d{2}\)\. Copy it into Answer to confirm it\.$/);
    const level = Number((carried[carriedAt] as string)[0]);
    fill(book, paperless, { [carried[0] as string]: { Answer: level } });
    const response = await as.lead.request(`/assessments/${carriedId}/workbook`, {
      method: "POST",
      body: uploadForm(writeXlsx(book), "carried.xlsx", as.lead.csrfToken),
    });
    expect(response.status).toBe(302);
    const html = textOf(decodeEntities(await (await as.lead.get(response.headers.get("Location")!)).text()));
    expect(html).toContain(": 1 change, ");
    const uploadId = Number(/upload=(\d+)/.exec(response.headers.get("Location")!)?.[1]);
    const saved = await as.lead.post(`/assessments/${carriedId}/workbook?upload=${uploadId}`, {
      intent: "confirm",
      upload: String(uploadId),
    });
    expect(saved.headers.get("Location")).toBe(`/assessments/${carriedId}/workbook?saved=1&conflicts=0`);
    const row = db
      .prepare("SELECT value, carried_from_cycle FROM answer WHERE assessment_id = ? AND question_id = ?")
      .get(carriedId, carried[0]) as { value: string; carried_from_cycle: string | null };
    expect(row).toEqual({ value: String(level), carried_from_cycle: null });
  });
});

describe("hostile and mistaken workbooks are refused with a plain reason, and nothing is written", () => {
  let before: ReturnType<typeof databaseSnapshot>;
  beforeAll(() => {
    before = databaseSnapshot(db);
  });
  afterAll(() => {
    expect(databaseSnapshot(db)).toEqual(before);
  });
  const uploads = () => (db.prepare("SELECT count(*) AS n FROM workbook_upload").get() as { n: number }).n;

  it("a renamed CSV", async () => {
    const n = uploads();
    const text = await refusal(await upload(new TextEncoder().encode("ods_code,answer\nZD01,3\n")));
    expect(text).toContain("The selected file must be an Excel workbook (.xlsx)");
    expect(uploads()).toBe(n);
  });

  it("a corrupt file (a workbook cut in half)", async () => {
    const bytes = await download();
    expect(await refusal(await upload(bytes.slice(0, bytes.length / 2)))).toContain("is damaged");
  });

  it("a zip bomb, refused from its directory without inflating, quickly", async () => {
    const zeros = Buffer.alloc(200 * 1024 * 1024);
    const bomb = makeZip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "xl/workbook.xml", data: Buffer.from("<workbook/>") },
      { name: "xl/worksheets/sheet1.xml", data: zeros },
    ]);
    expect(bomb.length).toBeLessThan(limitsBytes);
    const started = performance.now();
    expect(await refusal(await upload(bomb))).toContain("would be larger than 20 MB once opened");
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("a zip whose directory lies about the size, stopped while inflating", async () => {
    const lying = makeZip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "xl/workbook.xml", data: Buffer.from("<workbook/>") },
      { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(50 * 1024 * 1024), declaredSize: 1000 },
    ]);
    expect(await refusal(await upload(lying))).toContain("would be larger than 20 MB once opened");
  });

  it("a zip of too many entries", async () => {
    const many = makeZip(
      Array.from({ length: 300 }, (_, i) => ({ name: `xl/media/${i}.xml`, data: Buffer.from("<a/>") })),
    );
    expect(await refusal(await upload(many))).toContain("too many parts");
  });

  it("XML with an entity declaration (external entity or billion laughs)", async () => {
    const check = checkWorkbookZip(await download());
    if (!check.ok) throw new Error(check.error);
    const entries = [...check.entries].map(([name, data]) => ({
      name,
      data:
        name === "xl/workbook.xml"
          ? Buffer.from(
              data.toString("utf8").replace("?>", '?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
            )
          : data,
    }));
    expect(await refusal(await upload(makeZip(entries)))).toContain("document type declaration");
  });

  it("a file over the upload limit: 413", async () => {
    const response = await upload(new Uint8Array(limitsBytes + 1024));
    expect(response.status).toBe(413);
  });

  it("another organisation's workbook", async () => {
    // The first by id, so SQLite and PostgreSQL pick the same one.
    const other = db
      .prepare(
        "SELECT id, organisation_code FROM assessment WHERE organisation_code <> 'ZD01' AND status = 'in-progress' ORDER BY id LIMIT 1",
      )
      .get() as { id: number; organisation_code: string };
    const theirs = await download(as.admin, other.id);
    expect(await refusal(await upload(theirs))).toContain(
      `This workbook is for another organisation (ODS code ${other.organisation_code})`,
    );
  });

  for (const [label, value, reason] of [
    [
      "Questionnaire version",
      1,
      `This workbook is for version 1 of the questionnaire (this assessment uses version ${coreQuestionnaire().version})`,
    ],
    ["Care setting code", "community", "This workbook is for the Community care setting"],
    ["Assessment ID", 999_999, "This workbook is for another assessment of ZD01 (number 999999)"],
    ["Questionnaire ID", "board-digital-leadership", "This workbook is for another questionnaire"],
  ] as const) {
    it(`a workbook of another ${label.toLowerCase()}`, async () => {
      const book = readXlsx(await download());
      setCell(book, "Cover", `B${coverRow(book, label)}`, value);
      expect(await refusal(await upload(writeXlsx(book)))).toContain(reason);
    });
  }

  it("a workbook without its cover sheet's identity", async () => {
    const book = readXlsx(await download());
    setCell(book, "Cover", `A${coverRow(book, "ODS code")}`, "Organisation code");
    expect(await refusal(await upload(writeXlsx(book)))).toContain("was not downloaded from this service");
  });

  it("unknown sheets and rows are ignored with a note", async () => {
    const book = readXlsx(await download());
    const { utils } = await import("xlsx");
    utils.book_append_sheet(book, utils.aoa_to_sheet([["Notes to self"], ["buy milk"]]), "Scratch");
    const sheet = book.Sheets[paperless]!;
    sheet.A40 = { t: "s", v: "not-a-question" };
    sheet["!ref"] = "A1:J40";
    const { html } = await preview(writeXlsx(book));
    const text = textOf(decodeEntities(html));
    expect(text).toContain(
      'Sheet "Scratch" has no "Question ID" and "Answer" header row, so it was ignored.',
    );
    expect(text).toContain('row 40: "not-a-question" is not a question of this assessment');
  });
});

const limitsBytes = 5 * 1024 * 1024;

describe("the report and the regional view as Excel, beside their CSVs", () => {
  /** A CSV's cells as SheetJS reads the same table: numbers as numbers. */
  const asCells = (csv: string) =>
    parseCsv(csv.replace(/^\uFEFF/, "")).map((r) =>
      r.map((c) => (c === "" ? null : /^-?\d+(\.\d+)?$/.test(c) ? Number(c) : c)),
    );

  it("the report: the CSV's figures (peer figures as the disclosure rule allows), then explanations, answers, next steps and cited evidence", async () => {
    const report = db
      .prepare("SELECT id FROM report WHERE organisation_code = 'ZD01' ORDER BY id DESC LIMIT 1")
      .get() as { id: number };
    const response = await as.board.get(`/reports/${report.id}/xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(XLSX_TYPE);
    const book = readXlsx(new Uint8Array(await response.arrayBuffer()));
    expect(book.SheetNames).toEqual(["Scores", "Explanations", "Answers", "Next steps", "Evidence"]);
    const csv = await (await as.board.get(`/reports/${report.id}/csv`)).text();
    expect(sheetRows(book, "Scores")).toEqual(asCells(csv));
    expect(sheetRows(book, "Answers").length).toBeGreaterThan(20);
    // The cited evidence, one row per item, the same list as the JSON's (issue 23).
    const json = await (await as.board.get(`/reports/${report.id}/json`)).json();
    expect(json.evidence.items.length).toBeGreaterThan(0); // ZD01's demo answers cite its library
    const evidence = sheetRows(book, "Evidence");
    expect(evidence[0]?.slice(0, 8)).toEqual([
      "theme_id",
      "theme",
      "question_id",
      "question",
      "title",
      "owner",
      "review_by",
      "status",
    ]);
    expect(evidence.slice(1).map((r) => [r[2], r[4], r[7]])).toEqual(
      json.evidence.items.map((i: { questionId: string; title: string; status: string }) => [
        i.questionId,
        i.title,
        i.status,
      ]),
    );
    const other = db
      .prepare(
        "SELECT id FROM report WHERE organisation_code <> 'ZD01' AND organisation_code LIKE 'ZD%' LIMIT 1",
      )
      .get() as { id: number };
    expect((await as.contributor.get(`/reports/${other.id}/xlsx`)).status).toBe(404);
  });

  it("the regional view: the CSV's theme scores, and the answers behind them, for analysts only", async () => {
    // The current cycle, named: a test above starts the next one, which has nothing submitted yet.
    const cycle = `?cycle=${encodeURIComponent(currentCycle())}`;
    const response = await as.analyst.get(`/regions/Y56/export.xlsx${cycle}`);
    expect(response.status).toBe(200);
    const book = readXlsx(new Uint8Array(await response.arrayBuffer()));
    expect(book.SheetNames).toEqual(["Theme scores", "Answers"]);
    const csv = await (await as.analyst.get(`/regions/Y56/export.csv${cycle}`)).text();
    const scores = sheetRows(book, "Theme scores");
    expect(scores).toEqual(asCells(csv));
    const answers = sheetRows(book, "Answers");
    expect(answers[0]?.slice(0, 5)).toEqual([
      "ods_code",
      "organisation",
      "status",
      "theme_id",
      "question_id",
    ]);
    const listed = new Set(scores.slice(1).map((r) => r[0]));
    expect(answers.length).toBeGreaterThan(10);
    for (const row of answers.slice(1)) {
      expect(listed.has(row[0])).toBe(true);
      expect(["submitted", "signed-off"]).toContain(row[2]);
    }
    expect((await as.contributor.get("/regions/Y56/export.xlsx")).status).toBe(403);
  });
});
