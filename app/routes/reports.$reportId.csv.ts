import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, csvRow } from "../csv";
import { reportScoresTable } from "../report/tables";
import { loadSavedReport, planOfSavedReport } from "../services/saved-report.server";

/**
 * The report's figures as CSV: one row per theme and one for overall (app/report/tables.ts, shared with the
 * Excel download), with what the disclosure rule lets the page show and nothing more, and the library evidence
 * each theme's answers cite, with its status on the day of the download (loadSavedReport).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const saved = await loadSavedReport(request, params.reportId);
  const { id, report, standing, evidence } = saved;
  const plan = await planOfSavedReport(saved);
  const table = reportScoresTable(report, standing.status, plan, evidence);
  return csvDownload(`report-${id}.csv`, [csvRow(table.columns), ...table.rows.map(csvRow)]);
}
