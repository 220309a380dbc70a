import { fhirError } from "./http.server";

/** FHIR search plumbing: known parameters only (a strict server), searchset bundles, 405 for other verbs. */
export function searchParams(request: Request, allowed: string[]): URLSearchParams {
  const params = new URL(request.url).searchParams;
  for (const key of params.keys()) {
    if (key === "_format" || allowed.includes(key)) continue;
    throw fhirError(400, {
      code: "not-supported",
      diagnostics: `The search parameter "${key.slice(0, 60)}" is not supported here (supported: ${allowed.join(", ")}).`,
    });
  }
  return params;
}

export function searchBundle(
  request: Request,
  entries: { fullUrl: string; resource: unknown }[],
  total: number,
) {
  return {
    resourceType: "Bundle",
    type: "searchset",
    total,
    link: [{ relation: "self", url: new URL(request.url).search || "?" }],
    entry: entries.map((e) => ({ ...e, search: { mode: "match" } })),
  };
}

export async function fhirMethodNotAllowed({ request }: { request: Request }) {
  return fhirError(405, {
    code: "not-supported",
    diagnostics: `${request.method} is not supported here: see /fhir/metadata.`,
  });
}

/** An R4 date search value with its prefix, as an ISO range comparison on text timestamps. */
export function dateMatcher(value: string): ((at: string) => boolean) | null {
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
  const from = start.toISOString();
  const to = end.toISOString();
  return (at: string) => {
    switch (prefix) {
      case "eq":
        return at >= from && at < to;
      case "ne":
        return at < from || at >= to;
      case "gt":
        return at >= to;
      case "ge":
        return at >= from;
      case "lt":
        return at < from;
      default:
        return at < to;
    }
  };
}
