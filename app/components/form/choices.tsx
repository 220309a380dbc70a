import { Fragment, type ReactNode } from "react";
import { cls, ErrorMessage, Fieldset, type FieldsetProps, type InputProps } from "./field";

export interface ChoiceOption {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the option when it is chosen (always shown without JavaScript). */
  conditional?: ReactNode;
  /** Checkboxes only: the "none of these" box that unticks the others (after an "or" divider). */
  exclusive?: boolean;
}

/** An option's input id: the field's id for the first (where the error summary links), then id-value. */
const optionId = (id: string, index: number, value: string) => (index === 0 ? id : `${id}-${value}`);

function Choices({
  type,
  name,
  id,
  options,
  chosen,
  inline,
  inputProps,
}: {
  type: "radio" | "checkbox";
  name: string;
  id: string;
  options: readonly ChoiceOption[];
  chosen: readonly string[];
  inline?: boolean;
  inputProps?: InputProps;
}) {
  const block = type === "radio" ? "nhsuk-radios" : "nhsuk-checkboxes";
  return (
    <div className={cls(block, inline && `${block}--inline`)} data-module={block}>
      {options.map((option, i) => {
        const inputId = optionId(id, i, option.value);
        const conditionalId = `conditional-${inputId}`;
        const checked = chosen.includes(option.value);
        return (
          <Fragment key={option.value}>
            {option.exclusive ? <div className={`${block}__divider`}>or</div> : null}
            <div className={`${block}__item`}>
              <input
                className={`${block}__input`}
                id={inputId}
                name={name}
                type={type}
                value={option.value}
                defaultChecked={checked}
                data-behaviour={option.exclusive ? "exclusive" : undefined}
                data-aria-controls={option.conditional ? conditionalId : undefined}
                aria-describedby={option.hint ? `${inputId}-item-hint` : undefined}
                {...inputProps}
              />
              <label className={`nhsuk-label ${block}__label`} htmlFor={inputId}>
                {option.label}
              </label>
              {option.hint ? (
                <div className={`nhsuk-hint ${block}__hint`} id={`${inputId}-item-hint`}>
                  {option.hint}
                </div>
              ) : null}
            </div>
            {option.conditional ? (
              <div
                className={cls(`${block}__conditional`, !checked && `${block}__conditional--hidden`)}
                id={conditionalId}
              >
                {option.conditional}
              </div>
            ) : null}
          </Fragment>
        );
      })}
    </div>
  );
}

type ChoiceFieldProps = Omit<FieldsetProps, "id" | "children"> & {
  name: string;
  id?: string;
  options: readonly ChoiceOption[];
  inputProps?: InputProps;
};

/** Radios in a fieldset; an option's `conditional` is revealed when it is chosen. */
export function Radios({
  name,
  id = name,
  value,
  options,
  inline,
  inputProps,
  ...fieldset
}: ChoiceFieldProps & { value?: string | null; inline?: boolean }) {
  return (
    <Fieldset id={id} {...fieldset}>
      <Choices
        type="radio"
        name={name}
        id={id}
        options={options}
        chosen={value ? [value] : []}
        inline={inline}
        inputProps={inputProps}
      />
    </Fieldset>
  );
}

/** Checkboxes in a fieldset; an `exclusive` option unticks the others (and they it). */
export function Checkboxes({
  name,
  id = name,
  value,
  options,
  inputProps,
  ...fieldset
}: ChoiceFieldProps & { value?: string | readonly string[] | null }) {
  const chosen = Array.isArray(value) ? value : typeof value === "string" && value ? [value] : [];
  return (
    <Fieldset id={id} {...fieldset}>
      <Choices
        type="checkbox"
        name={name}
        id={id}
        options={options}
        chosen={chosen as string[]}
        inputProps={inputProps}
      />
    </Fieldset>
  );
}

/** A single yes/no checkbox, in the design system's checkboxes markup, with an optional revealed part. */
export function Checkbox({
  name,
  id = name,
  label,
  hint,
  error,
  checked,
  value = "yes",
  conditional,
  inputProps,
}: {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  checked?: boolean;
  value?: string;
  conditional?: ReactNode;
  inputProps?: InputProps;
}) {
  return (
    <div className={cls("nhsuk-form-group", error && "nhsuk-form-group--error")}>
      <ErrorMessage id={id} message={error} />
      <Choices
        type="checkbox"
        name={name}
        id={id}
        options={[{ value, label, hint, conditional }]}
        chosen={checked ? [value] : []}
        inputProps={inputProps}
      />
    </div>
  );
}
