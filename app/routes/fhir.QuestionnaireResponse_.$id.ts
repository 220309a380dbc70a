import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { withApiCaller } from "../fhir/auth.server";
import { conditionalRead, fhirJson, fhirRoute } from "../fhir/http.server";
import { assessmentResponse, readableAssessment } from "../fhir/responses.server";
import { fhirMethodNotAllowed } from "../fhir/search.server";

/** One assessment as a QuestionnaireResponse, its version as ETag; 304 for a client that has that version. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return fhirRoute(request, async () => {
    const db = getDb();
    return withApiCaller(db, request, context, async (caller) => {
      const assessment = await readableAssessment(db, caller, params.id);
      const read = conditionalRead(request, assessment.version, assessment.last_updated);
      if (read.notModified) return read.notModified;
      const { resource } = await assessmentResponse(db, assessment);
      return fhirJson(resource, { headers: read.headers });
    });
  });
}

/** No update (PUT), patch or delete: answers are imported with POST /fhir/QuestionnaireResponse. */
export const action = fhirMethodNotAllowed("GET");
