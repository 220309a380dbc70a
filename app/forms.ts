import type { z } from "zod";

/** Field id → first message: the shape the NHS error summary and field error messages take. */
export type FieldErrors = Partial<Record<string, string>>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    // An item of a list (one ODS code of several) is reported on the list's field, which the page shows.
    const path = issue.path.filter((p) => typeof p !== "number");
    const key = path.length > 0 ? path.join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Form data as a plain object of strings (repeated names become arrays), files left out. Linear in the fields. */
export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of formData) {
    if (typeof value !== "string" || key === "csrf") continue;
    const existing = values[key];
    if (existing === undefined) values[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else values[key] = [existing, value];
  }
  return values;
}

/** What was posted, as text fields only (one value a name), to show again in a form after a 400. */
export function textValues(values: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, Array.isArray(value) ? value.join("\n") : value]),
  );
}
