import { useEffect } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import { fieldId, fieldName } from "../assessment/fields";

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * An answer and "This does not apply" exclude each other, visibly: choosing or typing an answer unticks
 * "does not apply", and ticking it clears the answer. The server refuses a post that carries both, so the
 * browser must never send one (it would say "Not saved" rather than drop either silently).
 */
export function useAnswerOrNotApplicable(
  form: Pick<UseFormReturn<FieldValues>, "getValues" | "setValue" | "watch">,
  emptyValues: Record<string, string | string[]>,
) {
  const { getValues, setValue, watch } = form;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the question list is fixed for one page
  useEffect(() => {
    const subscription = watch((_values, { name }) => {
      const match = name ? /^answers\.([a-z0-9-]+)\.(value|notApplicable)$/.exec(name) : null;
      if (!match) return;
      const [, questionId, field] = match as unknown as [string, string, "value" | "notApplicable"];
      const fields = (getValues(`answers.${questionId}`) ?? {}) as Record<string, unknown>;
      if (isEmpty(fields.notApplicable) || isEmpty(fields.value)) return;
      if (field === "value") {
        // A click, not setValue: the design system's script then hides the reason as it does for a person.
        document.getElementById(fieldId(questionId, "notApplicable"))?.click();
      } else {
        setValue(fieldName(questionId, "value"), emptyValues[questionId] ?? "", { shouldDirty: true });
        // A text answer's character count follows its box's input events.
        const box = document.getElementById(fieldId(questionId, "value"));
        if (box instanceof HTMLTextAreaElement) box.dispatchEvent(new Event("input"));
      }
    });
    return () => subscription.unsubscribe();
  }, [getValues, setValue, watch]);
}
