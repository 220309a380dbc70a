import type { Question } from "../questionnaire/schema";
import { type Answer, type AnswerFields, noneOfThese } from "./answers";

/** Form field names of a question; the same names post without JavaScript and feed react-hook-form. */
export const fieldName = (questionId: string, field: keyof AnswerFields) => `answers.${questionId}.${field}`;

/** Element ids for a question's fields, so the error summary can link to each. */
export const fieldId = (questionId: string, field: keyof AnswerFields) =>
  field === "value" ? questionId : `${questionId}-${field}`;

/** The form fields that show an answer (or nothing, for an unanswered question). */
export function fieldsFromAnswer(
  question: Question,
  answer: Answer | undefined,
  revision: number,
): AnswerFields {
  const value = answer?.value;
  return {
    value:
      value == null
        ? question.type === "checklist"
          ? []
          : ""
        : Array.isArray(value)
          ? value.length === 0
            ? [noneOfThese]
            : value
          : String(value),
    notApplicable: answer?.notApplicableReason != null ? "yes" : undefined,
    reason: answer?.notApplicableReason ?? "",
    evidence: answer?.evidence ?? "",
    links: (answer?.evidenceLinks ?? []).join("\n"),
    revision: String(revision),
  };
}

/** Reads `answers.<questionId>.<field>` names from posted form data into per-question field sets. */
export function fieldsFromFormData(formData: FormData): Map<string, AnswerFields> {
  const byQuestion = new Map<string, AnswerFields>();
  for (const [name, raw] of formData) {
    if (typeof raw !== "string") continue;
    const match = /^answers\.([a-z0-9-]+)\.(value|notApplicable|reason|evidence|links|revision)$/.exec(name);
    if (!match) continue;
    const [, questionId, field] = match as unknown as [string, string, keyof AnswerFields];
    let fields = byQuestion.get(questionId);
    if (!fields) {
      fields = {};
      byQuestion.set(questionId, fields);
    }
    const existing = fields[field];
    if (existing === undefined) fields[field] = raw as never;
    else if (Array.isArray(existing)) existing.push(raw);
    else fields[field] = [existing, raw] as never;
  }
  return byQuestion;
}
