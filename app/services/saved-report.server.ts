import { authoriseOrganisation, notFound, requireViewer } from "../auth/guard.server";
import { getDb } from "../db.server";
import { dayOf } from "../domain/dates";
import { evidenceLimits } from "../limits";
import { citationsOf } from "../models/evidence-citation.server";
import { getSavedReport } from "../models/report.server";
import { parseId } from "../params";
import { reportEvidence } from "../report/evidence";
import { planForReport } from "./plan.server";

/**
 * A saved report, for someone who may see its organisation (others get 404), with the library evidence its
 * answers cite and each item's status today: the one place the report's page, PDF, CSV, JSON and Excel get
 * their evidence from (app/report/evidence.ts says why today's status).
 */
export async function loadSavedReport(request: Request, reportIdParam: string | undefined, now = new Date()) {
  // Signed-out visitors go to sign-in for every id, so the answer does not say which reports exist.
  await requireViewer(request);
  const id = parseId(reportIdParam);
  if (id === null) throw notFound();
  const saved = await getSavedReport(getDb(), id);
  if (!saved) throw notFound();
  await authoriseOrganisation(request, saved.organisationCode, "organisation.view");
  const citations = await citationsOf(getDb(), saved.assessmentId);
  return {
    ...saved,
    evidence: reportEvidence(saved.report, citations, dayOf(now), evidenceLimits.dueWindowDays),
  };
}

/**
 * The improvement plan made from a saved report's assessment, in its newest version (issue 22): what the
 * report's page and each of its downloads show beside it.
 */
export function planOfSavedReport(saved: {
  assessmentId: number;
  report: { themes: readonly { id: string }[] };
}) {
  return planForReport(
    getDb(),
    saved.assessmentId,
    saved.report.themes.map((t) => t.id),
  );
}
