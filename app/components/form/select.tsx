import type { ComponentProps } from "react";
import { cls, describedBy, FieldChrome, type FieldProps } from "./field";

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
