import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportDetailTables, reportEvidenceTable, reportScoresTable } from "../report/tables";
import { loadSavedReport, planOfSavedReport } from "../services/saved-report.server";
import { xlsxDownload } from "../workbook/build.server";
import { tablesWorkbook } from "../workbook/tables.server";

/** The report as an Excel workbook: the CSV's figures, then explanations, answers, next steps and cited evidence. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const saved = await loadSavedReport(request, params.reportId);
  const { id, report, standing, evidence } = saved;
  const plan = await planOfSavedReport(saved);
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
