import { evidenceContent as c } from "../../content/evidence";
import type { FieldErrors } from "../../forms";
import { evidenceLimits } from "../../limits";
import { Button, Form, Textarea, TextInput } from "../form";
import { OwnerField } from "../owner-field";

export interface ItemFormValues {
  title: string;
  description: string;
  owner: string;
  ownerRole: string;
  producedOn: string;
  reviewBy: string;
  links: string;
  outcomes: string;
}

/**
 * An evidence item's form (new or changed): each field shows what was posted after a 400, else the stored
 * value. `revision` is the item's revision the edit started from (the answers' rule, ADR 005); `cite` names
 * the question a new item is cited from.
 */
export function ItemForm({
  values,
  posted,
  errors,
  owners,
  submit,
  revision,
  cite,
  action,
}: {
  values: ItemFormValues;
  posted?: Record<string, string | undefined>;
  errors?: FieldErrors;
  owners: { id: number; name: string }[];
  submit: string;
  revision?: number;
  cite?: string;
  action?: string;
}) {
  const v = (name: keyof ItemFormValues) => posted?.[name] ?? values[name];
  return (
    <Form method="post" action={action}>
      {revision !== undefined ? <input type="hidden" name="revision" value={revision} /> : null}
      {cite ? <input type="hidden" name="cite" value={cite} /> : null}
      <TextInput name="title" label={c.title} value={v("title")} error={errors?.title} />
      <Textarea
        name="description"
        label={`${c.description} (optional)`}
        rows={3}
        characterCount={evidenceLimits.descriptionChars}
        value={v("description")}
        error={errors?.description}
      />
      <OwnerField
        legend={c.owner}
        roleHint="For example, Information Governance Lead"
        owners={owners}
        value={v("owner")}
        role={v("ownerRole")}
        errors={errors}
      />
      <TextInput
        name="producedOn"
        type="date"
        label="Date produced"
        hint="For example, 2026-04-30"
        className="nhsuk-input--width-10"
        value={v("producedOn")}
        error={errors?.producedOn}
      />
      <TextInput
        name="reviewBy"
        type="date"
        label="Review by"
        hint="The date by which it must be reviewed or replaced, for example 2027-04-30"
        className="nhsuk-input--width-10"
        value={v("reviewBy")}
        error={errors?.reviewBy}
      />
      <Textarea
        name="links"
        label={`${c.links} (optional)`}
        hint={`One web address a line, up to ${evidenceLimits.links}`}
        rows={3}
        value={v("links")}
        error={errors?.links}
      />
      <TextInput
        name="outcomes"
        label={`${c.outcomes} (optional)`}
        hint={c.outcomesHint}
        value={v("outcomes")}
        error={errors?.outcomes}
      />
      <Button>{submit}</Button>
    </Form>
  );
}
