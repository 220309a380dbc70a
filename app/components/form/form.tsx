import { Form as RemixForm } from "@remix-run/react";
import type { ComponentProps } from "react";
import { useRootData } from "../../root-data";

/** The session's cross-site request forgery token, as a hidden field every state-changing form carries. */
export function CsrfField() {
  const data = useRootData();
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
