import type { ComponentProps, ReactNode, Ref } from "react";

/** The chrome every field shares: label, hint, error message, form group, fieldset. */

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

export const cls = (...names: (string | number | false | null | undefined)[]) =>
  names.filter(Boolean).join(" ");

export const describedBy = (...ids: (string | number | false | null | undefined)[]) =>
  ids.filter(Boolean).join(" ") || undefined;

export function Hint({ id, children, className }: { id: string; children: ReactNode; className?: string }) {
  return (
    <div className={cls("nhsuk-hint", className)} id={id}>
      {children}
    </div>
  );
}

export interface FieldProps {
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

export function FieldChrome({
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

export interface FieldsetProps {
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
