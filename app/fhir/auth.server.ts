import type { Db } from "../../db/database";
import { clientAddress } from "../auth/guard.server";
import { config } from "../config.server";
import {
  type ApiCaller,
  authenticateToken,
  recordTokenUse,
  takeFromBudget,
} from "../models/api-token.server";
import { fhirError } from "./http.server";

const unauthorised = (diagnostics: string) =>
  fhirError(401, { code: "login", diagnostics }, { "WWW-Authenticate": 'Bearer realm="fhir"' });

/**
 * Who is calling the FHIR API: a bearer token, never the session cookie (so a web page cannot be made to
 * call the API with a signed-in person's rights, and a token cannot open a web page). Rate-limited per token,
 * with the count in the database (takeFromBudget), so servers sharing a database share each budget.
 * Answers the token's caller, or throws a 401 / 429 OperationOutcome.
 */
export async function requireApiCaller(db: Db, request: Request): Promise<ApiCaller> {
  const header = request.headers.get("Authorization") ?? "";
  const match = header.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw unauthorised("Send an API token as 'Authorization: Bearer <token>'.");
  const caller = await authenticateToken(db, match[1]);
  if (caller === "unknown") throw unauthorised("The API token is not known.");
  if (caller === "revoked") throw unauthorised("The API token has been revoked.");
  if (caller === "expired") throw unauthorised("The API token has expired.");
  if (caller === "deactivated")
    throw unauthorised("The account that created this API token has been deactivated.");
  const budget = await takeFromBudget(db, caller.tokenId, config().FHIR_RATE_LIMIT_PER_MINUTE);
  if (!budget.ok) {
    await recordTokenUse(db, caller, {
      method: request.method,
      path: new URL(request.url).pathname,
      status: 429,
      address: null,
    });
    throw fhirError(
      429,
      { code: "throttled", diagnostics: "Too many requests with this token: wait, then try again." },
      { "Retry-After": String(budget.retryAfter) },
    );
  }
  return caller;
}

/**
 * Runs a token-authenticated FHIR handler and writes its use, whatever the answer, to the audit log.
 */
export async function withApiCaller(
  db: Db,
  request: Request,
  context: { clientAddress?: unknown },
  handler: (caller: ApiCaller) => Promise<Response>,
  details?: () => Record<string, unknown>,
): Promise<Response> {
  const caller = await requireApiCaller(db, request);
  let response: Response;
  try {
    response = await handler(caller);
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    response = error;
  }
  const url = new URL(request.url);
  await recordTokenUse(db, caller, {
    method: request.method,
    path: url.pathname + url.search,
    status: response.status,
    address: clientAddress(context),
    details: details?.(),
  });
  return response;
}
