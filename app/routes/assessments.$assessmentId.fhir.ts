import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportSubject, loadAssessment } from "../assessment/context.server";
import { toFhirQuestionnaireResponse } from "../assessment/export";
import { loadAnswers } from "../models/assessment.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment, questionnaire, careSetting } = await loadAssessment(
    request,
    params.assessmentId,
    "organisation.view",
  );
  const resource = toFhirQuestionnaireResponse(
    questionnaire,
    exportSubject(assessment, careSetting),
    await loadAnswers(db, assessment.id),
    new URL(request.url).origin,
  );
  return new Response(JSON.stringify(resource, null, 2), {
    headers: { "Content-Type": "application/fhir+json; charset=utf-8" },
  });
}
