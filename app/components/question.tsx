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
import { ErrorMessage } from "./form";
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

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

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
  const bind = (field: keyof AnswerFields) =>
    register ? register(fieldName(id, field)) : { name: fieldName(id, field) };
  const valueError = errors.value;
  const hintId = question.guidance ? `${id}-hint` : undefined;
  const errorId = valueError ? `${id}-error` : undefined;
  const heading = (
    <>
      <span className="nhsuk-caption-m">Question {number}</span>
      {question.text}
    </>
  );
  const hint = question.guidance ? (
    <div className="nhsuk-hint" id={hintId}>
      {question.guidance}
    </div>
  ) : null;

  let control: ReactNode;
  if (question.type === "level" || question.type === "outcome" || question.type === "yes-no") {
    const options =
      question.type === "yes-no"
        ? [
            { value: "yes", label: "Yes", hint: undefined },
            { value: "no", label: "No", hint: undefined },
          ]
        : (questionnaire.scales.find((s) => s.id === question.scale)?.levels ?? []).map((level) => ({
            value: String(level.value),
            label: level.label,
            hint: question.levels.find((d) => d.level === level.value)?.descriptor,
          }));
    control = (
      <div className={`nhsuk-form-group${valueError ? " nhsuk-form-group--error" : ""}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(hintId, errorId)}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            <h2 className="nhsuk-fieldset__heading">{heading}</h2>
          </legend>
          {hint}
          <ErrorMessage id={id} message={valueError} />
          <div
            className={`nhsuk-radios${question.type === "yes-no" ? " nhsuk-radios--inline" : ""}`}
            data-module="nhsuk-radios"
          >
            {options.map((option, i) => {
              const inputId = i === 0 ? id : `${id}-${option.value}`;
              return (
                <div className="nhsuk-radios__item" key={option.value}>
                  <input
                    className="nhsuk-radios__input"
                    id={inputId}
                    type="radio"
                    value={option.value}
                    defaultChecked={fields.value === option.value}
                    aria-describedby={option.hint ? `${inputId}-item-hint` : undefined}
                    {...bind("value")}
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={inputId}>
                    {option.label}
                  </label>
                  {option.hint ? (
                    <div className="nhsuk-hint nhsuk-radios__hint" id={`${inputId}-item-hint`}>
                      {option.hint}
                    </div>
                  ) : null}
                </div>
              );
            })}
          </div>
        </fieldset>
      </div>
    );
  } else if (question.type === "checklist") {
    const chosen = Array.isArray(fields.value) ? fields.value : fields.value ? [fields.value] : [];
    control = (
      <div className={`nhsuk-form-group${valueError ? " nhsuk-form-group--error" : ""}`}>
        <fieldset
          className="nhsuk-fieldset"
          aria-describedby={describedBy(`${id}-select-hint`, hintId, errorId)}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            <h2 className="nhsuk-fieldset__heading">{heading}</h2>
          </legend>
          {hint}
          <div className="nhsuk-hint" id={`${id}-select-hint`}>
            Select all that are in place
          </div>
          <ErrorMessage id={id} message={valueError} />
          <div className="nhsuk-checkboxes" data-module="nhsuk-checkboxes">
            {question.items.map((item, i) => {
              const inputId = i === 0 ? id : `${id}-${item.id}`;
              return (
                <div className="nhsuk-checkboxes__item" key={item.id}>
                  <input
                    className="nhsuk-checkboxes__input"
                    id={inputId}
                    type="checkbox"
                    value={item.id}
                    defaultChecked={chosen.includes(item.id)}
                    {...bind("value")}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={inputId}>
                    {item.label}
                  </label>
                </div>
              );
            })}
            <div className="nhsuk-checkboxes__divider">or</div>
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id={`${id}-none`}
                type="checkbox"
                value={noneOfThese}
                data-behaviour="exclusive"
                defaultChecked={chosen.includes(noneOfThese)}
                {...bind("value")}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${id}-none`}>
                None of these
              </label>
            </div>
          </div>
        </fieldset>
      </div>
    );
  } else {
    const label = (
      <h2 className="nhsuk-label-wrapper">
        <label className="nhsuk-label nhsuk-label--m" htmlFor={id}>
          {heading}
        </label>
      </h2>
    );
    control = (
      <div className={`nhsuk-form-group${valueError ? " nhsuk-form-group--error" : ""}`}>
        {label}
        {hint}
        <ErrorMessage id={id} message={valueError} />
        {question.type === "number" ? (
          <div className="nhsuk-input-wrapper">
            <input
              className={`nhsuk-input nhsuk-input--width-5${valueError ? " nhsuk-input--error" : ""}`}
              id={id}
              type="text"
              inputMode="decimal"
              spellCheck={false}
              defaultValue={typeof fields.value === "string" ? fields.value : ""}
              aria-describedby={describedBy(hintId, errorId)}
              {...bind("value")}
            />
            {question.unit ? <div className="nhsuk-input__suffix">{question.unit}</div> : null}
          </div>
        ) : (
          <textarea
            className={`nhsuk-textarea${valueError ? " nhsuk-textarea--error" : ""}`}
            id={id}
            rows={5}
            defaultValue={typeof fields.value === "string" ? fields.value : ""}
            aria-describedby={describedBy(hintId, errorId)}
            {...bind("value")}
          />
        )}
      </div>
    );
  }

  const reasonId = fieldId(id, "reason");
  const evidenceId = fieldId(id, "evidence");
  const linksId = fieldId(id, "links");
  return (
    <div className="app-question" id={`question-${id}`}>
      {/* Not a react-hook-form field: the revision is not typed, and React must own its value (a hidden
          input's value is its default value, which React resets on every render). */}
      <input type="hidden" name={fieldName(id, "revision")} value={fields.revision ?? "0"} />
      {control}
      {question.notApplicableAllowed ? (
        <div className={`nhsuk-form-group${errors.reason ? " nhsuk-form-group--error" : ""}`}>
          <div className="nhsuk-checkboxes" data-module="nhsuk-checkboxes">
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id={fieldId(id, "notApplicable")}
                type="checkbox"
                value="yes"
                defaultChecked={fields.notApplicable === "yes"}
                data-aria-controls={`${id}-na-conditional`}
                {...bind("notApplicable")}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={fieldId(id, "notApplicable")}>
                This does not apply to our organisation
              </label>
            </div>
            <div
              className={`nhsuk-checkboxes__conditional${fields.notApplicable === "yes" ? "" : " nhsuk-checkboxes__conditional--hidden"}`}
              id={`${id}-na-conditional`}
            >
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor={reasonId}>
                  Why does it not apply?
                </label>
                <ErrorMessage id={reasonId} message={errors.reason} />
                <textarea
                  className={`nhsuk-textarea${errors.reason ? " nhsuk-textarea--error" : ""}`}
                  id={reasonId}
                  rows={2}
                  maxLength={reasonMaxLength}
                  defaultValue={fields.reason}
                  aria-describedby={errors.reason ? `${reasonId}-error` : undefined}
                  {...bind("reason")}
                />
              </div>
            </div>
          </div>
        </div>
      ) : null}
      {question.type !== "text" ? (
        <div
          className={`nhsuk-form-group nhsuk-character-count${errors.evidence ? " nhsuk-form-group--error" : ""}`}
          data-module="nhsuk-character-count"
          data-maxlength={evidenceMaxLength}
        >
          <label className="nhsuk-label" htmlFor={evidenceId}>
            Evidence (optional)
          </label>
          {question.evidencePrompt ? (
            <div className="nhsuk-hint" id={`${evidenceId}-hint`}>
              {question.evidencePrompt}
            </div>
          ) : null}
          <ErrorMessage id={evidenceId} message={errors.evidence} />
          <textarea
            className={`nhsuk-textarea nhsuk-js-character-count${errors.evidence ? " nhsuk-textarea--error" : ""}`}
            id={evidenceId}
            rows={3}
            defaultValue={fields.evidence}
            aria-describedby={describedBy(
              `${evidenceId}-info`,
              question.evidencePrompt && `${evidenceId}-hint`,
              errors.evidence && `${evidenceId}-error`,
            )}
            {...bind("evidence")}
          />
          <div className="nhsuk-hint nhsuk-character-count__message" id={`${evidenceId}-info`}>
            You can enter up to {evidenceMaxLength} characters
          </div>
        </div>
      ) : null}
      <details className="nhsuk-details" open={Boolean(errors.links || fields.links)}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Evidence links (optional)</span>
        </summary>
        <div className="nhsuk-details__text">
          <div className={`nhsuk-form-group${errors.links ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label" htmlFor={linksId}>
              Links to evidence
            </label>
            <div className="nhsuk-hint" id={`${linksId}-hint`}>
              One web address a line, up to {maxEvidenceLinks}. For example, a document on your intranet.
            </div>
            <ErrorMessage id={linksId} message={errors.links} />
            <textarea
              className={`nhsuk-textarea${errors.links ? " nhsuk-textarea--error" : ""}`}
              id={linksId}
              rows={2}
              defaultValue={fields.links}
              aria-describedby={describedBy(`${linksId}-hint`, errors.links && `${linksId}-error`)}
              {...bind("links")}
            />
          </div>
        </div>
      </details>
      {children}
    </div>
  );
}
