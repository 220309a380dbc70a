import { useRouteLoaderData } from "@remix-run/react";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type FieldValues, type Resolver, type UseFormRegister, useForm } from "react-hook-form";
import { z } from "zod/mini";
import {
  type Answer,
  type AnswerFields,
  type AnswerValue,
  answerFieldsSchema,
  isShown,
} from "../assessment/answers";
import { clearDraft, readDraft, retryDelay, writeDraft } from "../assessment/autosave";
import { fieldId, fieldName } from "../assessment/fields";
import type { CareSetting } from "../domain/organisation";
import type { FieldErrors } from "../forms";
import type { Question, Questionnaire } from "../questionnaire/schema";
import type { loader as rootLoader } from "../root";
import { WarningCallout } from "./admin";
import { ErrorSummary } from "./error-summary";
import { Button, Form } from "./form";
import { QuestionFields, type QuestionErrors } from "./question";

export interface ThemeQuestion {
  question: Question;
  fields: AnswerFields;
  history: { at: string; by: string | null; from: string; to: string }[];
  conflict: { theirs: string; by: string | null; at: string } | null;
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

type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "failed"; retryIn: number }
  | { kind: "invalid" }
  | { kind: "refused"; message: string }
  | { kind: "conflict" };

/** Every save of an answer is a revision, so the revision counts its changes. */
const changes = (q: ThemeQuestion) => Math.max(Number(q.fields.revision ?? 0), q.history.length);

const timeOf = (iso: string) =>
  new Date(iso).toLocaleTimeString("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/London",
  });

/**
 * react-hook-form's resolver for our zod/mini schema. Written here rather than taken from
 * @hookform/resolvers (no longer a dependency), whose zod adapter imports all of zod's core and would add ~12 KB to every theme page.
 */
function zodResolver(schema: z.ZodMiniType): Resolver<FieldValues> {
  return async (values) => {
    const result = await z.safeParseAsync(schema, values);
    if (result.success) return { values: result.data as FieldValues, errors: {} };
    const errors: Record<string, unknown> = {};
    for (const issue of result.error.issues) {
      let node = errors;
      issue.path.forEach((key, i) => {
        const name = String(key);
        if (i === issue.path.length - 1) node[name] ??= { type: issue.code, message: issue.message };
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
  const csrfToken = useRouteLoaderData<typeof rootLoader>("root")?.csrfToken ?? "";
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
  const { register, watch, getValues, setValue, trigger, formState } = useForm<FieldValues>({
    defaultValues,
    resolver: zodResolver(schema),
    mode: "onChange",
  });
  const registerField = register as UseFormRegister<FieldValues>;
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [conflicts, setConflicts] = useState<Record<string, ThemeQuestion["conflict"]>>({});
  // Each answer's revision as the server last confirmed it: in the form values (for autosave and validation)
  // and in React state (for the hidden input a full-page "Save and continue" posts).
  const [revisions, setRevisions] = useState<Record<string, string>>(() =>
    Object.fromEntries(questions.map((q) => [q.question.id, q.fields.revision ?? "0"])),
  );
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const attempts = useRef(new Map<string, number>());
  const live = watch("answers") as Record<string, AnswerFields> | undefined;

  const setRevision = useCallback(
    (questionId: string, revision: string) => {
      setValue(fieldName(questionId, "revision"), revision);
      setRevisions((r) => ({ ...r, [questionId]: revision }));
    },
    [setValue],
  );

  const save = useCallback(
    async (questionId: string) => {
      if (!(await trigger(`answers.${questionId}`))) {
        setState({ kind: "invalid" });
        return;
      }
      const fields = getValues(`answers.${questionId}`) as AnswerFields;
      const body = new FormData();
      for (const [field, value] of Object.entries(fields)) {
        if (value === undefined || value === false || value === null) continue;
        for (const v of Array.isArray(value) ? value : [value])
          body.append(fieldName(questionId, field as keyof AnswerFields), String(v));
      }
      setState({ kind: "saving" });
      try {
        const response = await fetch(`/assessments/${assessmentId}/answers`, {
          method: "POST",
          body,
          headers: { "X-CSRF-Token": csrfToken, Accept: "application/json" },
        });
        if (response.status >= 500 || response.status === 0)
          throw new Error(`save answered ${response.status}`);
        const outcome = (await response.json()) as {
          results?: {
            questionId: string;
            outcome: string;
            revision?: number;
            updatedAt?: string;
            current?: Answer & { revision: number; updatedBy: string | null; updatedAt: string };
            theirs?: string;
          }[];
          error?: string;
        };
        const result = outcome.results?.find((r) => r.questionId === questionId);
        if (result?.outcome === "saved" || result?.outcome === "unchanged") {
          if (result.revision !== undefined) setRevision(questionId, String(result.revision));
          clearDraft(assessmentId, questionId);
          attempts.current.delete(questionId);
          setConflicts((c) => ({ ...c, [questionId]: null }));
          setState({ kind: "saved", at: result.updatedAt ?? new Date().toISOString() });
        } else if (result?.outcome === "conflict" && result.current) {
          setRevision(questionId, String(result.current.revision));
          setConflicts((c) => ({
            ...c,
            [questionId]: {
              theirs: result.theirs ?? "",
              by: result.current!.updatedBy,
              at: result.current!.updatedAt,
            },
          }));
          setState({ kind: "conflict" });
        } else if (outcome.error) {
          // Signed out, no longer allowed, or the assessment was submitted: say so; the draft stays here.
          setState({ kind: "refused", message: outcome.error });
        } else {
          setState({ kind: "invalid" });
        }
      } catch {
        const attempt = attempts.current.get(questionId) ?? 0;
        attempts.current.set(questionId, attempt + 1);
        const delay = retryDelay(attempt);
        setState({ kind: "failed", retryIn: Math.round(delay / 1000) });
        timers.current.set(
          questionId,
          setTimeout(() => void save(questionId), delay),
        );
      }
    },
    [assessmentId, csrfToken, getValues, setRevision, trigger],
  );

  const schedule = useCallback(
    (questionId: string, delay = 800) => {
      const fields = getValues(`answers.${questionId}`) as Record<string, unknown>;
      writeDraft(assessmentId, questionId, {
        fields,
        baseRevision: String(fields.revision ?? "0"),
        savedLocallyAt: new Date().toISOString(),
      });
      clearTimeout(timers.current.get(questionId));
      timers.current.set(
        questionId,
        setTimeout(() => void save(questionId), delay),
      );
    },
    [assessmentId, getValues, save],
  );

  useEffect(() => {
    // Bring back anything typed before a reload, a crash or a closed tab, and save it, except where the
    // person chose to keep someone else's answer (?keep=question-id).
    const kept = new URLSearchParams(window.location.search).get("keep");
    if (kept) clearDraft(assessmentId, kept);
    for (const { question } of questions) {
      const draft = readDraft(assessmentId, question.id);
      if (!draft) continue;
      for (const [field, value] of Object.entries(draft.fields)) {
        if (field === "revision") continue;
        setValue(fieldName(question.id, field as keyof AnswerFields), value, { shouldDirty: true });
      }
      setRevision(question.id, draft.baseRevision);
      schedule(question.id, 0);
    }
    const subscription = watch((_values, { name }) => {
      const match = name ? /^answers\.([a-z0-9-]+)\.(?!revision)/.exec(name) : null;
      if (match?.[1]) schedule(match[1]);
    });
    const retryNow = () => {
      for (const questionId of attempts.current.keys()) schedule(questionId, 0);
    };
    window.addEventListener("online", retryNow);
    const pending = timers.current;
    return () => {
      subscription.unsubscribe();
      window.removeEventListener("online", retryNow);
      for (const t of pending.values()) clearTimeout(t);
    };
  }, [assessmentId, questions, schedule, setRevision, setValue, watch]);

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
  const errors = { ...serverErrors, ...clientErrors };
  const errorsFor = (questionId: string): QuestionErrors => ({
    value: errors[fieldId(questionId, "value")],
    reason: errors[fieldId(questionId, "reason")],
    evidence: errors[fieldId(questionId, "evidence")],
    links: errors[fieldId(questionId, "links")],
  });

  const values = new Map<string, { value: AnswerValue | null }>();
  for (const [id, value] of Object.entries(otherValues)) values.set(id, { value });
  for (const { question, fields } of questions)
    values.set(question.id, { value: conditionValue(live?.[question.id] ?? fields) });
  const answersForConditions = values as unknown as ReadonlyMap<string, Answer>;

  let number = 0;
  return (
    <>
      <ErrorSummary errors={serverErrors} />
      {children}
      <div className="app-autosave-status nhsuk-body-s" role="status" aria-live="polite">
        {state.kind === "saving" ? "Saving…" : null}
        {state.kind === "saved" ? `Saved at ${timeOf(state.at)}` : null}
        {state.kind === "failed"
          ? `Saving failed. We will try again in ${state.retryIn} seconds. Your answers are kept on this computer until then.`
          : null}
        {state.kind === "invalid" ? "Not saved yet: correct the answer shown in red." : null}
        {state.kind === "refused" ? `Not saved: ${state.message}` : null}
        {state.kind === "conflict"
          ? "Not saved: someone else changed an answer. Their answer is shown beside yours."
          : null}
      </div>
      <Form method="post">
        {questions.map((q) => {
          const shown = isShown(q.question, careSetting, answersForConditions);
          if (shown) number++;
          const conflict = conflicts[q.question.id] ?? q.conflict;
          return (
            <div hidden={!shown} key={q.question.id}>
              <QuestionFields
                question={q.question}
                questionnaire={questionnaire}
                fields={{ ...q.fields, revision: revisions[q.question.id] }}
                errors={errorsFor(q.question.id)}
                register={registerField}
                number={number}
              >
                {conflict ? (
                  <WarningCallout
                    heading="Someone else changed this answer"
                    id={`${q.question.id}-conflict`}
                    level={3}
                  >
                    <p>
                      {conflict.by ?? "Someone"} saved this answer at {timeOf(conflict.at)}, after you opened
                      the page. Their answer: <strong>{conflict.theirs}</strong>
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
                            {new Date(h.at).toLocaleString("en-GB", {
                              dateStyle: "medium",
                              timeStyle: "short",
                              timeZone: "Europe/London",
                            })}
                            , {h.by ?? "someone"}: {h.from} → {h.to}
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
