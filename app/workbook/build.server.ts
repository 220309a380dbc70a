import ExcelJS from "exceljs";
import type { StoredAnswer } from "../models/stored-answer";
import { type CareSetting, careSettingLabels } from "../domain/organisation";
import { describeAnswer } from "../assessment/answers";
import { questionsFor } from "../questionnaire/fhir";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { workbookContent } from "../content/workbook";
import {
  answerCell,
  cellLimits,
  columns,
  coverSheetName,
  firstQuestionRow,
  headerRow,
  identityLabels,
  levelsOf,
  neutralised,
  noneOfTheseLabel,
  optionsText,
  sheetNameFor,
} from "./layout";

export interface WorkbookSubject {
  assessmentId: number;
  odsCode: string;
  organisationName: string;
  cycle: string;
  careSetting: CareSetting;
  /** When it was made, as the cover says it (ISO-8601; the caller's clock). */
  downloadedAt: string;
}

const headerFill: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EDEE" } };
const answerFill: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF9C4" } };
const thin: Partial<ExcelJS.Borders> = {
  top: { style: "thin", color: { argb: "FFAEB7BD" } },
  bottom: { style: "thin", color: { argb: "FFAEB7BD" } },
  left: { style: "thin", color: { argb: "FFAEB7BD" } },
  right: { style: "thin", color: { argb: "FFAEB7BD" } },
};

/** A4, fitted to the page's width, the header row repeated on every page. */
function printOnA4(sheet: ExcelJS.Worksheet, landscape: boolean, titleRows?: string) {
  sheet.pageSetup = {
    paperSize: 9,
    orientation: landscape ? "landscape" : "portrait",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
  };
  sheet.headerFooter = { oddFooter: "&L&A&RPage &P of &N" };
}

/** Sheet protection without a password: it stops slips, not people; the server checks every cell again. */
const protection: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
};

/**
 * The assessment as a workbook to fill in offline: a cover sheet, then one sheet per theme with a row for each
 * question the care setting sees. Answer cells are the only unlocked ones, each with Excel's data validation;
 * each row carries the revision its answer had, so an upload can tell a change on the web since.
 */
export async function buildAssessmentWorkbook(
  q: Questionnaire,
  subject: WorkbookSubject,
  answers: ReadonlyMap<string, StoredAnswer>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = workbookContent.creator;
  workbook.created = new Date(subject.downloadedAt);
  workbook.title = `${q.title} ${subject.cycle}: ${subject.organisationName}`;

  const cover = workbook.addWorksheet(coverSheetName, { properties: { tabColor: { argb: "FF005EB8" } } });
  cover.columns = [{ width: 26 }, { width: 80 }];
  cover.addRow([workbook.title]).font = { bold: true, size: 16 };
  cover.addRow([]);
  const about: [string, string | number][] = [
    ["Organisation", subject.organisationName],
    [identityLabels.odsCode, subject.odsCode],
    ["Questionnaire", q.title],
    [identityLabels.questionnaireId, q.id],
    [identityLabels.questionnaireVersion, q.version],
    ["Cycle", subject.cycle],
    ["Care setting", careSettingLabels[subject.careSetting]],
    [identityLabels.careSetting, subject.careSetting],
    [identityLabels.assessmentId, subject.assessmentId],
    ["Downloaded", subject.downloadedAt],
  ];
  for (const [label, value] of about) {
    const row = cover.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { horizontal: "left" };
  }
  cover.addRow([]);
  cover.addRow([workbookContent.howToHeading]).font = { bold: true, size: 13 };
  for (const line of workbookContent.howTo) {
    const row = cover.addRow(["", line]);
    row.getCell(2).alignment = { wrapText: true, vertical: "top" };
  }
  printOnA4(cover, false);
  await cover.protect("", protection);

  const taken = new Set<string>();
  for (const { theme, questions } of questionsFor(q, subject.careSetting)) {
    if (questions.length === 0) continue;
    const sheet = workbook.addWorksheet(sheetNameFor(theme, taken), {
      views: [{ state: "frozen", xSplit: 1, ySplit: headerRow, activeCell: `E${firstQuestionRow}` }],
    });
    sheet.columns = columns.map((c) => ({ key: c.key, width: c.width, hidden: c.key === "revision" }));
    const title = sheet.getCell("A1");
    title.value = theme.title;
    title.font = { bold: true, size: 14 };
    sheet.mergeCells(1, 1, 1, columns.length - 1);
    const intro = sheet.getCell("A2");
    intro.value = workbookContent.themeIntro;
    intro.alignment = { wrapText: true, vertical: "top" };
    sheet.mergeCells(2, 1, 2, columns.length - 1);
    sheet.getRow(2).height = 45;
    const header = sheet.getRow(headerRow);
    columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.font = { bold: true };
      cell.fill = headerFill;
      cell.border = thin;
      cell.alignment = { wrapText: true, vertical: "top" };
    });
    questions.forEach((question, i) => {
      const answer = answers.get(question.id);
      const row = sheet.getRow(firstQuestionRow + i);
      const values: Record<(typeof columns)[number]["key"], ExcelJS.CellValue> = {
        questionId: question.id,
        question: neutralised(question.text),
        guidance: question.guidance ? neutralised(question.guidance) : null,
        options: neutralised(optionsText(question, q)),
        value: answerCell(question, answer),
        notApplicable: answer?.notApplicableReason != null ? "Yes" : null,
        reason: answer?.notApplicableReason ? neutralised(answer.notApplicableReason) : null,
        evidence: answer?.evidence ? neutralised(answer.evidence) : null,
        links: answer?.evidenceLinks.length ? answer.evidenceLinks.join("\n") : null,
        // An unconfirmed copy from last cycle counts as unanswered, as on the web: shown beside, never as the answer.
        carried: answer?.carriedForward
          ? neutralised(
              `${describeAnswer(question, q, answer.carriedForward)} (${answer.carriedForward.fromCycle}). Copy it into Answer to confirm it.`,
            )
          : null,
        revision: answer?.revision ?? 0,
      };
      columns.forEach((c, col) => {
        const cell = row.getCell(col + 1);
        cell.value = values[c.key];
        cell.border = thin;
        cell.alignment = { wrapText: true, vertical: "top" };
        const editable =
          c.editable &&
          (c.key !== "notApplicable" && c.key !== "reason" ? true : question.notApplicableAllowed);
        if (editable) {
          cell.protection = { locked: false };
          cell.fill = answerFill;
          cell.dataValidation = validationFor(question, q, c.key);
        }
      });
      row.height = rowHeight(columns.map((c) => [values[c.key], c.width] as const));
    });
    header.height = rowHeight(columns.map((c) => [c.header, c.width] as const));
    printOnA4(sheet, true, `${headerRow}:${headerRow}`);
    await sheet.protect("", protection);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A row tall enough for its wrapped text. Spreadsheets fit a row to its text only when someone edits it, and
 * LibreOffice not at all on opening, so a row without a height prints one line of each cell over the next.
 */
function rowHeight(cells: readonly (readonly [ExcelJS.CellValue, number])[]): number {
  let lines = 1;
  for (const [value, width] of cells) {
    if (value == null || typeof value === "object") continue;
    const perLine = Math.max(1, Math.floor(width * 1.1));
    const n = String(value)
      .split("\n")
      .reduce((sum, paragraph) => sum + Math.max(1, Math.ceil(paragraph.length / perLine)), 0);
    lines = Math.max(lines, n);
  }
  return Math.min(409, 15 * lines + 3);
}

function validationFor(
  question: Question,
  q: Pick<Questionnaire, "scales">,
  key: (typeof columns)[number]["key"],
): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showErrorMessage: true,
    showInputMessage: true,
    errorStyle: "stop" as const,
  };
  const text = (max: number, prompt: string): ExcelJS.DataValidation => ({
    ...common,
    type: "textLength",
    operator: "lessThanOrEqual",
    formulae: [max],
    promptTitle: "Answer",
    prompt,
    errorTitle: "Too long",
    error: `Write ${max} characters or fewer`,
  });
  switch (key) {
    case "notApplicable":
      return {
        ...common,
        type: "list",
        formulae: ['"Yes"'],
        error: 'Choose "Yes", or leave it empty',
        prompt: 'Choose "Yes" when the question does not apply to you, and say why beside it',
      };
    case "reason":
      return text(cellLimits.reason, "Why the question does not apply");
    case "evidence":
      return text(cellLimits.evidence, "What shows this answer is right");
    case "links":
      return text(cellLimits.links, "Web addresses starting https://, one a line");
    default:
      break;
  }
  switch (question.type) {
    case "level":
    case "outcome": {
      const levels = levelsOf(question, q).map((l) => l.value);
      const range = `from ${Math.min(...levels)} to ${Math.max(...levels)}`;
      return {
        ...common,
        type: "list",
        formulae: [`"${levels.join(",")}"`],
        errorTitle: "Not a level",
        error: `Choose a level ${range}`,
        promptTitle: "Level",
        prompt: `Choose a level ${range} (see "Levels or options")`,
      };
    }
    case "yes-no":
      return {
        ...common,
        type: "list",
        formulae: ['"Yes,No"'],
        error: "Choose Yes or No",
        prompt: "Yes or No",
      };
    case "number": {
      const min = question.min ?? -1e12;
      const max = question.max ?? 1e12;
      return {
        ...common,
        type: "decimal",
        operator: "between",
        formulae: [min, max],
        errorTitle: "Not a number in range",
        error: `Enter a number from ${min} to ${max}`,
        prompt: `A number from ${min} to ${max}${question.unit ? ` (${question.unit})` : ""}`,
      };
    }
    case "text":
      return text(question.maxLength, `Up to ${question.maxLength} characters`);
    case "checklist":
      return text(
        question.items.reduce((n, i) => n + i.label.length + 2, noneOfTheseLabel.length),
        `The capabilities in place as listed, separated by semicolons, or "${noneOfTheseLabel}"`,
      );
  }
}

export const workbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** An .xlsx download response, as csvDownload is for CSV. */
export function xlsxDownload(fileName: string, body: Buffer): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": workbookContentType,
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
