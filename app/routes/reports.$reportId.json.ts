import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { reportDownload } from "../report/download";
import { planForReport } from "../services/plan.server";
import { loadSavedReport } from "../services/saved-report.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const saved = await loadSavedReport(request, params.reportId);
  const plan = await planForReport(
    getDb(),
    saved.assessmentId,
    saved.report.themes.map((t) => t.id),
  );
  return new Response(reportDownload(saved.report, saved, plan, saved.evidence), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="report-${saved.id}.json"`,
    },
  });
}
