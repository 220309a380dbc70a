import type { ReactNode } from "react";
import type { FieldValues, UseFormRegister } from "react-hook-form";
import {
  type AnswerFields,
  evidenceMaxLength,
  maxEvidenceLinks,
  noneOfThese,
  reasonMaxLength,
} from "../assessment/answers";
import { fieldId, fieldName } from "../assessment/fields";
import { Checkbox, Checkboxes, Radios, Textarea, TextInput } from "./form";
import type { Question, Questionnaire } from "../questionnaire/schema";

export type QuestionErrors = Partial<Record<keyof AnswerFields, string>>;

export interface QuestionProps {
  question: Question;
  questionnaire: Pick<Questionnaire, "scales">;
  /** The values the inputs start with: the saved answer, or what was just posted. */
  fields: AnswerFields;
  errors?: QuestionErrors;
  /** Attaches react-hook-form when JavaScript runs; without it the inputs are a plain form. */
  register?: (name: string) => ReturnType<UseFormRegister<FieldValues>>;
  /** Shown under the question: history, conflicts, board comments. */
  children?: ReactNode;
  number: number;
}

/** One question in the design system's markup: its answer control, "not applicable", evidence and links. */
export function QuestionFields({
  question,
  questionnaire,
  fields,
  errors = {},
  register,
  children,
  number,
}: QuestionProps) {
  const id = question.id;
  const valueError = errors.value;
  const heading = (
    <>
      <span className="nhsuk-caption-m">Question {number}</span>
      {question.text}
    </>
  );

  const valueName = fieldName(id, "value");
  const valueProps = register ? register(valueName) : undefined;
  const legend = heading;
  let control: ReactNode;
  if (question.type === "level" || question.type === "outcome" || question.type === "yes-no") {
    const options =
      question.type === "yes-no"
        ? [
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ]
        : (questionnaire.scales.find((s) => s.id === question.scale)?.levels ?? []).map((level) => ({
            value: String(level.value),
            label: level.label,
            hint: question.levels.find((d) => d.level === level.value)?.descriptor,
          }));
    control = (
      <Radios
        name={valueName}
        id={id}
        legend={legend}
        legendHeading="h2"
        hint={question.guidance}
        error={valueError}
        value={typeof fields.value === "string" ? fields.value : null}
        options={options}
        inline={question.type === "yes-no"}
        inputProps={valueProps}
      />
    );
  } else if (question.type === "checklist") {
    control = (
      <Checkboxes
        name={valueName}
        id={id}
        legend={legend}
        legendHeading="h2"
        hint={
          <>
            {question.guidance ? (
              <>
                {question.guidance}
                <br />
              </>
            ) : null}
            Select all that are in place
          </>
        }
        error={valueError}
        value={fields.value}
        options={[
          ...question.items.map((item) => ({ value: item.id, label: item.label })),
          { value: noneOfThese, label: "None of these", exclusive: true },
        ]}
        inputProps={valueProps}
      />
    );
  } else if (question.type === "number") {
    control = (
      <TextInput
        name={valueName}
        id={id}
        label={legend}
        labelClassName="nhsuk-label--m"
        labelHeading="h2"
        hint={question.guidance}
        error={valueError}
        value={typeof fields.value === "string" ? fields.value : ""}
        className="nhsuk-input--width-5"
        inputMode="decimal"
        spellCheck={false}
        suffix={question.unit}
        inputProps={valueProps}
      />
    );
  } else {
    control = (
      <Textarea
        name={valueName}
        id={id}
        label={legend}
        labelClassName="nhsuk-label--m"
        labelHeading="h2"
        hint={question.guidance}
        error={valueError}
        value={typeof fields.value === "string" ? fields.value : ""}
        characterCount={question.maxLength}
        inputProps={register ? register(valueName) : undefined}
      />
    );
  }

  const reasonId = fieldId(id, "reason");
  const linksId = fieldId(id, "links");
  const textareaProps = (field: keyof AnswerFields) =>
    register ? register(fieldName(id, field)) : undefined;
  return (
    <div className="app-question" id={`question-${id}`}>
      {/* Not a react-hook-form field: the revision is not typed, and React must own its value (a hidden
          input's value is its default value, which React resets on every render). */}
      <input type="hidden" name={fieldName(id, "revision")} value={fields.revision ?? "0"} />
      {control}
      {question.notApplicableAllowed ? (
        <Checkbox
          name={fieldName(id, "notApplicable")}
          id={fieldId(id, "notApplicable")}
          label="This does not apply to our organisation"
          checked={fields.notApplicable === "yes"}
          inputProps={register ? register(fieldName(id, "notApplicable")) : undefined}
          conditional={
            <Textarea
              name={fieldName(id, "reason")}
              id={reasonId}
              label="Why does it not apply?"
              rows={2}
              maxLength={reasonMaxLength}
              error={errors.reason}
              value={fields.reason}
              inputProps={textareaProps("reason")}
            />
          }
        />
      ) : null}
      {question.type !== "text" ? (
        <Textarea
          name={fieldName(id, "evidence")}
          id={fieldId(id, "evidence")}
          label="Evidence (optional)"
          hint={question.evidencePrompt}
          rows={3}
          characterCount={evidenceMaxLength}
          error={errors.evidence}
          value={fields.evidence}
          inputProps={textareaProps("evidence")}
        />
      ) : null}
      <details className="nhsuk-details" open={Boolean(errors.links || fields.links) || undefined}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Evidence links (optional)</span>
        </summary>
        <div className="nhsuk-details__text">
          <Textarea
            name={fieldName(id, "links")}
            id={linksId}
            label="Links to evidence"
            hint={`One web address a line, up to ${maxEvidenceLinks}. For example, a document on your intranet.`}
            rows={2}
            error={errors.links}
            value={fields.links}
            inputProps={textareaProps("links")}
          />
        </div>
      </details>
      {children}
    </div>
  );
}
