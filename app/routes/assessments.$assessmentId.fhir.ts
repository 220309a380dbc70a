import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadAssessment } from "../services/assessment-context.server";
import { fhirJson } from "../fhir/http.server";
import { assessmentResponse } from "../fhir/responses.server";

/** The assessment's QuestionnaireResponse as a download from its page: the same resource the API serves. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment } = await loadAssessment(request, params.assessmentId, "organisation.view");
  const { resource, version } = await assessmentResponse(db, assessment);
  return fhirJson(resource, { headers: { ETag: `W/"${version}"` } });
}
