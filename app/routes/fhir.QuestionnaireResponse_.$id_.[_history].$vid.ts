import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { withApiCaller } from "../fhir/auth.server";
import { responseVersion } from "../fhir/history.server";
import { conditionalRead, fhirJson, fhirRoute } from "../fhir/http.server";
import { readableAssessment } from "../fhir/responses.server";
import { fhirMethodNotAllowed } from "../fhir/search.server";

/** GET /fhir/QuestionnaireResponse/{id}/_history/{vid} (vread): that version as it was. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return fhirRoute(request, async () => {
    const db = getDb();
    return withApiCaller(db, request, context, async (caller) => {
      const assessment = await readableAssessment(db, caller, params.id);
      const { version, resource } = await responseVersion(db, assessment, params.vid);
      const read = conditionalRead(request, version.version, version.lastUpdated);
      return read.notModified ?? fhirJson(resource, { headers: read.headers });
    });
  });
}

export const action = fhirMethodNotAllowed("GET");
