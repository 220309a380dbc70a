import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportDownload } from "../report/download";
import { loadSavedReport, planOfSavedReport } from "../services/saved-report.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const saved = await loadSavedReport(request, params.reportId);
  const plan = await planOfSavedReport(saved);
  return new Response(reportDownload(saved.report, saved, plan, saved.evidence), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="report-${saved.id}.json"`,
    },
  });
}
