import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportSubject, loadAssessment } from "../services/assessment-context.server";
import { answersCsv } from "../assessment/export";
import { csvDownload } from "../csv";
import { loadAnswers } from "../models/answer.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment, questionnaire, careSetting } = await loadAssessment(
    request,
    params.assessmentId,
    "organisation.view",
  );
  const rows = answersCsv(
    questionnaire,
    exportSubject(assessment, careSetting),
    await loadAnswers(db, assessment.id),
  );
  const file = `${assessment.organisation_code}-${assessment.cycle.replace("/", "-")}-${questionnaire.id}-answers.csv`;
  return csvDownload(file, rows);
}
