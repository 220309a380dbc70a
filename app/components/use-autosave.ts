import { useCallback, useEffect, useRef, useState } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import { z } from "zod/mini";
import type { Answer, AnswerFields } from "../assessment/answers";
import { clearDraft, readDraft, retryDelay, writeDraft } from "../assessment/autosave";
import { fieldName } from "../assessment/fields";

/** Where one question's answer stands against the server. */
export type QuestionSaveState =
  | { kind: "idle" }
  /** Changed here, to be saved in a moment. */
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "failed"; retryIn: number }
  /** Not saved because the answer is not valid: the reasons, also shown next to their fields. */
  | { kind: "invalid"; reasons: string[] }
  /** Not saved because the server will not take it (signed out, no permission, assessment closed). */
  | { kind: "refused"; message: string }
  | { kind: "conflict" };

export interface Conflict {
  theirs: string;
  by: string | null;
  at: string;
}

/** True while an answer is not on the server: what the page's summary counts. */
export const isUnsaved = (state: QuestionSaveState) =>
  state.kind !== "idle" && state.kind !== "saved" && state.kind !== "saving";

/**
 * react-hook-form reports an unticked single checkbox as `false` and may report an empty group as `false`;
 * the shared schema (and the server) take a missing field for "not ticked". Both validation and saving
 * see the fields in the server's shape, so the browser never rejects what the server would accept.
 */
export function normaliseFields(fields: Record<string, unknown> | undefined): AnswerFields {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (field === "notApplicable") {
      if (value === true || value === "yes") out[field] = "yes";
      continue;
    }
    out[field] = value;
  }
  return out as AnswerFields;
}

/** The first message per field of a failed parse, keyed by field (answer, reason, evidence, links). */
export function fieldMessages(error: z.core.$ZodError): Partial<Record<keyof AnswerFields, string>> {
  const messages: Partial<Record<keyof AnswerFields, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "value") as keyof AnswerFields;
    // The hidden revision and a refused "not applicable" are reported on the answer itself.
    const shown = field === "revision" || field === "notApplicable" ? "value" : field;
    messages[shown] ??= issue.message;
  }
  return messages;
}

interface SaveResultJson {
  questionId: string;
  outcome: string;
  revision?: number;
  updatedAt?: string;
  current?: Answer & { revision: number; updatedBy: string | null; updatedAt: string };
  theirs?: string;
}

/**
 * The theme page's autosave, one state per question: each change is kept as a draft in the browser, then
 * posted on its own shortly after; failures retry (2, 4, 8 … 30 s, and when the browser is back online);
 * drafts left by a closed tab are restored and saved when the page opens. Validation uses the same schema
 * as the server, on the fields in the server's shape.
 */
export function useAutosave({
  assessmentId,
  questionIds,
  schemas,
  form,
  csrfToken,
  initialRevisions,
}: {
  assessmentId: number;
  questionIds: string[];
  schemas: Record<string, z.ZodMiniType>;
  form: Pick<UseFormReturn<FieldValues>, "getValues" | "setValue" | "watch" | "trigger">;
  csrfToken: string;
  initialRevisions: Record<string, string>;
}) {
  const { getValues, setValue, watch, trigger } = form;
  const [states, setStates] = useState<Record<string, QuestionSaveState>>({});
  // How many times each answer has been changed on this page, so a caller can tell "changed since".
  const [changes, setChanges] = useState<Record<string, number>>({});
  const [conflicts, setConflicts] = useState<Record<string, Conflict | null>>({});
  // Each answer's revision as the server last confirmed it: in the form values (for autosave) and in React
  // state (for the hidden input a full-page "Save and continue" posts).
  const [revisions, setRevisions] = useState<Record<string, string>>(initialRevisions);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const attempts = useRef(new Map<string, number>());

  const setState = useCallback((questionId: string, state: QuestionSaveState) => {
    setStates((s) => ({ ...s, [questionId]: state }));
  }, []);

  const setRevision = useCallback(
    (questionId: string, revision: string) => {
      setValue(fieldName(questionId, "revision"), revision);
      setRevisions((r) => ({ ...r, [questionId]: revision }));
    },
    [setValue],
  );

  const save = useCallback(
    async (questionId: string) => {
      const fields = normaliseFields(getValues(`answers.${questionId}`));
      const schema = schemas[questionId];
      const parsed = schema ? z.safeParse(schema, fields) : null;
      if (parsed && !parsed.success) {
        // Shows the messages next to their fields, and keeps the reasons beside the question.
        void trigger(`answers.${questionId}`);
        setState(questionId, { kind: "invalid", reasons: Object.values(fieldMessages(parsed.error)) });
        return;
      }
      const body = new FormData();
      for (const [field, value] of Object.entries(fields)) {
        for (const v of Array.isArray(value) ? value : [value])
          body.append(fieldName(questionId, field as keyof AnswerFields), String(v));
      }
      setState(questionId, { kind: "saving" });
      try {
        const response = await fetch(`/assessments/${assessmentId}/answers`, {
          method: "POST",
          body,
          headers: { "X-CSRF-Token": csrfToken, Accept: "application/json" },
        });
        if (response.status >= 500 || response.status === 0)
          throw new Error(`save answered ${response.status}`);
        const outcome = (await response.json()) as {
          results?: SaveResultJson[];
          errors?: Record<string, string>;
          error?: string;
        };
        const result = outcome.results?.find((r) => r.questionId === questionId);
        attempts.current.delete(questionId);
        if (result?.outcome === "saved" || result?.outcome === "unchanged") {
          if (result.revision !== undefined) setRevision(questionId, String(result.revision));
          clearDraft(assessmentId, questionId);
          setConflicts((c) => ({ ...c, [questionId]: null }));
          setState(questionId, { kind: "saved", at: result.updatedAt ?? new Date().toISOString() });
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
          setState(questionId, { kind: "conflict" });
        } else if (outcome.error) {
          // Signed out, no longer allowed, or the assessment was submitted: say so; the draft stays here.
          setState(questionId, { kind: "refused", message: outcome.error });
        } else {
          const reasons = Object.values(outcome.errors ?? {});
          setState(questionId, {
            kind: "invalid",
            reasons: reasons.length > 0 ? reasons : ["The service did not accept this answer"],
          });
        }
      } catch {
        const attempt = attempts.current.get(questionId) ?? 0;
        attempts.current.set(questionId, attempt + 1);
        const delay = retryDelay(attempt);
        setState(questionId, { kind: "failed", retryIn: Math.round(delay / 1000) });
        timers.current.set(
          questionId,
          setTimeout(() => void save(questionId), delay),
        );
      }
    },
    [assessmentId, csrfToken, getValues, schemas, setRevision, setState, trigger],
  );

  const schedule = useCallback(
    (questionId: string, delay = 800) => {
      const fields = getValues(`answers.${questionId}`) as Record<string, unknown>;
      writeDraft(assessmentId, questionId, {
        fields: normaliseFields(fields) as Record<string, unknown>,
        baseRevision: String(fields.revision ?? "0"),
        savedLocallyAt: new Date().toISOString(),
      });
      setState(questionId, { kind: "pending" });
      clearTimeout(timers.current.get(questionId));
      timers.current.set(
        questionId,
        setTimeout(() => void save(questionId), delay),
      );
    },
    [assessmentId, getValues, save, setState],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the question list is fixed for one page
  useEffect(() => {
    // Bring back anything typed before a reload, a crash or a closed tab, and save it, except where the
    // person chose to keep someone else's answer (?keep=question-id).
    const kept = new URLSearchParams(window.location.search).get("keep");
    if (kept) clearDraft(assessmentId, kept);
    for (const questionId of questionIds) {
      const draft = readDraft(assessmentId, questionId);
      if (!draft) continue;
      const restored = normaliseFields(draft.fields);
      for (const field of ["value", "notApplicable", "reason", "evidence", "links"] as const) {
        if (field === "notApplicable") {
          setValue(fieldName(questionId, field), restored.notApplicable === "yes" ? "yes" : false, {
            shouldDirty: true,
          });
        } else if (restored[field] !== undefined) {
          setValue(fieldName(questionId, field), restored[field], { shouldDirty: true });
        }
      }
      setRevision(questionId, draft.baseRevision);
      schedule(questionId, 0);
    }
    const subscription = watch((_values, { name }) => {
      const match = name ? /^answers\.([a-z0-9-]+)\.(?!revision)/.exec(name) : null;
      const questionId = match?.[1];
      if (!questionId) return;
      setChanges((c) => ({ ...c, [questionId]: (c[questionId] ?? 0) + 1 }));
      schedule(questionId);
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
  }, [assessmentId, schedule, setRevision, setValue, watch]);

  return { states, conflicts, revisions, changes };
}
