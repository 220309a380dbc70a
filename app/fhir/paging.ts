import { z } from "zod";
import { limits } from "../limits";
import { fhirBase, fhirError } from "./http.server";

/**
 * FHIR paging, the same for every search and history: `_count` entries a page (50 by default; more than
 * limits.fhirPageMax is served that many at a time), in a stable order with a unique last key, and links
 * built on PUBLIC_URL (never the request's Host). A page link carries a keyset cursor (`_cursor`: after or
 * before the key of an entry), not an offset, so it keeps working while resources change: an entry that
 * changes moves to its new place in the order instead of shifting every later entry onto another page.
 */
export type Key = (string | number)[];
export interface Cursor {
  direction: "after" | "before";
  key: Key;
}

const KeyPart = z.union([z.string().max(100), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]);
const CursorJson = z.union([
  z.strictObject({ a: z.array(KeyPart).min(1).max(3) }),
  z.strictObject({ b: z.array(KeyPart).min(1).max(3) }),
]);

const badRequest = (diagnostics: string) => fhirError(400, { code: "invalid", diagnostics });

export function encodeCursor({ direction, key }: Cursor): string {
  return Buffer.from(JSON.stringify(direction === "after" ? { a: key } : { b: key })).toString("base64url");
}

/** `_count` and `_cursor` from a search's parameters; the cursor's key must have the shape `keySchema` says. */
export function pageRequest<K extends Key>(
  params: URLSearchParams,
  keySchema: z.ZodType<K>,
): { count: number; cursor: { direction: Cursor["direction"]; key: K } | null } {
  const countParam = params.get("_count");
  const count = countParam === null ? limits.fhirPageDefault : Number(countParam);
  if (countParam !== null && (!/^\d{1,9}$/.test(countParam) || !Number.isInteger(count)))
    throw badRequest(
      `_count must be a whole number from 0 (at most ${limits.fhirPageMax} are served a page).`,
    );
  const value = params.get("_cursor");
  if (value === null) return { count: Math.min(count, limits.fhirPageMax), cursor: null };
  const invalid = () =>
    badRequest("_cursor is not one this service gave out: follow the Bundle's links as they are.");
  if (value.length > limits.fhirCursorChars || !/^[A-Za-z0-9_-]+$/.test(value)) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const parsed = CursorJson.safeParse(json);
  if (!parsed.success) throw invalid();
  const [direction, raw] =
    "a" in parsed.data ? (["after", parsed.data.a] as const) : (["before", parsed.data.b] as const);
  const key = keySchema.safeParse(raw);
  if (!key.success) throw invalid();
  return { count: Math.min(count, limits.fhirPageMax), cursor: { direction, key: key.data } };
}

/** Compares two keys part by part, as the order of a search compares them. */
export function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export interface Page<T> {
  items: T[];
  hasNext: boolean;
  hasPrevious: boolean;
}

/** One page of a list already in its search order (a small, fixed list, such as the Questionnaires). */
export function pageOfList<T>(
  sorted: T[],
  keyOf: (item: T) => Key,
  { count, cursor }: { count: number; cursor: Cursor | null },
): Page<T> {
  let start = 0;
  let end: number;
  if (cursor?.direction === "before") {
    end = sorted.findIndex((item) => compareKeys(keyOf(item), cursor.key) >= 0);
    if (end === -1) end = sorted.length;
    start = Math.max(0, end - count);
  } else {
    if (cursor) {
      start = sorted.findIndex((item) => compareKeys(keyOf(item), cursor.key) > 0);
      if (start === -1) start = sorted.length;
    }
    end = Math.min(sorted.length, start + count);
  }
  return { items: sorted.slice(start, end), hasNext: end < sorted.length, hasPrevious: start > 0 };
}

/**
 * A Bundle's links, absolute on the published base: self (the request as asked), first, and next and
 * previous where there is such a page. `path` is the part after /fhir/.
 */
export function pageLinks<T>(
  path: string,
  params: URLSearchParams,
  count: number,
  page: Page<T>,
  keyOf: (item: T) => Key,
) {
  const base = `${fhirBase()}/${path}`;
  const url = (cursor?: Cursor) => {
    const next = new URLSearchParams([...params].filter(([name]) => name !== "_cursor" && name !== "_count"));
    next.set("_count", String(count));
    if (cursor) next.set("_cursor", encodeCursor(cursor));
    return `${base}?${next}`;
  };
  const query = params.toString();
  const links = [
    { relation: "self", url: query ? `${base}?${query}` : base },
    { relation: "first", url: url() },
  ];
  const first = page.items[0];
  const last = page.items.at(-1);
  if (page.hasPrevious && first !== undefined)
    links.push({ relation: "previous", url: url({ direction: "before", key: keyOf(first) }) });
  if (page.hasNext && last !== undefined)
    links.push({ relation: "next", url: url({ direction: "after", key: keyOf(last) }) });
  return links;
}
