import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportDetailTables, reportEvidenceTable, reportScoresTable } from "../report/tables";
import { getDb } from "../db.server";
import { planForReport } from "../services/plan.server";
import { loadSavedReport } from "../services/saved-report.server";
import { xlsxDownload } from "../workbook/build.server";
import { tablesWorkbook } from "../workbook/tables.server";

/** The report as an Excel workbook: the CSV's figures, then explanations, answers, next steps and cited evidence. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, report, standing, assessmentId, evidence } = await loadSavedReport(request, params.reportId);
  // The improvement plan made from this report, in its newest version (issue 22).
  const plan = await planForReport(
    getDb(),
    assessmentId,
    report.themes.map((t) => t.id),
  );
  const body = await tablesWorkbook(
    `Report ${id}: ${report.organisation.name}, ${report.assessment.cycle}`,
    [
      reportScoresTable(report, standing.status, plan, evidence),
      ...reportDetailTables(report),
      reportEvidenceTable(evidence),
    ],
    new Date(),
  );
  return xlsxDownload(`report-${id}.xlsx`, body);
}
