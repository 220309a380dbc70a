import { z } from "zod";

/**
 * Route parameters parsed strictly: an id is decimal digits with no leading zero and nothing else (`Number()`
 * would read "0x8E" as 142, " 1 " and "1.0" as 1; a zero in front would give one thing two addresses), and a
 * code is looked up only among a table's own keys (`in` would find "constructor" and "__proto__"). Every route
 * that takes an id, and every form field that names one, goes through `parseId`.
 */
export function parseId(param: string | undefined): number | null {
  if (param === undefined || !/^[1-9][0-9]{0,14}$/.test(param)) return null;
  return Number(param);
}

/** An id posted in a form field, by the same rule. */
export const idField = z.string().transform((value, ctx) => {
  const id = parseId(value);
  if (id === null) {
    ctx.addIssue({ code: "custom", message: "Not an id" });
    return z.NEVER;
  }
  return id;
});

export function isOwnKey<T extends object>(
  table: T,
  key: string | null | undefined,
): key is Extract<keyof T, string> {
  return typeof key === "string" && Object.hasOwn(table, key);
}
