import { z } from "zod";
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

/** The form fields of one question, as posted (without JavaScript) or autosaved (with it). */
export interface AnswerFields {
  value?: string | string[];
  notApplicable?: string;
  reason?: string;
  evidence?: string;
  links?: string;
  revision?: string;
}

const trimmed = (max: number, message: string) => z.string().trim().max(max, message);

function valueSchema(question: Question, scaleValues: number[]): z.ZodType<AnswerValue | null> {
  const empty = (v: unknown) => v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
  switch (question.type) {
    case "level":
    case "outcome":
      return z.preprocess(
        (v) => (empty(v) ? null : v),
        z
          .string()
          .refine((v) => scaleValues.map(String).includes(v), "Choose one of the levels")
          .transform(Number)
          .nullable(),
      );
    case "yes-no":
      return z.preprocess(
        (v) => (empty(v) ? null : v),
        z.enum(["yes", "no"], { error: "Choose yes or no" }).nullable(),
      );
    case "number": {
      let n = z.number({ error: "Enter a number" }).finite("Enter a number");
      if (question.min !== undefined) n = n.min(question.min, `Enter a number of ${question.min} or more`);
      if (question.max !== undefined) n = n.max(question.max, `Enter a number of ${question.max} or less`);
      return z.preprocess(
        (v) => (empty(v) ? null : typeof v === "string" ? v.trim() : v),
        z
          .string()
          .regex(/^-?\d+(\.\d+)?$/, "Enter a number, like 42 or 42.5")
          .transform(Number)
          .pipe(n)
          .nullable(),
      );
    }
    case "text":
      return z.preprocess(
        (v) => (typeof v === "string" && v.trim() === "" ? null : v),
        z
          .string()
          .trim()
          .max(question.maxLength, `Answer must be ${question.maxLength} characters or fewer`)
          .nullable(),
      );
    case "checklist": {
      // Nothing ticked is "not answered"; the exclusive "None of these" box is the answer "none in place".
      const ids = question.items.map((i) => i.id);
      return z.preprocess(
        (v) => (empty(v) ? null : typeof v === "string" ? [v] : v),
        z
          .array(z.string())
          .max(ids.length + 1)
          .superRefine((chosen, ctx) => {
            if (chosen.includes(noneOfThese) && chosen.length > 1) {
              ctx.addIssue({
                code: "custom",
                message: "Select the capabilities in place, or select 'None of these'",
              });
            } else if (chosen.some((c) => c !== noneOfThese && !ids.includes(c))) {
              ctx.addIssue({ code: "custom", message: "Choose from the list" });
            }
          })
          .transform((chosen) => chosen.filter((c) => c !== noneOfThese))
          .nullable(),
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
  return z
    .strictObject({
      value: valueSchema(question, values),
      notApplicable: z.enum(["yes"]).optional(),
      reason: trimmed(reasonMaxLength, `Reason must be ${reasonMaxLength} characters or fewer`).optional(),
      evidence: trimmed(
        evidenceMaxLength,
        `Evidence must be ${evidenceMaxLength} characters or fewer`,
      ).optional(),
      links: z
        .string()
        .max(5000, "Too many links")
        .optional()
        .transform((v) =>
          (v ?? "")
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean),
        )
        .pipe(
          z
            .array(
              z.url({
                protocol: /^https?$/,
                error: "Enter each link as a full web address starting https://",
              }),
            )
            .max(maxEvidenceLinks, `Give at most ${maxEvidenceLinks} links`),
        ),
      revision: z
        .string({ error: "Reload the page and try again" })
        .regex(/^\d{1,9}$/, "Reload the page and try again")
        .transform(Number),
    })
    .superRefine((fields, ctx) => {
      if (fields.notApplicable && !question.notApplicableAllowed) {
        ctx.addIssue({ code: "custom", path: ["notApplicable"], message: "This question must be answered" });
      }
      if (fields.notApplicable && !fields.reason) {
        ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why this question does not apply" });
      }
    })
    .transform((fields): Answer & { revision: number } => ({
      questionId: question.id,
      value: fields.notApplicable ? null : fields.value,
      notApplicableReason: fields.notApplicable ? (fields.reason ?? "") : null,
      evidence: fields.evidence ?? "",
      evidenceLinks: fields.links,
      revision: fields.revision,
    }));
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
