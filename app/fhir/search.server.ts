import { limits } from "../limits";
import { fhirError } from "./http.server";

/**
 * FHIR search plumbing: known parameters only (a strict server), searchset bundles, 405 for other verbs.
 * `_format` (checked by fhirRoute) and `_cursor` (a page link's, app/fhir/paging.ts) go with every search.
 */
export function searchParams(request: Request, allowed: string[]): URLSearchParams {
  const params = new URL(request.url).searchParams;
  for (const [key, value] of params) {
    if (value.length > limits.fhirSearchValueChars)
      throw fhirError(400, {
        code: "too-costly",
        diagnostics: `The value of "${key.slice(0, 60)}" is longer than ${limits.fhirSearchValueChars} characters.`,
      });
    if (key === "_format" || key === "_cursor" || allowed.includes(key)) continue;
    throw fhirError(400, {
      code: "not-supported",
      diagnostics: `The search parameter "${key.slice(0, 60)}" is not supported here (supported: ${allowed.join(", ")}).`,
    });
  }
  return params;
}

export function searchBundle(
  links: { relation: string; url: string }[],
  entries: { fullUrl: string; resource: unknown }[],
  total: number,
) {
  return {
    resourceType: "Bundle",
    type: "searchset",
    total,
    link: links,
    entry: entries.map((e) => ({ ...e, search: { mode: "match" } })),
  };
}

/** 405 for a method a FHIR endpoint does not take, with the ones it does in Allow. */
export function fhirMethodNotAllowed(allow = "GET") {
  return async ({ request }: { request: Request }) =>
    fhirError(
      405,
      {
        code: "not-supported",
        diagnostics: `${request.method.slice(0, 10)} is not supported here (${allow} is): see /fhir/metadata.`,
      },
      { Allow: allow },
    );
}

export type DatePrefix = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

/** An R4 date search value with its prefix, as the ISO range [from, to) it covers. */
export function dateRange(value: string): { prefix: DatePrefix; from: string; to: string } | null {
  const match = value.match(
    /^(eq|ne|gt|ge|lt|le)?(\d{4}(-\d{2}(-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?)$/,
  );
  if (!match) return null;
  const prefix = match[1] ?? "eq";
  const given = match[2]!;
  // The range the value covers: 2026 is all of 2026; a full timestamp is one instant.
  const start = new Date(
    given.length === 4
      ? `${given}-01-01T00:00:00Z`
      : given.length === 7
        ? `${given}-01T00:00:00Z`
        : given.length === 10
          ? `${given}T00:00:00Z`
          : given,
  );
  if (Number.isNaN(start.getTime())) return null;
  const end = new Date(start);
  if (given.length === 4) end.setUTCFullYear(end.getUTCFullYear() + 1);
  else if (given.length === 7) end.setUTCMonth(end.getUTCMonth() + 1);
  else if (given.length === 10) end.setUTCDate(end.getUTCDate() + 1);
  else end.setTime(end.getTime() + 1);
  return { prefix: prefix as DatePrefix, from: start.toISOString(), to: end.toISOString() };
}
