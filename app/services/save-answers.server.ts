import { data } from "@remix-run/node";
import type { Db } from "../../db/database";
import type { Viewer } from "../auth/guard.server";
import { content } from "../content";
import type { FieldErrors } from "../forms";
import { type SaveResult, saveAnswers } from "../models/answer.server";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { asStorageFault, storageRecovered } from "../storage.server";
import { type AnswerFields, answerFieldsSchema, describeAnswer } from "../assessment/answers";
import { fieldId, fieldsFromFormData } from "../assessment/fields";

const allowedKeys =
  /^(csrf|intent|answers\.[a-z0-9-]+\.(value|notApplicable|reason|evidence|links|revision))$/;

export interface SaveOutcome {
  results: (SaveResult | (Extract<SaveResult, { outcome: "conflict" }> & { theirs: string }))[];
  errors: FieldErrors;
  /** What was posted for questions that were not saved (invalid answers, or answers in conflict), so nothing typed is lost. */
  posted: Record<string, AnswerFields>;
  /** The database could not be written (full, read-only, locked): nothing was saved; answer 503. */
  unavailable?: true;
}

/**
 * Validates posted answer fields with the shared schema and saves them together, for the theme page (no
 * JavaScript) and for autosave alike. A field for a question outside `questions`, or any other unexpected
 * field, means nothing is written (400). Otherwise the valid answers are saved, and each invalid one comes
 * back as typed with its errors.
 */
export async function saveAnswerForm(
  db: Db,
  input: {
    assessmentId: number;
    questionnaire: Questionnaire;
    questions: { question: Question; themeId: string }[];
    viewer: Viewer;
    address: string | null;
    requestId?: unknown;
  },
  formData: FormData,
): Promise<SaveOutcome> {
  for (const key of formData.keys()) {
    if (!allowedKeys.test(key)) throw data(`Unexpected field: ${key.slice(0, 80)}`, { status: 400 });
  }
  const byId = new Map(input.questions.map((q) => [q.question.id, q]));
  const posted = fieldsFromFormData(formData);
  const errors: FieldErrors = {};
  const kept: Record<string, AnswerFields> = {};
  const edits = [];
  for (const [questionId, fields] of posted) {
    const entry = byId.get(questionId);
    if (!entry) throw data(`Unexpected question: ${questionId.slice(0, 80)}`, { status: 400 });
    const parsed = answerFieldsSchema(entry.question, input.questionnaire).safeParse(fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // Errors link to a field the page shows: the hidden revision and a refused "not applicable" point at the answer.
        const field = (issue.path[0] ?? "value") as keyof AnswerFields;
        const shownField = field === "revision" || field === "notApplicable" ? "value" : field;
        errors[fieldId(questionId, shownField)] ??= issue.message;
      }
      kept[questionId] = fields;
      continue;
    }
    const { revision, ...answer } = parsed.data;
    edits.push({ themeId: entry.themeId, answer, baseRevision: revision });
  }
  // The valid answers are saved even when others are not: one mistake on a page of eight answers must not
  // throw away the other seven. The invalid ones come back as typed, with their errors.
  if (edits.length === 0) return { results: [], errors, posted: kept };
  let results: SaveResult[];
  try {
    results = await saveAnswers(db, input.assessmentId, edits, {
      personId: input.viewer.id,
      address: input.address,
    });
  } catch (error) {
    if (!asStorageFault(error, input)) throw error;
    // Nothing was written: every answer comes back as typed, with the invalid ones' errors kept too.
    return {
      results: [],
      errors: { ...errors, form: content.storageUnavailable },
      posted: Object.fromEntries(posted),
      unavailable: true,
    };
  }
  storageRecovered();
  const described = results.map((result) => {
    if (result.outcome !== "conflict") return result;
    kept[result.questionId] = posted.get(result.questionId) ?? {};
    // Their answer in words, so the browser needs no questionnaire logic to show a conflict.
    const question = byId.get(result.questionId)!.question;
    return { ...result, theirs: describeAnswer(question, input.questionnaire, result.current) };
  });
  return { results: described, errors, posted: kept };
}
