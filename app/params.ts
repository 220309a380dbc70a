/**
 * Route parameters parsed strictly: an id is decimal digits and nothing else (`Number()` would read
 * "0x8E" as 142 and " 1 " as 1), and a code is looked up only among a table's own keys (`in` would find
 * "constructor" and "__proto__").
 */
export function parseId(param: string | undefined): number | null {
  if (param === undefined || !/^[0-9]{1,15}$/.test(param)) return null;
  const id = Number(param);
  return id > 0 ? id : null;
}

export function isOwnKey<T extends object>(
  table: T,
  key: string | null | undefined,
): key is Extract<keyof T, string> {
  return typeof key === "string" && Object.hasOwn(table, key);
}
