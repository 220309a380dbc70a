import { Form as RemixForm, useRouteLoaderData } from "@remix-run/react";
import { type ComponentProps, Fragment, type ReactNode, type Ref } from "react";
import type { loader as rootLoader } from "../root";
import { formatCount } from "../format";

/*
 * The form kit: every NHS form element the service uses, in the design system's documented markup
 * (nhsuk-frontend 10's templates), each taking the value to show and its error. After a 400 a route passes
 * back what was posted, so nothing typed is lost; otherwise it passes the stored value. Fields stay
 * uncontrolled (the value is the default value), so they work without JavaScript and react-hook-form can
 * attach to them through `inputProps`.
 */

/** The session's cross-site request forgery token, as a hidden field every state-changing form carries. */
export function CsrfField() {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return data?.csrfToken ? <input type="hidden" name="csrf" value={data.csrfToken} /> : null;
}

/** A Remix form (works without JavaScript) that always carries the CSRF token. */
export function Form({ children, ...props }: ComponentProps<typeof RemixForm>) {
  return (
    <RemixForm noValidate {...props}>
      <CsrfField />
      {children}
    </RemixForm>
  );
}

/** The design system's error message for a field: `id` is the field's, the message's id is `${id}-error`. */
export function ErrorMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  );
}

/** Props react-hook-form's `register` returns, or any others to put on every input of a field. */
export type InputProps = Partial<Omit<ComponentProps<"input">, "ref">> & { ref?: Ref<HTMLInputElement> };

const cls = (...names: (string | number | false | null | undefined)[]) => names.filter(Boolean).join(" ");

export const describedBy = (...ids: (string | number | false | null | undefined)[]) =>
  ids.filter(Boolean).join(" ") || undefined;

function Hint({ id, children, className }: { id: string; children: ReactNode; className?: string }) {
  return (
    <div className={cls("nhsuk-hint", className)} id={id}>
      {children}
    </div>
  );
}

interface FieldProps {
  /** The posted name. */
  name: string;
  /** The element id the error summary links to; the name unless given. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Extra label classes, such as `nhsuk-label--m`. */
  labelClassName?: string;
  /** Wraps the label in an `<h1>`/`<h2>` (the design system's label-as-heading). */
  labelHeading?: "h1" | "h2";
}

function Label({
  id,
  label,
  labelClassName,
  labelHeading,
}: Pick<FieldProps, "label" | "labelClassName" | "labelHeading"> & { id: string }) {
  const element = (
    <label className={cls("nhsuk-label", labelClassName)} htmlFor={id}>
      {label}
    </label>
  );
  if (!labelHeading) return element;
  const Heading = labelHeading;
  return <Heading className="nhsuk-label-wrapper">{element}</Heading>;
}

function FieldChrome({
  id,
  label,
  hint,
  error,
  labelClassName,
  labelHeading,
  className,
  attributes,
  children,
}: Omit<FieldProps, "name"> & {
  id: string;
  className?: string;
  attributes?: Record<string, string | number>;
  children: ReactNode;
}) {
  return (
    <div className={cls("nhsuk-form-group", error && "nhsuk-form-group--error", className)} {...attributes}>
      <Label id={id} label={label} labelClassName={labelClassName} labelHeading={labelHeading} />
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      <ErrorMessage id={id} message={error} />
      {children}
    </div>
  );
}

export function TextInput({
  name,
  id = name,
  label,
  hint,
  error,
  value,
  labelClassName,
  labelHeading,
  className,
  prefix,
  suffix,
  inputProps,
  ...input
}: FieldProps & {
  /** The value to show: what was posted after a 400, else the stored one. */
  value?: string | null;
  prefix?: ReactNode;
  suffix?: ReactNode;
  inputProps?: InputProps;
} & Omit<ComponentProps<"input">, "name" | "id" | "value" | "defaultValue" | "prefix">) {
  const field = (
    <input
      className={cls("nhsuk-input", error && "nhsuk-input--error", className)}
      id={id}
      name={name}
      type="text"
      defaultValue={value ?? undefined}
      aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      {...input}
      {...inputProps}
    />
  );
  return (
    <FieldChrome
      id={id}
      label={label}
      hint={hint}
      error={error}
      labelClassName={labelClassName}
      labelHeading={labelHeading}
    >
      {prefix || suffix ? (
        <div className="nhsuk-input-wrapper">
          {prefix ? <div className="nhsuk-input__prefix">{prefix}</div> : null}
          {field}
          {suffix ? <div className="nhsuk-input__suffix">{suffix}</div> : null}
        </div>
      ) : (
        field
      )}
    </FieldChrome>
  );
}

/**
 * A textarea; with `characterCount`, the design system's character count (the limit is shown as a hint
 * without JavaScript, and counted live with it).
 */
export function Textarea({
  name,
  id = name,
  label,
  hint,
  error,
  value,
  rows = 5,
  characterCount,
  labelClassName,
  labelHeading,
  inputProps,
  ...textarea
}: FieldProps & {
  value?: string | null;
  rows?: number;
  characterCount?: number;
  inputProps?: Partial<Omit<ComponentProps<"textarea">, "ref">> & { ref?: Ref<HTMLTextAreaElement> };
} & Omit<ComponentProps<"textarea">, "name" | "id" | "value" | "defaultValue" | "rows">) {
  return (
    <FieldChrome
      id={id}
      label={label}
      hint={hint}
      error={error}
      labelClassName={labelClassName}
      labelHeading={labelHeading}
      className={characterCount ? "nhsuk-character-count" : undefined}
      attributes={
        characterCount
          ? { "data-module": "nhsuk-character-count", "data-maxlength": characterCount }
          : undefined
      }
    >
      <textarea
        className={cls(
          "nhsuk-textarea",
          characterCount && "nhsuk-js-character-count",
          error && "nhsuk-textarea--error",
        )}
        id={id}
        name={name}
        rows={rows}
        defaultValue={value ?? undefined}
        aria-describedby={describedBy(
          hint && `${id}-hint`,
          error && `${id}-error`,
          characterCount && `${id}-info`,
        )}
        {...textarea}
        {...inputProps}
      />
      {characterCount ? (
        <Hint id={`${id}-info`} className="nhsuk-character-count__message">
          You can enter up to {formatCount(characterCount)} characters
        </Hint>
      ) : null}
    </FieldChrome>
  );
}

export function Select({
  name,
  id = name,
  label,
  hint,
  error,
  value,
  options,
  labelClassName,
  ...select
}: FieldProps & {
  value?: string | null;
  options: readonly { value: string; label: string }[];
} & Omit<ComponentProps<"select">, "name" | "id" | "value" | "defaultValue">) {
  return (
    <FieldChrome id={id} label={label} hint={hint} error={error} labelClassName={labelClassName}>
      <select
        className={cls("nhsuk-select", error && "nhsuk-select--error")}
        id={id}
        name={name}
        defaultValue={value ?? undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldChrome>
  );
}

export function FileUpload({
  name,
  id = name,
  label,
  hint,
  error,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "name" | "id">) {
  return (
    <FieldChrome id={id} label={label} hint={hint} error={error}>
      <input
        className={cls("nhsuk-file-upload", error && "nhsuk-file-upload--error")}
        id={id}
        name={name}
        type="file"
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        {...input}
      />
    </FieldChrome>
  );
}

interface FieldsetProps {
  /** The id errors and hints hang from: the first input's id, which the error summary links to. */
  id: string;
  legend: ReactNode;
  legendSize?: "s" | "m" | "l" | "xl";
  /** Wraps the legend in a heading, as the design system does for a question that heads its section. */
  legendHeading?: "h1" | "h2" | "h3";
  hint?: ReactNode;
  error?: string;
  /** Further ids the fieldset is described by (hints inside it). */
  describedByIds?: (string | false | undefined)[];
  children: ReactNode;
}

/** A fieldset in a form group, with legend, hint and error message. */
export function Fieldset({
  id,
  legend,
  legendSize = "m",
  legendHeading,
  hint,
  error,
  describedByIds = [],
  children,
}: FieldsetProps) {
  const Heading = legendHeading;
  return (
    <div className={cls("nhsuk-form-group", error && "nhsuk-form-group--error")}>
      <fieldset
        className="nhsuk-fieldset"
        aria-describedby={describedBy(hint && `${id}-hint`, ...describedByIds, error && `${id}-error`)}
      >
        <legend className={cls("nhsuk-fieldset__legend", `nhsuk-fieldset__legend--${legendSize}`)}>
          {Heading ? <Heading className="nhsuk-fieldset__heading">{legend}</Heading> : legend}
        </legend>
        {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
        <ErrorMessage id={id} message={error} />
        {children}
      </fieldset>
    </div>
  );
}

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

export interface DateValue {
  day?: string;
  month?: string;
  year?: string;
}

/** The design system's date input: three fields posted as `${name}-day`, `${name}-month`, `${name}-year`. */
export function DateInput({
  name,
  id = name,
  value = {},
  ...fieldset
}: Omit<FieldsetProps, "id" | "children"> & { name: string; id?: string; value?: DateValue }) {
  const parts = [
    { part: "day", label: "Day", width: 2 },
    { part: "month", label: "Month", width: 2 },
    { part: "year", label: "Year", width: 4 },
  ] as const;
  return (
    <Fieldset id={id} {...fieldset}>
      <div className="nhsuk-date-input" id={`${id}-date`}>
        {parts.map(({ part, label, width }, i) => {
          const inputId = i === 0 ? id : `${id}-${part}`;
          return (
            <div className="nhsuk-date-input__item" key={part}>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label nhsuk-date-input__label" htmlFor={inputId}>
                  {label}
                </label>
                <input
                  className={cls(
                    "nhsuk-input nhsuk-date-input__input",
                    `nhsuk-input--width-${width}`,
                    fieldset.error && "nhsuk-input--error",
                  )}
                  id={inputId}
                  name={`${name}-${part}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={value[part]}
                />
              </div>
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export function Button({
  children,
  secondary,
  ...props
}: ComponentProps<"button"> & { secondary?: boolean }) {
  return (
    <button
      className={`nhsuk-button${secondary ? " nhsuk-button--secondary" : ""}`}
      data-module="nhsuk-button"
      type="submit"
      {...props}
    >
      {children}
    </button>
  );
}
