import { type ComponentProps, type ReactNode, useMemo } from "react";
import { type FieldValues, type Resolver, type UseFormRegister, useForm } from "react-hook-form";
import { z } from "zod/mini";
import {
  type Answer,
  type AnswerFields,
  type AnswerValue,
  answerFieldsSchema,
  isShown,
} from "../assessment/answers";
import { fieldId } from "../assessment/fields";
import type { CareSetting } from "../domain/organisation";
import type { FieldErrors } from "../forms";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { useRootData } from "../root-data";
import { WarningCallout } from "./admin";
import { ErrorSummary } from "./error-summary";
import { Button, Form } from "./form";
import { QuestionEvidence } from "./evidence/question-evidence";
import { QuestionFields, type QuestionErrors } from "./question";
import { useAnswerOrNotApplicable } from "./use-answer-or-not-applicable";
import { isUnsaved, normaliseFields, type QuestionSaveState, useAutosave } from "./use-autosave";
import { formatDateTime, formatTime } from "../format";

export interface ThemeQuestion {
  question: Question;
  fields: AnswerFields;
  history: { at: string; by: string | null; from: string; to: string }[];
  conflict: { theirs: string; by: string | null; at: string } | null;
  /** The cycle this question's prefilled answer was copied from, until someone saves it. */
  carriedFrom?: string | null;
  /** The library items the answer cites, and where to cite more (issue 23). */
  evidence?: Omit<ComponentProps<typeof QuestionEvidence>, "questionId">;
}

interface Props {
  assessmentId: number;
  questionnaire: Pick<Questionnaire, "scales">;
  careSetting: CareSetting;
  questions: ThemeQuestion[];
  /** Answers to questions of other themes that this theme's conditions look at. */
  otherValues: Record<string, AnswerValue | null>;
  errors: FieldErrors | undefined;
  children?: ReactNode;
}

/** Every save of an answer is a revision, so the revision counts its changes. */
const changes = (q: ThemeQuestion) => Math.max(Number(q.fields.revision ?? 0), q.history.length);

/**
 * react-hook-form's resolver for our zod/mini schema. Written here rather than taken from
 * @hookform/resolvers (no longer a dependency), whose zod adapter imports all of zod's core and would add ~12 KB to every theme page.
 */
function zodResolver(schema: z.ZodMiniType): Resolver<FieldValues> {
  return async (values) => {
    const answers = (values.answers ?? {}) as Record<string, Record<string, unknown>>;
    const normalised = {
      answers: Object.fromEntries(Object.entries(answers).map(([id, f]) => [id, normaliseFields(f)])),
    };
    const result = await z.safeParseAsync(schema, normalised);
    if (result.success) return { values: result.data as FieldValues, errors: {} };
    const errors: Record<string, unknown> = {};
    for (const issue of result.error.issues) {
      // answers.<question>.<field>: a deeper path (one link of several) is reported on its field.
      const path = issue.path.slice(0, 3);
      let node = errors;
      path.forEach((key, i) => {
        const name = String(key);
        if (i === path.length - 1) node[name] ??= { type: issue.code, message: issue.message };
        else {
          node[name] ??= {};
          node = node[name] as Record<string, unknown>;
        }
      });
    }
    return { values: {}, errors: errors as never };
  };
}

/** Reads a question's current condition-relevant value from form fields. */
function conditionValue(fields: AnswerFields | undefined): AnswerValue | null {
  const v = fields?.value;
  if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) return null;
  if (Array.isArray(v)) return v;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/**
 * A theme's questions as one form. Without JavaScript it posts to the page's action. With JavaScript,
 * react-hook-form validates with the same zod schema as the server, each answer saves itself shortly after
 * it changes, unsaved changes are kept in the browser until the server has them, and failed saves retry.
 */
export function ThemeForm({
  assessmentId,
  questionnaire,
  careSetting,
  questions,
  otherValues,
  errors: serverErrors,
  children,
}: Props) {
  const csrfToken = useRootData()?.csrfToken ?? "";
  const schema = useMemo(
    () =>
      z.object({
        answers: z.object(
          Object.fromEntries(
            questions.map((q) => [q.question.id, answerFieldsSchema(q.question, questionnaire)]),
          ),
        ),
      }),
    [questions, questionnaire],
  );
  const defaultValues = useMemo(
    () => ({ answers: Object.fromEntries(questions.map((q) => [q.question.id, q.fields])) }),
    [questions],
  );
  // Paths are built from question ids at run time, so the form is typed loosely.
  const form = useForm<FieldValues>({
    defaultValues,
    resolver: zodResolver(schema),
    mode: "onChange",
  });
  const { register, watch, formState } = form;
  const registerField = register as UseFormRegister<FieldValues>;
  const questionSchemas = useMemo(
    () =>
      Object.fromEntries(
        questions.map((q) => [q.question.id, answerFieldsSchema(q.question, questionnaire)]),
      ) as Record<string, z.ZodMiniType>,
    [questions, questionnaire],
  );
  const {
    states,
    conflicts,
    revisions,
    changes: edits,
  } = useAutosave({
    assessmentId,
    questionIds: questions.map((q) => q.question.id),
    schemas: questionSchemas,
    form,
    csrfToken,
    initialRevisions: Object.fromEntries(questions.map((q) => [q.question.id, q.fields.revision ?? "0"])),
  });
  useAnswerOrNotApplicable(
    form,
    Object.fromEntries(questions.map((q) => [q.question.id, q.question.type === "checklist" ? [] : ""])),
  );
  const live = watch("answers") as Record<string, AnswerFields> | undefined;

  const clientErrors: FieldErrors = {};
  const fieldErrors = (formState.errors.answers ?? {}) as Record<
    string,
    Record<string, { message?: string }>
  >;
  for (const [questionId, errs] of Object.entries(fieldErrors)) {
    for (const [field, err] of Object.entries(errs ?? {})) {
      if (err?.message)
        clientErrors[
          fieldId(questionId, (field === "notApplicable" ? "reason" : field) as keyof AnswerFields)
        ] = err.message;
    }
  }
  // A server error stands until the person changes that answer after it came; from then on the browser
  // validates it. The baseline is how often each answer had changed when these server errors arrived.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new baseline only with new server errors
  const baseline = useMemo(() => edits, [serverErrors]);
  const touched = (questionId: string) => (edits[questionId] ?? 0) > (baseline[questionId] ?? 0);
  const serverErrorsOf = (questionId: string) =>
    Object.fromEntries(
      (["value", "reason", "evidence", "links"] as const).flatMap((field) => {
        const message = serverErrors?.[fieldId(questionId, field)];
        return message ? [[field, message]] : [];
      }),
    );
  // Next to the fields; the error summary keeps the last response's errors until the next one.
  const serverErrorsFor = (questionId: string) => (touched(questionId) ? {} : serverErrorsOf(questionId));
  const errorsFor = (questionId: string): QuestionErrors => ({
    ...serverErrorsFor(questionId),
    ...Object.fromEntries(
      (["value", "reason", "evidence", "links"] as const).flatMap((field) => {
        const message = clientErrors[fieldId(questionId, field)];
        return message ? [[field, message]] : [];
      }),
    ),
  });

  const values = new Map<string, { value: AnswerValue | null }>();
  for (const [id, value] of Object.entries(otherValues)) values.set(id, { value });
  for (const { question, fields } of questions)
    values.set(question.id, { value: conditionValue(live?.[question.id] ?? fields) });
  const answersForConditions = values as unknown as ReadonlyMap<string, Answer>;

  // Question numbers count the questions shown, as the page shows them.
  const numbers = new Map<string, number>();
  for (const q of questions)
    if (isShown(q.question, careSetting, answersForConditions)) numbers.set(q.question.id, numbers.size + 1);

  // The error summary names each question, as a page may have eight evidence boxes. An error for the whole
  // form (the database could not be written) comes first, and then nothing on the page was saved.
  const nothingSaved = Boolean(serverErrors?.form);
  const summary: FieldErrors = nothingSaved ? { form: serverErrors?.form } : {};
  for (const q of questions) {
    const n = numbers.get(q.question.id);
    for (const [field, message] of Object.entries(serverErrorsOf(q.question.id)))
      summary[fieldId(q.question.id, field as keyof AnswerFields)] =
        n === undefined ? message : `Question ${n}: ${message}`;
  }
  const notSavedCount = nothingSaved ? 0 : questionsWithErrors(serverErrors);

  return (
    <>
      <ErrorSummary
        errors={summary}
        focusKey={serverErrors}
        description={
          notSavedCount > 0
            ? `${notSavedCount === 1 ? "This answer was" : `These ${notSavedCount} answers were`} not saved. Your other answers on this page were saved.`
            : undefined
        }
      />
      {children}
      <PageSaveSummary states={states} numbers={numbers} order={questions.map((q) => q.question.id)} />
      <Form method="post">
        {questions.map((q) => {
          const number = numbers.get(q.question.id);
          const shown = number !== undefined;
          const conflict = conflicts[q.question.id] ?? q.conflict;
          return (
            <div hidden={!shown} key={q.question.id}>
              <QuestionFields
                question={q.question}
                questionnaire={questionnaire}
                fields={{ ...q.fields, revision: revisions[q.question.id] }}
                errors={errorsFor(q.question.id)}
                register={registerField}
                number={number ?? 0}
              >
                <QuestionSaveStatus state={states[q.question.id] ?? { kind: "idle" }} />
                {q.evidence ? <QuestionEvidence questionId={q.question.id} {...q.evidence} /> : null}
                {q.carriedFrom && revisions[q.question.id] === q.fields.revision ? (
                  <div className="nhsuk-inset-text" id={`${q.question.id}-carried`}>
                    <span className="nhsuk-u-visually-hidden">Information: </span>
                    <p>
                      <strong className="nhsuk-tag nhsuk-tag--yellow">Carried forward</strong> This is your
                      answer from {q.carriedFrom}: confirm or change it. It does not count as answered until
                      it is saved, by changing it or with "Save and continue".
                      {q.question.lineage?.change === "equivalent"
                        ? " The question was reworded since then without changing its meaning: check your answer against the new wording."
                        : ""}
                    </p>
                  </div>
                ) : null}
                {conflict ? (
                  <WarningCallout
                    heading="Someone else changed this answer"
                    id={`${q.question.id}-conflict`}
                    level={3}
                  >
                    <p>
                      {conflict.by ?? "Someone"} saved this answer at {formatTime(conflict.at)}, after you
                      opened the page. Their answer: <strong>{conflict.theirs}</strong>
                    </p>
                    <p>
                      Your answer is in the form above and has not been saved. To keep yours, save again. To
                      keep theirs,{" "}
                      <a href={`?keep=${q.question.id}#question-${q.question.id}`}>reload their answer</a>.
                    </p>
                  </WarningCallout>
                ) : null}
                {q.history.length > 0 ? (
                  <details className="nhsuk-details">
                    <summary className="nhsuk-details__summary">
                      <span className="nhsuk-details__summary-text">
                        History of this answer ({changes(q)} {changes(q) === 1 ? "change" : "changes"}
                        {changes(q) > q.history.length ? `, the latest ${q.history.length} shown` : ""})
                      </span>
                    </summary>
                    <div className="nhsuk-details__text">
                      <ol className="nhsuk-list">
                        {q.history.map((h) => (
                          <li key={h.at + h.to}>
                            {formatDateTime(h.at)}, {h.by ?? "someone"}: {h.from} → {h.to}
                          </li>
                        ))}
                      </ol>
                    </div>
                  </details>
                ) : null}
              </QuestionFields>
            </div>
          );
        })}
        <div className="nhsuk-button-group">
          <Button name="intent" value="continue">
            Save and continue
          </Button>
          <Button name="intent" value="later" secondary>
            Save and come back later
          </Button>
        </div>
      </Form>
    </>
  );
}

/** How many questions a set of field errors touches (field ids are the question id, or id-field). */
function questionsWithErrors(errors: FieldErrors | undefined) {
  const ids = new Set(
    Object.keys(errors ?? {}).map((id) => id.replace(/-(reason|evidence|links|notApplicable)$/, "")),
  );
  return ids.size;
}

const notSavedReason = (state: QuestionSaveState): string | null => {
  switch (state.kind) {
    case "failed":
      return `we will try again in ${state.retryIn} seconds. It is kept on this computer until then.`;
    case "invalid":
      return state.reasons.join(". ");
    case "refused":
      return state.message;
    case "conflict":
      return "someone else changed this answer. Their answer is shown below.";
    default:
      return null;
  }
};

/** One question's own save state, beside it: saved, saving, or not saved and why. */
function QuestionSaveStatus({ state }: { state: QuestionSaveState }) {
  if (state.kind === "idle") return null;
  const reason = notSavedReason(state);
  return (
    <p className="nhsuk-body-s app-question-status" data-state={state.kind}>
      {state.kind === "saving" || state.kind === "pending" ? "Saving…" : null}
      {state.kind === "saved" ? `Saved at ${formatTime(state.at)}` : null}
      {reason ? (
        <>
          <strong className="nhsuk-tag nhsuk-tag--red">Not saved</strong> This answer has not been saved:{" "}
          {reason}
        </>
      ) : null}
    </p>
  );
}

/**
 * The page's summary, announced politely: saving, the last save, or how many answers are not saved
 * (with links to them), so that a later save elsewhere never hides an answer left unsaved.
 */
function PageSaveSummary({
  states,
  numbers,
  order,
}: {
  states: Record<string, QuestionSaveState>;
  numbers: Map<string, number>;
  order: string[];
}) {
  const entries = order.map((id) => [id, states[id] ?? { kind: "idle" as const }] as const);
  const busy = entries.some(([, s]) => s.kind === "saving" || s.kind === "pending");
  const failed = entries.find(([, s]) => s.kind === "failed")?.[1];
  const unsaved = entries.filter(([, s]) => isUnsaved(s) && s.kind !== "pending");
  const saved = entries
    .flatMap(([, s]) => (s.kind === "saved" ? [s.at] : []))
    .sort()
    .at(-1);
  let text: ReactNode = null;
  if (busy) text = "Saving…";
  else if (unsaved.length > 0 && unsaved.every(([, s]) => s.kind === "failed") && failed?.kind === "failed")
    text = `Saving failed. We will try again in ${failed.retryIn} seconds. Your answers are kept on this computer until then.`;
  else if (unsaved.length > 0)
    text = (
      <>
        {unsaved.length === 1 ? "1 answer is" : `${unsaved.length} answers are`} not saved:{" "}
        {unsaved.map(([id], i) => (
          <span key={id}>
            {i > 0 ? ", " : null}
            <a href={`#question-${id}`}>question {numbers.get(id) ?? ""}</a>
          </span>
        ))}
        . Each says why.
      </>
    );
  else if (saved) text = `Saved at ${formatTime(saved)}`;
  return (
    <div className="app-autosave-status nhsuk-body-s" role="status" aria-live="polite">
      {text}
    </div>
  );
}
