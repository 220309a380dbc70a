import { statusWords } from "../content/frameworks";
import type { FrameworkId } from "../frameworks/catalogue";
import { frameworkCsvRows, frameworkView, type Library, type LibraryRef } from "../frameworks/crosswalk";
import { loadAnswers } from "../models/answer.server";
import { taggedEvidence } from "../models/evidence.server";
import { citationsOf } from "../models/evidence-citation.server";
import { itemPath, statusOn } from "./evidence.server";
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
  const [questionnaire, answers, cited, tagged] = await Promise.all([
    getQuestionnaireVersion(db, assessment.questionnaire_id, assessment.questionnaire_version).then(
      (q) => q ?? ctx.questionnaire,
    ),
    loadAnswers(db, assessment.id),
    citationsOf(db, assessment.id),
    taggedEvidence(db, assessment.organisation_code),
  ]);
  // The evidence library beside the answers: what each answer cites, and what the organisation holds
  // tagged with each outcome (issue 23: "what do we hold for B4.a?").
  const now = new Date();
  const ref = (item: { id: number; title: string; reviewBy: string }) => ({
    title: item.title,
    href: itemPath(assessment.organisation_code, item.id),
    reviewBy: item.reviewBy,
    status: statusOn(item.reviewBy, now),
  });
  const library: Library = { cited: {}, tagged: {} };
  const add = (into: Record<string, LibraryRef[]>, key: string, item: LibraryRef) => {
    into[key] = [...(into[key] ?? []), item];
  };
  for (const c of cited)
    if (!c.deletedAt)
      add(library.cited, c.questionId, ref({ id: c.itemId, title: c.title, reviewBy: c.reviewBy }));
  const prefix = framework === "wgll" ? "wgll:" : "";
  for (const t of tagged) {
    if ((framework === "wgll") !== t.outcome_code.startsWith("wgll:")) continue;
    add(
      library.tagged,
      t.outcome_code.slice(prefix.length),
      ref({ id: t.id, title: t.title, reviewBy: t.review_by }),
    );
  }
  return {
    assessment,
    summary: assessmentSummary({ assessment, questionnaire }),
    view: frameworkView(framework, questionnaire, careSetting, answers),
    library,
  };
}

/** The view as a CSV file's name and rows (with the library beside it), for the one CSV download response (app/csv.ts). */
export async function frameworkCsv(
  request: Request,
  assessmentIdParam: string | undefined,
  framework: FrameworkId,
) {
  const { assessment, view, library } = await loadFrameworkView(request, assessmentIdParam, framework);
  const subject = { odsCode: assessment.organisation_code, cycle: assessment.cycle };
  return {
    fileName: `${assessment.organisation_code}-${assessment.cycle.replace("/", "-")}-${assessment.questionnaire_id}-${framework}.csv`,
    rows: frameworkCsvRows(view, subject, statusWords, library),
  };
}
