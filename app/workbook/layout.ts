import {
  type Answer,
  type AnswerFields,
  evidenceMaxLength,
  maxEvidenceLinks,
  noneOfThese,
  reasonMaxLength,
} from "../assessment/answers";
import type { Question, Questionnaire, Theme } from "../questionnaire/schema";

/**
 * The assessment workbook's layout, shared by the writer (build.server.ts) and the reader (read.server.ts), and
 * how an answer becomes cells and cells become the web form's fields again. Pure: no ExcelJS here, so the
 * round trip is testable without a file.
 */

/** The cover sheet's name; every other sheet of ours is a theme's. */
export const coverSheetName = "Cover";

/** Theme sheets: the title in row 1, how to fill it in in row 2, the header row 3, one question a row after. */
export const headerRow = 3;
export const firstQuestionRow = headerRow + 1;

export type ColumnKey =
  | "questionId"
  | "question"
  | "guidance"
  | "options"
  | "value"
  | "notApplicable"
  | "reason"
  | "evidence"
  | "links"
  | "carried"
  | "revision";

/** The theme sheet's columns in order. "Question ID" and "Answer" are read by other tools too: never rename them. */
export const columns: { key: ColumnKey; header: string; width: number; editable: boolean }[] = [
  { key: "questionId", header: "Question ID", width: 26, editable: false },
  { key: "question", header: "Question", width: 44, editable: false },
  { key: "guidance", header: "Guidance", width: 36, editable: false },
  { key: "options", header: "Levels or options", width: 50, editable: false },
  { key: "value", header: "Answer", width: 22, editable: true },
  { key: "notApplicable", header: "Does not apply", width: 12, editable: true },
  { key: "reason", header: "Why it does not apply", width: 28, editable: true },
  { key: "evidence", header: "Evidence", width: 40, editable: true },
  { key: "links", header: "Evidence links (one a line)", width: 30, editable: true },
  { key: "carried", header: "Last cycle's answer, to confirm", width: 30, editable: false },
  { key: "revision", header: "Revision", width: 10, editable: false },
];

/** Excel's column letter of a 1-based column number (A … Z, AA …). */
export function columnLetter(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** The cover sheet's labels that identify the assessment; read back to refuse another assessment's workbook. */
export const identityLabels = {
  assessmentId: "Assessment ID",
  odsCode: "ODS code",
  questionnaireId: "Questionnaire ID",
  questionnaireVersion: "Questionnaire version",
  careSetting: "Care setting code",
} as const;
export type Identity = { -readonly [K in keyof typeof identityLabels]: string };

/** A sheet name Excel accepts (31 characters, none of []:*?/\), unique among `taken`. */
export function sheetNameFor(theme: Theme, taken: Set<string>): string {
  const base =
    theme.title
      .replace(/[[\]:*?/\\]/g, " ")
      .trim()
      .slice(0, 31) || theme.id.slice(0, 31);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === coverSheetName.toLowerCase(); n++)
    name = `${base.slice(0, 28)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets a leading
 * apostrophe, as the CSV downloads do; text that already starts with apostrophes before one of those gets one
 * more, so that reading it back (`unneutralised`) gives exactly what was stored.
 */
export const neutralised = (text: string) => (/^'*[=+\-@\t\r]/.test(text) ? `'${text}` : text);
export const unneutralised = (text: string) => (/^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

export const checklistSeparator = ";";
export const noneOfTheseLabel = "None of these";

/** The levels of a level or outcome question's scale, lowest first. */
export function levelsOf(question: Question, q: Pick<Questionnaire, "scales">) {
  if (question.type !== "level" && question.type !== "outcome") return [];
  return q.scales.find((s) => s.id === question.scale)?.levels ?? [];
}

/** What the "Levels or options" cell says: each level with its descriptor, or the options, and how to write them. */
export function optionsText(question: Question, q: Pick<Questionnaire, "scales">): string {
  switch (question.type) {
    case "level":
    case "outcome":
      return levelsOf(question, q)
        .map((l) => {
          const descriptor = question.levels.find((d) => d.level === l.value)?.descriptor;
          // Labels usually carry their number ("2 – Developing"); one that does not gets it.
          const label = l.label.startsWith(String(l.value)) ? l.label : `${l.value} – ${l.label}`;
          return `${label}${descriptor ? `: ${descriptor}` : ""}`;
        })
        .join("\n");
    case "checklist":
      return [
        `Write the capabilities in place separated by semicolons (${checklistSeparator}), as listed:`,
        ...question.items.map((i) => `• ${i.label}`),
        `or "${noneOfTheseLabel}".`,
      ].join("\n");
    case "yes-no":
      return "Yes or No";
    case "number":
      return [
        "A number",
        question.unit ? `in ${question.unit}` : "",
        question.min !== undefined ? `from ${question.min}` : "",
        question.max !== undefined ? `to ${question.max}` : "",
      ]
        .filter(Boolean)
        .join(" ");
    case "text":
      return `Text of up to ${question.maxLength} characters`;
  }
}

/** What an answer cell holds for a stored answer: a number, Yes/No, text, or checklist labels joined by semicolons. */
export function answerCell(question: Question, answer: Answer | undefined): string | number | null {
  const value = answer?.value;
  if (value == null) return null;
  switch (question.type) {
    case "level":
    case "outcome":
    case "number":
      return Number(value);
    case "yes-no":
      return value === "yes" ? "Yes" : "No";
    case "checklist": {
      const chosen = value as string[];
      if (chosen.length === 0) return noneOfTheseLabel;
      return question.items
        .filter((i) => chosen.includes(i.id))
        .map((i) => i.label)
        .join(`${checklistSeparator} `);
    }
    case "text":
      return neutralised(String(value));
  }
}

/** A cell's content as read: text, a number, a boolean, or something refused outright (a formula, a date, an error). */
export type CellContent =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "number"; number: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "refused"; reason: string };

const asText = (c: CellContent): string =>
  c.kind === "text"
    ? c.text
    : c.kind === "number"
      ? String(c.number)
      : c.kind === "boolean"
        ? c.value
          ? "Yes"
          : "No"
        : "";

/**
 * The web form's fields for one question from its row's cells, ready for `answerFieldsSchema`, or the cells
 * that cannot become fields at all. `present` says which columns the sheet has: a column the sheet lacks
 * keeps what `current` holds (so a workbook with only "Question ID" and "Answer" changes only answers).
 */
export function fieldsFromCells(
  question: Question,
  cells: Partial<Record<ColumnKey, CellContent>>,
  current: AnswerFields,
): { fields: AnswerFields; errors: Partial<Record<ColumnKey, string>> } {
  const errors: Partial<Record<ColumnKey, string>> = {};
  const fields: AnswerFields = { ...current };
  for (const [key, cell] of Object.entries(cells) as [ColumnKey, CellContent][]) {
    if (cell.kind === "refused") errors[key] = cell.reason;
  }
  const text = (key: ColumnKey) => {
    const cell = cells[key];
    return cell ? unneutralised(asText(cell).trim()) : undefined;
  };
  const value = cells.value;
  if (value && value.kind !== "refused") {
    const raw = text("value") ?? "";
    switch (question.type) {
      case "level":
      case "outcome": {
        const match = /^(\d+)(?:\s*[-–:].*)?$/s.exec(raw);
        fields.value = match ? match[1]! : raw;
        break;
      }
      case "yes-no":
        fields.value = /^(yes|y|true)$/i.test(raw) ? "yes" : /^(no|n|false)$/i.test(raw) ? "no" : raw;
        break;
      case "checklist": {
        const parts = raw
          .split(checklistSeparator)
          .map((p) => p.trim())
          .filter(Boolean);
        const ids: string[] = [];
        for (const part of parts) {
          const lower = part.toLowerCase();
          if (lower === noneOfTheseLabel.toLowerCase() || lower === noneOfThese) {
            ids.push(noneOfThese);
            continue;
          }
          const item = question.items.find((i) => i.label.toLowerCase() === lower || i.id === lower);
          if (!item) {
            errors.value = `"${part.slice(0, 60)}" is not one of the options: write them as listed, separated by semicolons`;
            break;
          }
          ids.push(item.id);
        }
        // In the questionnaire's order, as the web form posts them, so an unchanged answer compares equal.
        const order = (id: string) =>
          id === noneOfThese ? -1 : question.items.findIndex((i) => i.id === id);
        fields.value = [...new Set(ids)].sort((a, b) => order(a) - order(b));
        break;
      }
      default:
        fields.value = value.kind === "text" ? unneutralised(value.text) : raw;
    }
  }
  const notApplicable = cells.notApplicable;
  if (notApplicable && notApplicable.kind !== "refused") {
    const raw = text("notApplicable") ?? "";
    if (raw === "") fields.notApplicable = undefined;
    else if (/^(yes|y|true)$/i.test(raw)) fields.notApplicable = "yes";
    else errors.notApplicable = 'Write "Yes" when the question does not apply, or leave the cell empty';
  }
  for (const key of ["reason", "evidence"] as const) {
    const cell = cells[key];
    if (cell && cell.kind !== "refused")
      fields[key] = cell.kind === "text" ? unneutralised(cell.text) : asText(cell);
  }
  const links = cells.links;
  if (links && links.kind !== "refused") fields.links = asText(links).split(/\s+/).filter(Boolean).join("\n");
  const revision = cells.revision;
  if (revision && revision.kind !== "refused") fields.revision = asText(revision).trim();
  return { fields, errors };
}

/** Limits the workbook's own data validation states; the server checks them again with the form's schema. */
export const cellLimits = {
  reason: reasonMaxLength,
  evidence: evidenceMaxLength,
  links: maxEvidenceLinks * 500,
};
