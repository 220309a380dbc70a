import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredAnswer } from "../../app/models/stored-answer";
import { buildAssessmentWorkbook } from "../../app/workbook/build.server";
import { parseWorkbookAnswers } from "../../app/workbook/preview";
import { readWorkbook } from "../../app/workbook/read.server";
import { checkWorkbookZip } from "../../app/workbook/zip";
import { coreQuestionnaire, parseCsv as parseCrlfCsv } from "../support/assessment";
import { readXlsx, sheetRows } from "../support/workbook";

// The workbook as outside parties see it: LibreOffice Calc (headless, as .ci/run installs it) opens and
// converts it without complaint with the right values, SheetJS reads the same answers, and a workbook that
// LibreOffice saved again reads back to the same answers.

const q = coreQuestionnaire();
const at = "2026-12-07T09:00:00.000Z";
const stored = (
  questionId: string,
  value: StoredAnswer["value"],
  extra: Partial<StoredAnswer> = {},
): StoredAnswer => ({
  questionId,
  value,
  notApplicableReason: null,
  evidence: "",
  evidenceLinks: [],
  revision: 2,
  updatedAt: at,
  updatedBy: "Cal Contributor (demo)",
  ...extra,
});
const answers = new Map<string, StoredAnswer>([
  ["paperless-epr-coverage", stored("paperless-epr-coverage", 3, { evidence: "=cmd|' /C calc'!A0 audit" })],
  ["paperless-fax-in-use", stored("paperless-fax-in-use", "no")],
  ["paperless-observations-beds", stored("paperless-observations-beds", 85.5)],
  ["paperless-epr-convergence-plan", stored("paperless-epr-convergence-plan", "+1 more system to retire")],
  [
    "interop-procurement-standards",
    stored("interop-procurement-standards", ["contract-fhir-apis", "contract-nhs-number"], {
      evidenceLinks: ["https://intranet.example/contracts"],
    }),
  ],
  [
    "citizen-nhs-app",
    stored("citizen-nhs-app", null, { notApplicableReason: "We offer no services through the app" }),
  ],
]);
const subject = {
  assessmentId: 7,
  odsCode: "ZD01",
  organisationName: "Thamesmere Demo Hospitals NHS Foundation Trust",
  cycle: "2026/27",
  careSetting: "acute" as const,
  downloadedAt: at,
};
const paperless = "Digital records at the point of";
/** LibreOffice ends CSV lines with LF (the service's own CSV, with CRLF). */
const parseCsv = (text: string) => parseCrlfCsv(text.replace(/\r?\n/g, "\r\n"));

let dir: string;
let workbook: Buffer;
const soffice = (args: string[]) =>
  execFileSync(
    "soffice",
    [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", ...args],
    { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 },
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "workbook-"));
  workbook = await buildAssessmentWorkbook(q, subject, answers);
  writeFileSync(join(dir, "assessment.xlsx"), workbook);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Reads a workbook as the upload does: its identity, and each row's answer as the web form's schema gives it. */
async function answersIn(bytes: Uint8Array) {
  const zip = checkWorkbookZip(bytes);
  if (!zip.ok) throw new Error(zip.error);
  const read = await readWorkbook(bytes);
  if ("error" in read) throw new Error(read.error);
  const parsed = parseWorkbookAnswers(read, q, "acute", new Map());
  const invalid = parsed.rows.filter((r) => !r.ok);
  expect(invalid).toEqual([]);
  return {
    identity: read.identity,
    edits: new Map(parsed.rows.flatMap((r) => (r.ok ? [[r.question.id, r.answer] as const] : []))),
  };
}

describe("LibreOffice Calc", () => {
  it("converts every sheet to CSV without complaint, with the answers as written", () => {
    const output = soffice([
      "--convert-to",
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
      "assessment.xlsx",
    ]);
    expect(output).not.toMatch(/error/i);
    const files = readdirSync(dir).filter((f) => f.endsWith(".csv"));
    expect(files).toContain("assessment-Cover.csv");
    expect(files).toHaveLength(10);
    const rows = parseCsv(readFileSync(join(dir, `assessment-${paperless}.csv`), "utf8"));
    expect(rows[2]?.slice(0, 5)).toEqual([
      "Question ID",
      "Question",
      "Guidance",
      "Levels or options",
      "Answer",
    ]);
    const row = (id: string) => rows.find((r) => r[0] === id)!;
    expect(row("paperless-epr-coverage")[4]).toBe("3");
    expect(row("paperless-epr-coverage")[7]).toBe("'=cmd|' /C calc'!A0 audit");
    expect(row("paperless-fax-in-use")[4]).toBe("No");
    expect(row("paperless-observations-beds")[4]).toBe("85.5");
    expect(row("paperless-epr-convergence-plan")[4]).toBe("'+1 more system to retire");
    const interop = parseCsv(
      readFileSync(join(dir, "assessment-Interoperability and standards.csv"), "utf8"),
    );
    expect(interop.find((r) => r[0] === "interop-procurement-standards")?.[4]).toMatch(/; /);
    const cover = parseCsv(readFileSync(join(dir, "assessment-Cover.csv"), "utf8"));
    expect(cover.find((r) => r[0] === "ODS code")?.[1]).toBe("ZD01");
  });

  it("prints it to PDF (A4) without complaint", () => {
    soffice(["--convert-to", "pdf", "--outdir", join(dir, "pdf"), "assessment.xlsx"]);
    const info = execFileSync("pdfinfo", [join(dir, "pdf", "assessment.pdf")], { encoding: "utf8" });
    // A4 landscape or portrait: 842 × 595 points.
    expect(info).toMatch(/Page size:.* pts \(A4\)/);
    const text = execFileSync("pdftotext", ["-layout", join(dir, "pdf", "assessment.pdf"), "-"], {
      encoding: "utf8",
    });
    expect(text).toContain("Question ID");
  });

  it("saves it again as .xlsx, and the service reads the same answers back", async () => {
    const before = await answersIn(workbook);
    soffice([
      "--convert-to",
      "xlsx:Calc MS Excel 2007 XML",
      "--outdir",
      join(dir, "resaved"),
      "assessment.xlsx",
    ]);
    const after = await answersIn(readFileSync(join(dir, "resaved", "assessment.xlsx")));
    expect(after.identity).toEqual(before.identity);
    expect([...after.edits.values()]).toEqual([...before.edits.values()]);
    expect(after.edits.get("paperless-epr-coverage")).toMatchObject({
      value: 3,
      evidence: "=cmd|' /C calc'!A0 audit",
    });
    expect(after.edits.get("interop-procurement-standards")).toMatchObject({
      value: ["contract-fhir-apis", "contract-nhs-number"],
      evidenceLinks: ["https://intranet.example/contracts"],
    });
    expect(after.edits.get("citizen-nhs-app")).toMatchObject({
      value: null,
      notApplicableReason: "We offer no services through the app",
    });
  });
});

describe("filled in LibreOffice Calc", () => {
  /** Replaces the Answer cell (the fifth) of a question's row in LibreOffice's flat XML. */
  function setAnswer(fods: string, questionId: string, cell: string): string {
    const at = fods.indexOf(`<text:p>${questionId}</text:p>`);
    const start = fods.lastIndexOf("<table:table-row", at);
    const end = fods.indexOf("</table:table-row>", at);
    const cells = [
      ...fods.slice(start, end).matchAll(/<table:table-cell\b[^>]*?(?:\/>|>[\s\S]*?<\/table:table-cell>)/g),
    ];
    const answer = cells[4]!;
    const from = start + answer.index!;
    const style = /table:style-name="([^"]+)"/.exec(answer[0])![1];
    return `${fods.slice(0, from)}${cell.replace("STYLE", style!)}${fods.slice(from + answer[0].length)}`;
  }

  it("saves answers typed in Calc (and refuses a formula typed there), read by the service", async () => {
    soffice(["--convert-to", "fods", "--outdir", join(dir, "flat"), "assessment.xlsx"]);
    let fods = readFileSync(join(dir, "flat", "assessment.fods"), "utf8");
    fods = setAnswer(
      fods,
      "paperless-clinical-noting",
      '<table:table-cell table:style-name="STYLE" office:value-type="float" office:value="4" calcext:value-type="float"><text:p>4</text:p></table:table-cell>',
    );
    fods = setAnswer(
      fods,
      "paperless-epr-convergence",
      '<table:table-cell table:style-name="STYLE" table:formula="of:=1+2" office:value-type="float" office:value="3" calcext:value-type="float"><text:p>3</text:p></table:table-cell>',
    );
    writeFileSync(join(dir, "flat", "filled.fods"), fods);
    soffice([
      "--convert-to",
      "xlsx:Calc MS Excel 2007 XML",
      "--outdir",
      join(dir, "filled"),
      join(dir, "flat", "filled.fods"),
    ]);
    const bytes = readFileSync(join(dir, "filled", "filled.xlsx"));
    const zip = checkWorkbookZip(bytes);
    if (!zip.ok) throw new Error(zip.error);
    const read = await readWorkbook(bytes);
    if ("error" in read) throw new Error(read.error);
    const parsed = parseWorkbookAnswers(read, q, "acute", answers);
    const row = (id: string) => parsed.rows.find((r) => r.question.id === id)!;
    expect(row("paperless-clinical-noting")).toMatchObject({ ok: true, answer: { value: 4 } });
    const formula = row("paperless-epr-convergence");
    expect(formula.ok).toBe(false);
    expect(!formula.ok && formula.errors[0]).toMatch(
      /^Digital records at the point of care, row \d+, cell E\d+: The cell holds a formula/,
    );
    expect(row("paperless-epr-coverage")).toMatchObject({ ok: true, answer: { value: 3 }, baseRevision: 2 });
  });
});

describe("SheetJS, an independent reader", () => {
  it("reads the same answers as the service wrote", () => {
    const book = readXlsx(workbook);
    const rows = sheetRows(book, paperless);
    const row = (id: string) => rows.find((r) => r[0] === id)!;
    expect(row("paperless-epr-coverage")[4]).toBe(3);
    expect(row("paperless-observations-beds")[4]).toBe(85.5);
    expect(row("paperless-fax-in-use")[4]).toBe("No");
    expect(row("paperless-epr-coverage")[10]).toBe(2);
    const citizen = sheetRows(book, "Digital access for patients and").find(
      (r) => r[0] === "citizen-nhs-app",
    )!;
    expect(citizen.slice(4, 7)).toEqual([null, "Yes", "We offer no services through the app"]);
  });
});
