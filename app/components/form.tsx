import { Form as RemixForm, useRouteLoaderData } from "@remix-run/react";
import type { ComponentProps, ReactNode } from "react";
import type { loader as rootLoader } from "../root";

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

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Renders the label as the page heading, as the design system does for one-question pages. */
  labelClassName?: string;
}

function describedBy(name: string, hint: unknown, error: unknown) {
  return (
    [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined
  );
}

function FieldChrome({
  name,
  label,
  hint,
  error,
  labelClassName,
  children,
}: FieldProps & { children: ReactNode }) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className={`nhsuk-label${labelClassName ? ` ${labelClassName}` : ""}`} htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={name} message={error} />
      {children}
    </div>
  );
}

export function TextInput({
  name,
  label,
  hint,
  error,
  labelClassName,
  className,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "name">) {
  return (
    <FieldChrome name={name} label={label} hint={hint} error={error} labelClassName={labelClassName}>
      <input
        className={`nhsuk-input${error ? " nhsuk-input--error" : ""}${className ? ` ${className}` : ""}`}
        id={name}
        name={name}
        type="text"
        aria-describedby={describedBy(name, hint, error)}
        {...input}
      />
    </FieldChrome>
  );
}

export function Select({
  name,
  label,
  hint,
  error,
  options,
  ...select
}: FieldProps & { options: readonly { value: string; label: string }[] } & Omit<
    ComponentProps<"select">,
    "name"
  >) {
  return (
    <FieldChrome name={name} label={label} hint={hint} error={error}>
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={name}
        name={name}
        aria-describedby={describedBy(name, hint, error)}
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
  label,
  hint,
  error,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "name">) {
  return (
    <FieldChrome name={name} label={label} hint={hint} error={error}>
      <input
        className={`nhsuk-file-upload${error ? " nhsuk-file-upload--error" : ""}`}
        id={name}
        name={name}
        type="file"
        aria-describedby={describedBy(name, hint, error)}
        {...input}
      />
    </FieldChrome>
  );
}

/** A single yes/no checkbox, in the design system's checkboxes markup. */
export function Checkbox({ name, label, hint }: { name: string; label: ReactNode; hint?: ReactNode }) {
  return (
    <div className="nhsuk-form-group">
      <div className="nhsuk-checkboxes" data-module="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={name}
            name={name}
            type="checkbox"
            value="yes"
            aria-describedby={hint ? `${name}-hint` : undefined}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={name}>
            {label}
          </label>
          {hint ? (
            <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${name}-hint`}>
              {hint}
            </div>
          ) : null}
        </div>
      </div>
    </div>
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
