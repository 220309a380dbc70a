import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { withApiCaller } from "../fhir/auth.server";
import { responseHistory } from "../fhir/history.server";
import { fhirJson, fhirRoute } from "../fhir/http.server";
import { readableAssessment } from "../fhir/responses.server";
import { fhirMethodNotAllowed, searchParams } from "../fhir/search.server";

/** GET /fhir/QuestionnaireResponse/{id}/_history: every version, newest first, in pages. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return fhirRoute(request, async () => {
    const db = getDb();
    return withApiCaller(db, request, context, async (caller) => {
      const query = searchParams(request, ["_count"]);
      const assessment = await readableAssessment(db, caller, params.id);
      return fhirJson(await responseHistory(db, assessment, query));
    });
  });
}

export const action = fhirMethodNotAllowed("GET");
