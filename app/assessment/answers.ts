import { z } from "zod/mini";
import type { CareSetting } from "../domain/organisation";
import type { Question, Questionnaire, Theme } from "../questionnaire/schema";

/**
 * Answers as the engine, the pages and the database see them. Pure: shared by the server (authoritative
 * validation) and the browser (instant validation and autosave).
 */
export type AnswerValue = number | string | string[];

export interface Answer {
  questionId: string;
  value: AnswerValue | null;
  notApplicableReason: string | null;
  evidence: string;
  evidenceLinks: string[];
}

export type Answers = ReadonlyMap<string, Answer>;

export const evidenceMaxLength = 2000;
/** The checklist answer "none of these capabilities is in place". */
export const noneOfThese = "none";
export const reasonMaxLength = 500;
export const maxEvidenceLinks = 10;
export const answerOrNotApplicable = "Give an answer or say that this does not apply, not both";

/** The form fields of one question, as posted (without JavaScript) or autosaved (with it). */
export interface AnswerFields {
  value?: string | string[];
  notApplicable?: string;
  reason?: string;
  evidence?: string;
  links?: string;
  revision?: string;
}

// zod/mini: the same validation as the rest of the service, in a form small enough to ship to the browser
// with every theme page (the classic API is about 25 KB gzipped; this is a few).
const trimmed = (max: number, message: string) => z.string().check(z.trim(), z.maxLength(max, message));

/** An http or https address a browser can open (URL parsing, not a pattern: it is what the browser will do). */
function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Empty form input (nothing chosen, blank text, no boxes ticked) means "not answered". */
const isEmpty = (v: unknown) => v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
const blankAsNull = <T extends z.core.SomeType>(schema: T, prepare: (v: unknown) => unknown = (v) => v) =>
  z.pipe(
    z.transform((v: unknown) => (isEmpty(v) ? null : prepare(v))),
    z.nullable(schema),
  );

function valueSchema(question: Question, scaleValues: number[]) {
  switch (question.type) {
    case "level":
    case "outcome":
      return blankAsNull(
        z.pipe(
          z.string().check(z.refine((v) => scaleValues.map(String).includes(v), "Choose one of the levels")),
          z.transform(Number),
        ),
      );
    case "yes-no":
      return blankAsNull(z.enum(["yes", "no"], { error: "Choose yes or no" }));
    case "number": {
      const checks = [
        ...(question.min === undefined
          ? []
          : [z.minimum(question.min, `Enter a number of ${question.min} or more`)]),
        ...(question.max === undefined
          ? []
          : [z.maximum(question.max, `Enter a number of ${question.max} or less`)]),
      ];
      return blankAsNull(
        z.pipe(
          z.pipe(
            z.string().check(z.regex(/^-?\d+(\.\d+)?$/, "Enter a number, like 42 or 42.5")),
            z.transform(Number),
          ),
          z.number({ error: "Enter a number" }).check(...checks),
        ),
        (v) => (typeof v === "string" ? v.trim() : v),
      );
    }
    case "text":
      return z.pipe(
        z.transform((v: unknown) => (isEmpty(v) || (typeof v === "string" && v.trim() === "") ? null : v)),
        z.nullable(
          z
            .string()
            .check(
              z.trim(),
              z.maxLength(question.maxLength, `Answer must be ${question.maxLength} characters or fewer`),
            ),
        ),
      );
    case "checklist": {
      // Nothing ticked is "not answered"; the exclusive "None of these" box is the answer "none in place".
      const ids = question.items.map((i) => i.id);
      return blankAsNull(
        z.pipe(
          z.array(z.string()).check(
            z.maxLength(ids.length + 1),
            z.superRefine((chosen, ctx) => {
              if (chosen.includes(noneOfThese) && chosen.length > 1) {
                ctx.addIssue({
                  code: "custom",
                  message: "Select the capabilities in place, or select 'None of these'",
                  input: chosen,
                });
              } else if (chosen.some((c) => c !== noneOfThese && !ids.includes(c))) {
                ctx.addIssue({ code: "custom", message: "Choose from the list", input: chosen });
              }
            }),
          ),
          z.transform((chosen: string[]) => chosen.filter((c) => c !== noneOfThese)),
        ),
        (v) => (typeof v === "string" ? [v] : v),
      );
    }
  }
}

const schemas = new WeakMap<Question, ReturnType<typeof buildAnswerFieldsSchema>>();

/**
 * Validates and normalises one question's fields; the same schema runs in the browser and on the server.
 * Built once per question object (questionnaire versions are frozen and cached), since building is costly.
 */
export function answerFieldsSchema(question: Question, questionnaire: Pick<Questionnaire, "scales">) {
  let schema = schemas.get(question);
  if (!schema) {
    schema = buildAnswerFieldsSchema(question, questionnaire);
    schemas.set(question, schema);
  }
  return schema;
}

function buildAnswerFieldsSchema(question: Question, questionnaire: Pick<Questionnaire, "scales">) {
  const scale =
    question.type === "level" || question.type === "outcome"
      ? questionnaire.scales.find((s) => s.id === question.scale)
      : undefined;
  const values = scale?.levels.map((l) => l.value) ?? [];
  const fields = z
    .strictObject({
      value: valueSchema(question, values),
      notApplicable: z.optional(z.enum(["yes"])),
      reason: z.optional(trimmed(reasonMaxLength, `Reason must be ${reasonMaxLength} characters or fewer`)),
      evidence: z.optional(
        trimmed(evidenceMaxLength, `Evidence must be ${evidenceMaxLength} characters or fewer`),
      ),
      links: z.pipe(
        z.pipe(
          z.optional(z.string().check(z.maxLength(5000, "Too many links"))),
          z.transform((v) =>
            (v ?? "")
              .split(/\r?\n/)
              .map((l) => l.trim())
              .filter(Boolean),
          ),
        ),
        z
          .array(
            z
              .string()
              .check(z.refine(isWebAddress, "Enter each link as a full web address starting https://")),
          )
          .check(z.maxLength(maxEvidenceLinks, `Give at most ${maxEvidenceLinks} links`)),
      ),
      revision: z.pipe(
        z
          .string({ error: "Reload the page and try again" })
          .check(z.regex(/^\d{1,9}$/, "Reload the page and try again")),
        z.transform(Number),
      ),
    })
    .check(
      z.superRefine((fields, ctx) => {
        if (fields.notApplicable && !question.notApplicableAllowed) {
          ctx.addIssue({
            code: "custom",
            path: ["notApplicable"],
            message: "This question must be answered",
            input: fields,
          });
        }
        // An answer and "does not apply" together are refused, never resolved by dropping one: the person
        // sees which they gave, and the browser unticks one when the other is chosen.
        if (fields.notApplicable && fields.value !== null) {
          ctx.addIssue({
            code: "custom",
            path: ["value"],
            message: answerOrNotApplicable,
            input: fields,
          });
        }
        if (fields.notApplicable && !fields.reason) {
          ctx.addIssue({
            code: "custom",
            path: ["reason"],
            message: "Say why this question does not apply",
            input: fields,
          });
        }
      }),
    );
  return z.pipe(
    fields,
    z.transform((f): Answer & { revision: number } => ({
      questionId: question.id,
      value: f.value as AnswerValue | null,
      notApplicableReason: f.notApplicable ? (f.reason ?? "") : null,
      evidence: f.evidence ?? "",
      evidenceLinks: f.links,
      revision: f.revision,
    })),
  );
}

export const isNotApplicable = (answer: Answer | undefined) => answer?.notApplicableReason != null;
export const isAnswered = (answer: Answer | undefined) =>
  answer != null && (isNotApplicable(answer) || answer.value !== null);

function conditionHolds(value: AnswerValue | null | undefined, anyOf: (string | number)[]): boolean {
  if (value == null) return false;
  if (Array.isArray(value)) return value.some((v) => anyOf.includes(v));
  return anyOf.includes(value);
}

/** Whether the organisation's care setting ever sees the question (conditions aside). */
export const isForCareSetting = (question: Question, careSetting: CareSetting) =>
  !question.careSettings || question.careSettings.includes(careSetting);

/** Whether a question is shown (and counted): its care settings include the organisation's, and its conditions hold. */
export function isShown(question: Question, careSetting: CareSetting, answers: Answers): boolean {
  if (!isForCareSetting(question, careSetting)) return false;
  return (question.showWhen ?? []).every((c) => conditionHolds(answers.get(c.question)?.value, c.anyOf));
}

export function shownQuestions(theme: Theme, careSetting: CareSetting, answers: Answers): Question[] {
  return theme.questions.filter((q) => isShown(q, careSetting, answers));
}

export type ThemeStatus = "not-started" | "in-progress" | "completed";

export function themeStatus(theme: Theme, careSetting: CareSetting, answers: Answers): ThemeStatus {
  const shown = shownQuestions(theme, careSetting, answers);
  const answered = shown.filter((q) => isAnswered(answers.get(q.id))).length;
  if (answered === 0) return "not-started";
  const required = shown.filter((q) => q.required);
  return required.every((q) => isAnswered(answers.get(q.id))) ? "completed" : "in-progress";
}

export interface MissingAnswer {
  themeId: string;
  questionId: string;
  text: string;
}

/** Required questions that are shown but unanswered: what stops an assessment being submitted. */
export function missingAnswers(
  q: Questionnaire,
  careSetting: CareSetting,
  answers: Answers,
): MissingAnswer[] {
  return q.themes.flatMap((theme) =>
    shownQuestions(theme, careSetting, answers)
      .filter((question) => question.required && !isAnswered(answers.get(question.id)))
      .map((question) => ({ themeId: theme.id, questionId: question.id, text: question.text })),
  );
}

/** A questionnaire applies to an organisation when it lists the organisation's care setting. */
export const appliesTo = (q: Questionnaire, careSetting: string) =>
  (q.careSettings as string[]).includes(careSetting);

/** How an answer reads to a person, for summaries, history and exports. */
export function describeAnswer(
  question: Question,
  questionnaire: Pick<Questionnaire, "scales">,
  answer: Answer | undefined,
): string {
  if (!answer) return "Not answered";
  if (answer.notApplicableReason != null) return `Not applicable: ${answer.notApplicableReason}`;
  const value = answer.value;
  if (value === null) return "Not answered";
  switch (question.type) {
    case "level":
    case "outcome": {
      const scale = questionnaire.scales.find((s) => s.id === question.scale);
      return scale?.levels.find((l) => l.value === value)?.label ?? String(value);
    }
    case "yes-no":
      return value === "yes" ? "Yes" : "No";
    case "checklist": {
      const chosen = question.items.filter((i) => (value as string[]).includes(i.id)).map((i) => i.label);
      return chosen.length > 0 ? chosen.join("; ") : "None of these";
    }
    case "number":
      return `${value}${question.unit ? ` ${question.unit}` : ""}`;
    case "text":
      return String(value);
  }
}
