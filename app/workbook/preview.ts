import { type Answer, type AnswerFields, answerFieldsSchema, describeAnswer } from "../assessment/answers";
import { fieldsFromAnswer } from "../assessment/fields";
import { type CareSetting, careSettingLabels } from "../domain/organisation";
import { questionsFor } from "../questionnaire/fhir";
import type { Question, Questionnaire, Theme } from "../questionnaire/schema";
import { workbookContent } from "../content/workbook";
import type { StoredAnswer } from "../models/stored-answer";
import { type ColumnKey, fieldsFromCells, type Identity, levelsOf } from "./layout";
import type { ReadWorkbook } from "./read.server";

/**
 * What an uploaded workbook would change, before anything is saved: per theme, the answers that change (old
 * → new), those unchanged, the invalid cells (with theme, row and cell), and conflicts (the answer changed on
 * the web after the workbook was downloaded, and the workbook changes it too: both are shown, neither is
 * saved over the other). Pure: the caller loads the stored answers and the answers as they were downloaded.
 */

export interface WorkbookExpectation {
  assessmentId: number;
  odsCode: string;
  questionnaireId: string;
  questionnaireVersion: number;
  careSetting: CareSetting;
}

/** Why a workbook is not this assessment's, in a plain sentence, or null when it is. */
export function identityProblem(identity: Partial<Identity>, expected: WorkbookExpectation): string | null {
  const { assessmentId, odsCode, questionnaireId, questionnaireVersion, careSetting } = identity;
  if (!assessmentId || !odsCode || !questionnaireId || !questionnaireVersion || !careSetting)
    return workbookContent.notOurs;
  const other = workbookContent.otherAssessment;
  if (odsCode.toUpperCase() !== expected.odsCode.toUpperCase())
    return other(`another organisation (ODS code ${odsCode.slice(0, 12)})`);
  if (questionnaireId !== expected.questionnaireId)
    return other(`another questionnaire (${questionnaireId.slice(0, 60)})`);
  if (questionnaireVersion !== String(expected.questionnaireVersion))
    return other(
      `version ${questionnaireVersion.slice(0, 10)} of the questionnaire (this assessment uses version ${expected.questionnaireVersion})`,
    );
  if (careSetting !== expected.careSetting) {
    const label = careSettingLabels[careSetting as CareSetting] ?? careSetting.slice(0, 40);
    return other(
      `the ${label} care setting (this assessment's is ${careSettingLabels[expected.careSetting]})`,
    );
  }
  if (assessmentId !== String(expected.assessmentId))
    return other(`another assessment of ${expected.odsCode} (number ${assessmentId.slice(0, 12)})`);
  return null;
}

/** One question's row, read and validated: an answer ready to save with the revision it was downloaded at, or its errors. */
export type ParsedRow =
  | { ok: true; themeId: string; question: Question; row: number; answer: Answer; baseRevision: number }
  | { ok: false; themeId: string; question: Question; row: number; errors: string[] };

export interface ParsedWorkbook {
  rows: ParsedRow[];
  notes: string[];
}

const maxNotes = 50;

/** Every question row of the workbook through the web form's schema (`answerFieldsSchema`). */
export function parseWorkbookAnswers(
  read: ReadWorkbook,
  q: Questionnaire,
  careSetting: CareSetting,
  stored: ReadonlyMap<string, StoredAnswer>,
): ParsedWorkbook {
  const byId = new Map<string, { theme: Theme; question: Question }>();
  for (const { theme, questions } of questionsFor(q, careSetting))
    for (const question of questions) byId.set(question.id, { theme, question });
  const notes = [...read.notes];
  const note = (text: string) => {
    if (notes.length < maxNotes) notes.push(text);
    else if (notes.length === maxNotes) notes.push("Further notes are not shown.");
  };
  const seen = new Set<string>();
  const rows: ParsedRow[] = [];
  for (const sheet of read.sheets) {
    for (const r of sheet.rows) {
      const found = byId.get(r.questionId);
      if (!found) {
        note(
          `Sheet "${sheet.name.slice(0, 40)}", row ${r.row}: "${r.questionId.slice(0, 60)}" is not a question of this assessment, so the row was ignored.`,
        );
        continue;
      }
      const { theme, question } = found;
      const where = (key: ColumnKey) =>
        `${theme.title}, row ${r.row}${r.addresses[key] ? `, cell ${r.addresses[key]}` : ""}`;
      if (seen.has(question.id)) {
        rows.push({
          ok: false,
          themeId: theme.id,
          question,
          row: r.row,
          errors: [`${theme.title}, row ${r.row}: question ${question.id} appears twice in the workbook`],
        });
        continue;
      }
      seen.add(question.id);
      if (sheet.missingColumns.includes("revision")) {
        rows.push({
          ok: false,
          themeId: theme.id,
          question,
          row: r.row,
          errors: [
            `${theme.title}, row ${r.row}: the sheet has no Revision column, so changes made on the web since cannot be told apart; download the workbook again`,
          ],
        });
        continue;
      }
      const current = stored.get(question.id);
      const currentFields: AnswerFields = fieldsFromAnswer(question, current, current?.revision ?? 0);
      const { fields, errors: cellErrors } = fieldsFromCells(question, r.cells, currentFields);
      const errors = Object.entries(cellErrors).map(
        ([key, message]) => `${where(key as ColumnKey)}: ${message}`,
      );
      if (errors.length === 0) {
        const parsed = answerFieldsSchema(question, q).safeParse(fields);
        if (parsed.success) {
          const { revision, ...answer } = parsed.data;
          rows.push({ ok: true, themeId: theme.id, question, row: r.row, answer, baseRevision: revision });
          continue;
        }
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? "value");
          const key: ColumnKey = field === "notApplicable" ? "notApplicable" : (field as ColumnKey);
          let message = issue.message;
          if (key === "revision")
            message = "the hidden Revision cell was changed; download the workbook again";
          else if (key === "value" && (question.type === "level" || question.type === "outcome")) {
            const levels = levelsOf(question, q).map((l) => l.value);
            if (message !== "Give an answer or say that this does not apply, not both")
              message = `choose a level from ${Math.min(...levels)} to ${Math.max(...levels)}`;
          }
          const text = `${where(key)}: ${message}`;
          if (!errors.includes(text)) errors.push(text);
        }
      }
      rows.push({ ok: false, themeId: theme.id, question, row: r.row, errors });
    }
  }
  return { rows, notes };
}

export interface PreviewChange {
  questionId: string;
  question: string;
  row: number;
  before: string;
  after: string;
}
export interface PreviewConflict {
  questionId: string;
  question: string;
  row: number;
  web: string;
  webBy: string | null;
  webAt: string;
  workbook: string;
}
export interface PreviewTheme {
  id: string;
  title: string;
  changes: PreviewChange[];
  unchanged: number;
  invalid: string[];
  conflicts: PreviewConflict[];
}
/** What the preview page shows and what confirming saves: kept on the server, never sent back by the browser. */
export interface Preview {
  themes: PreviewTheme[];
  notes: string[];
  edits: { themeId: string; answer: Answer; baseRevision: number }[];
  invalidCount: number;
}

const snapshot = (a: Answer | undefined) =>
  JSON.stringify(a ? [a.value, a.notApplicableReason, a.evidence, a.evidenceLinks] : [null, null, "", []]);
const sameAnswer = (a: Answer | undefined, b: Answer | undefined) => snapshot(a) === snapshot(b);

/** How an answer reads in the preview: the answer, then its evidence when there is some. */
function describe(question: Question, q: Questionnaire, a: Answer | undefined) {
  const words = describeAnswer(question, q, a);
  const extras = [
    a?.evidence ? `evidence: ${a.evidence}` : "",
    a?.evidenceLinks.length ? `links: ${a.evidenceLinks.join(" ")}` : "",
  ].filter(Boolean);
  return extras.length > 0 ? `${words} (${extras.join("; ")})` : words;
}

/**
 * Sorts parsed rows against the stored answers. `atDownload` holds, for each answer whose stored revision is
 * not the one the workbook was downloaded at, the answer as it was at that revision (null: none yet). A row
 * equal to what was downloaded is not a change, whatever the web did since.
 */
export function classify(
  parsed: ParsedWorkbook,
  q: Questionnaire,
  careSetting: CareSetting,
  stored: ReadonlyMap<string, StoredAnswer>,
  atDownload: ReadonlyMap<string, Answer | null>,
): Preview {
  const themes = new Map<string, PreviewTheme>(
    questionsFor(q, careSetting)
      .filter((t) => t.questions.length > 0)
      .map(({ theme }) => [
        theme.id,
        { id: theme.id, title: theme.title, changes: [], unchanged: 0, invalid: [], conflicts: [] },
      ]),
  );
  const edits: Preview["edits"] = [];
  let invalidCount = 0;
  for (const row of parsed.rows) {
    const theme = themes.get(row.themeId)!;
    if (!row.ok) {
      theme.invalid.push(...row.errors);
      invalidCount += row.errors.length;
      continue;
    }
    const current = stored.get(row.question.id);
    const currentRevision = current?.revision ?? 0;
    if (sameAnswer(row.answer, current)) {
      theme.unchanged++;
      continue;
    }
    if (currentRevision === row.baseRevision) {
      theme.changes.push({
        questionId: row.question.id,
        question: row.question.text,
        row: row.row,
        before: describe(row.question, q, current),
        after: describe(row.question, q, row.answer),
      });
      edits.push({ themeId: row.themeId, answer: row.answer, baseRevision: row.baseRevision });
      continue;
    }
    const downloaded = atDownload.get(row.question.id) ?? undefined;
    if (sameAnswer(row.answer, downloaded)) {
      // Untouched in the workbook, changed on the web since: the web's answer stands.
      theme.unchanged++;
      continue;
    }
    theme.conflicts.push({
      questionId: row.question.id,
      question: row.question.text,
      row: row.row,
      web: describe(row.question, q, current),
      webBy: current?.updatedBy ?? null,
      webAt: current?.updatedAt ?? "",
      workbook: describe(row.question, q, row.answer),
    });
  }
  return { themes: [...themes.values()], notes: parsed.notes, edits, invalidCount };
}
