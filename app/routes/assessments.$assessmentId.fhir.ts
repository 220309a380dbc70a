import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportSubject, loadAssessment } from "../services/assessment-context.server";
import { toFhirQuestionnaireResponse } from "../assessment/export";
import { fhirJson, publicUrl } from "../fhir/http.server";
import { loadAnswers } from "../models/assessment.server";
import { answerVersion } from "../models/fhir.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment, questionnaire, careSetting } = await loadAssessment(
    request,
    params.assessmentId,
    "organisation.view",
  );
  const versionId = await answerVersion(db, assessment.id);
  const resource = toFhirQuestionnaireResponse(
    questionnaire,
    { ...exportSubject(assessment, careSetting), versionId },
    await loadAnswers(db, assessment.id),
    publicUrl(),
  );
  return fhirJson(resource, { headers: { ETag: `W/"${versionId}"` } });
}
