import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportPdf } from "../report/pdf.server";
import { loadSavedReport } from "../report/saved.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const saved = await loadSavedReport(request, params.reportId);
  const pdf = await reportPdf(saved.report, saved.signOff);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="report-${saved.id}-${saved.report.organisation.odsCode}-${saved.report.assessment.cycle.replace("/", "-")}.pdf"`,
    },
  });
}
