import type { LoaderFunctionArgs } from "@remix-run/node";
import { fhirError } from "../fhir/http.server";

/** Anything else under /fhir: an OperationOutcome, never the HTML 404 page. */
export async function loader({ params }: LoaderFunctionArgs) {
  return fhirError(404, {
    code: "not-supported",
    diagnostics: `/fhir/${String(params["*"]).slice(0, 100)} is not supported: see /fhir/metadata.`,
  });
}

export const action = loader;
