import type { ComponentProps, ReactNode, Ref } from "react";
import { formatCount } from "../../format";
import { cls, describedBy, FieldChrome, type FieldProps, Hint, type InputProps } from "./field";

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
