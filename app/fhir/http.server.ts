import { config } from "../config.server";
import { asStorageFault } from "../storage.server";

/** FHIR over HTTP: the one content type, OperationOutcome errors, and the published base URL. */
export const fhirContentType = "application/fhir+json; charset=utf-8";

/** Where FHIR resources live and what canonical URLs are built on: PUBLIC_URL, never the request's Host. */
export const publicUrl = () => config().PUBLIC_URL;
export const fhirBase = () => `${publicUrl()}/fhir`;

export function fhirJson(resource: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", fhirContentType);
  return new Response(JSON.stringify(resource, null, 2), { ...init, headers });
}

export type IssueCode =
  | "invalid"
  | "structure"
  | "required"
  | "value"
  | "not-found"
  | "not-supported"
  | "conflict"
  | "forbidden"
  | "login"
  | "security"
  | "throttled"
  | "too-costly"
  | "processing"
  | "transient";

export interface Issue {
  code: IssueCode;
  diagnostics: string;
  /** FHIRPath-like location in the submitted resource, when there is one. */
  expression?: string;
  severity?: "error" | "warning" | "information";
}

export function operationOutcome(issues: Issue[]) {
  return {
    resourceType: "OperationOutcome",
    issue: issues.map(({ severity = "error", code, diagnostics, expression }) => ({
      severity,
      code,
      diagnostics,
      ...(expression ? { expression: [expression] } : {}),
    })),
  };
}

/** An error answer: an OperationOutcome with the status (thrown by FHIR routes, returned as is). */
export function fhirError(status: number, issues: Issue | Issue[], headers: HeadersInit = {}): Response {
  return fhirJson(operationOutcome([issues].flat()), { status, headers });
}

const isDataWithInit = (e: unknown): e is { data: unknown; init: ResponseInit | null } =>
  typeof e === "object" && e !== null && (e as { type?: unknown }).type === "DataWithResponseInit";

const jsonFormats = ["json", "application/json", "application/fhir+json", "application/json+fhir"];

/**
 * JSON is the one format served. `_format` asking for anything else, or an Accept header that takes none of
 * the JSON types (nor a wildcard), is answered 406, as an OperationOutcome in JSON, rather than JSON that a
 * client asked not to get.
 */
export function unacceptable(request: Request): Response | null {
  const url = new URL(request.url);
  const format = url.searchParams.get("_format");
  const refuse = (asked: string) =>
    fhirError(406, {
      code: "not-supported",
      diagnostics: `Only JSON is served (application/fhir+json), not ${asked.slice(0, 60)}.`,
    });
  if (format !== null && !jsonFormats.includes(format.split(";")[0]!.trim().toLowerCase()))
    return refuse(format);
  const accept = request.headers.get("Accept");
  if (!accept?.trim()) return null;
  const takes = accept.split(",").some((range) => {
    const [type = "", ...parameters] = range.split(";").map((p) => p.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith("q="));
    if (q && !(Number(q.slice(2)) > 0)) return false;
    return type === "*/*" || type === "application/*" || jsonFormats.includes(type);
  });
  return takes ? null : refuse(accept);
}

/** A read's ETag (W/"version"), and 304 when the client's If-None-Match already names that version. */
export function conditionalRead(request: Request, version: number | string, lastModified: string) {
  const etag = `W/"${version}"`;
  const headers = { ETag: etag, "Last-Modified": new Date(lastModified).toUTCString() };
  const given = request.headers.get("If-None-Match");
  const matches = (given ?? "")
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === `"${version}"`);
  return { headers, notModified: matches ? new Response(null, { status: 304, headers }) : null };
}

/**
 * Wraps a FHIR route: the format is checked first (406), and anything thrown becomes an OperationOutcome,
 * never an HTML page or a 500 body.
 */
export async function fhirRoute(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    const refused = unacceptable(request);
    if (refused) return refused;
    return await handler();
  } catch (error) {
    if (error instanceof Response) {
      if ((error.headers.get("Content-Type") ?? "").startsWith("application/fhir+json")) return error;
      const code: IssueCode =
        error.status === 404
          ? "not-found"
          : error.status === 403
            ? "forbidden"
            : error.status === 401
              ? "login"
              : "invalid";
      return fhirError(error.status >= 400 ? error.status : 400, { code, diagnostics: await error.text() });
    }
    // `data(message, { status })`, as the shared body reader and guards throw it.
    if (isDataWithInit(error)) {
      const status = error.init?.status ?? 500;
      if (status >= 400 && status < 500)
        return fhirError(status, {
          code: status === 413 ? "too-costly" : status === 403 ? "forbidden" : "invalid",
          diagnostics: typeof error.data === "string" ? error.data : "The request was refused.",
        });
    }
    // The disk full, the database read-only or locked too long: the service's fault, said as a 503.
    if (asStorageFault(error))
      return fhirError(
        503,
        {
          code: "transient",
          diagnostics: "The service cannot store anything just now: nothing was saved. Try again shortly.",
        },
        { "Retry-After": "30" },
      );
    console.error(error);
    return fhirError(500, { code: "processing", diagnostics: "The server could not process the request." });
  }
}
