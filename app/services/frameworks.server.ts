import { statusWords } from "../content/frameworks";
import type { FrameworkId } from "../frameworks/catalogue";
import { frameworkCsvRows, frameworkView } from "../frameworks/crosswalk";
import { loadAnswers } from "../models/answer.server";
import { getQuestionnaireVersion } from "../models/questionnaire.server";
import { assessmentSummary, loadAssessment } from "./assessment-context.server";

/**
 * An assessment seen through a framework (issue 23), for anyone who may see the assessment. The questionnaire
 * version is read again without the in-use shortcut: mappings may change in a used version (ADR 023), and on
 * PostgreSQL another server may have loaded them.
 */
export async function loadFrameworkView(
  request: Request,
  assessmentIdParam: string | undefined,
  framework: FrameworkId,
) {
  const ctx = await loadAssessment(request, assessmentIdParam, "organisation.view");
  const { db, assessment, careSetting } = ctx;
  const [questionnaire, answers] = await Promise.all([
    getQuestionnaireVersion(db, assessment.questionnaire_id, assessment.questionnaire_version).then(
      (q) => q ?? ctx.questionnaire,
    ),
    loadAnswers(db, assessment.id),
  ]);
  return {
    assessment,
    summary: assessmentSummary({ assessment, questionnaire }),
    view: frameworkView(framework, questionnaire, careSetting, answers),
  };
}

/** The view as a CSV file's name and rows, for the one CSV download response (app/csv.ts). */
export async function frameworkCsv(
  request: Request,
  assessmentIdParam: string | undefined,
  framework: FrameworkId,
) {
  const { assessment, view } = await loadFrameworkView(request, assessmentIdParam, framework);
  const subject = { odsCode: assessment.organisation_code, cycle: assessment.cycle };
  return {
    fileName: `${assessment.organisation_code}-${assessment.cycle.replace("/", "-")}-${assessment.questionnaire_id}-${framework}.csv`,
    rows: frameworkCsvRows(view, subject, statusWords),
  };
}
