import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, csvRow } from "../csv";
import { reportScoresTable } from "../report/tables";
import { getDb } from "../db.server";
import { planForReport } from "../services/plan.server";
import { loadSavedReport } from "../services/saved-report.server";

/**
 * The report's figures as CSV: one row per theme and one for overall (app/report/tables.ts, shared with the
 * Excel download), with what the disclosure rule lets the page show and nothing more, and the library evidence
 * each theme's answers cite, with its status on the day of the download (loadSavedReport).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, report, standing, assessmentId, evidence } = await loadSavedReport(request, params.reportId);
  // The improvement plan made from this report, in its newest version (issue 22).
  const plan = await planForReport(
    getDb(),
    assessmentId,
    report.themes.map((t) => t.id),
  );
  const table = reportScoresTable(report, standing.status, plan, evidence);
  return csvDownload(`report-${id}.csv`, [csvRow(table.columns), ...table.rows.map(csvRow)]);
}
