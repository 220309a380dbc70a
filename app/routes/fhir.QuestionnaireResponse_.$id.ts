import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { withApiCaller } from "../fhir/auth.server";
import { fhirJson, fhirRoute } from "../fhir/http.server";
import { assessmentResponse, readableAssessment } from "../fhir/responses.server";
import { fhirMethodNotAllowed } from "../fhir/search.server";

/** One assessment as a QuestionnaireResponse, with its answer version as ETag. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return fhirRoute(async () => {
    const db = getDb();
    return withApiCaller(db, request, context, async (caller) => {
      const assessment = await readableAssessment(db, caller, params.id);
      const { resource, versionId } = await assessmentResponse(db, assessment);
      return fhirJson(resource, { headers: { ETag: `W/"${versionId}"` } });
    });
  });
}

export const action = fhirMethodNotAllowed;
