import type { FieldErrors } from "../../forms";
import { planLimits } from "../../limits";
import { actionStatuses, actionStatusLabels } from "../../plan/plan";
import { Button, Checkboxes, Form, Select, TextInput } from "../form";
import { OwnerField } from "../owner-field";

export interface ActionFormValues {
  themeId: string;
  title: string;
  owner: string;
  ownerRole: string;
  due: string;
  status: string;
  questionIds: string[];
  revision: number;
}

/**
 * The lead's form for an action (new or changed): each field shows what was posted after a 400, else the
 * stored value; `revision` is the action's revision the edit started from (the answers' rule, ADR 005).
 */
export function ActionForm({
  values,
  posted,
  errors,
  themes,
  owners,
  submit,
  intent,
}: {
  values: ActionFormValues;
  posted?: Record<string, string | undefined>;
  errors?: FieldErrors;
  themes: { id: string; title: string; questions: { id: string; text: string }[] }[];
  owners: { id: number; name: string }[];
  submit: string;
  /** Sent as `intent` when the page holds more than one form. */
  intent?: string;
}) {
  const v = (name: keyof ActionFormValues) => posted?.[name] ?? String(values[name] ?? "");
  const questions = posted ? (posted.questionIds ?? "").split("\n").filter(Boolean) : values.questionIds;
  return (
    <Form method="post">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <input type="hidden" name="revision" value={values.revision} />
      <Select
        name="themeId"
        label="Theme"
        value={v("themeId")}
        error={errors?.themeId}
        options={themes.map((t) => ({ value: t.id, label: t.title }))}
      />
      <TextInput
        name="title"
        label="Action"
        hint={`What will be done, up to ${planLimits.titleChars} characters`}
        value={v("title")}
        error={errors?.title}
      />
      <OwnerField
        legend="Owner"
        roleHint="For example, Chief Clinical Information Officer"
        owners={owners}
        value={v("owner")}
        role={v("ownerRole")}
        errors={errors}
      />
      <TextInput
        name="due"
        type="date"
        label="Due date"
        hint="For example, 2027-03-31"
        className="nhsuk-input--width-10"
        value={v("due")}
        error={errors?.due}
      />
      <Select
        name="status"
        label="Status"
        value={v("status")}
        error={errors?.status}
        options={actionStatuses.map((s) => ({ value: s, label: actionStatusLabels[s] }))}
      />
      <details
        className="nhsuk-details"
        open={questions.length > 0 || errors?.questionIds ? true : undefined}
      >
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Questions this action should move (optional)</span>
        </summary>
        <div className="nhsuk-details__text">
          {/* Grouped by theme, so a question is found under its theme; the first group takes the field's id. */}
          {themes.map((t, i) => (
            <Checkboxes
              key={t.id}
              name="questionIds"
              id={i === 0 ? "questionIds" : `questionIds-${t.id}`}
              legend={t.title}
              legendSize="s"
              value={questions}
              error={i === 0 ? errors?.questionIds : undefined}
              options={t.questions.map((q) => ({ value: q.id, label: q.text }))}
            />
          ))}
        </div>
      </details>
      <Button>{submit}</Button>
    </Form>
  );
}
