import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { themeAssignments } from "../models/assessment.server";
import { reportPdf } from "../report/pdf.server";
import { today } from "../services/plan.server";
import { loadSavedReport, planOfSavedReport } from "../services/saved-report.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const saved = await loadSavedReport(request, params.reportId);
  const [assignments, plan] = await Promise.all([
    themeAssignments(getDb(), saved.assessmentId),
    planOfSavedReport(saved),
  ]);
  const pdf = await reportPdf({
    report: saved.report,
    reportId: saved.id,
    createdAt: saved.createdAt,
    standing: saved.standing,
    signOff: saved.signOff,
    assignments: new Map([...assignments].map(([themeId, person]) => [themeId, person.name])),
    plan,
    today: today(),
    evidence: saved.evidence,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="report-${saved.id}-${saved.report.organisation.odsCode}-${saved.report.assessment.cycle.replace("/", "-")}.pdf"`,
    },
  });
}
