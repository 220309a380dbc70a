import type { LoaderFunctionArgs } from "@remix-run/node";
import { FrameworkLinks } from "../components/framework-links";
import { Link, useLoaderData } from "@remix-run/react";
import { loadAssessment } from "../services/assessment-context.server";
import { ReportView } from "../components/report-view";
import { content } from "../content";
import { currentReport, latestReportId } from "../models/report.server";
import { reportChart } from "../report/chart.server";
import { titled } from "../components/page-title";

export const handle = titled(() => `Provisional report – ${content.serviceName}`);

/** The report as the answers stand now. Saved reports (made at submission) live at /reports/ID. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment, questionnaire } = await loadAssessment(
    request,
    params.assessmentId,
    "organisation.view",
  );
  const savedId = await latestReportId(db, assessment.id);
  const report = await currentReport(db, assessment, questionnaire);
  return {
    report,
    chart: await reportChart(report),
    open: assessment.status === "in-progress",
    savedId,
  };
}

export default function ProvisionalReport() {
  const { report, chart, open, savedId } = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to={`/assessments/${report.assessment.id}`}>
        Back to the assessment
      </Link>
      <ReportView
        report={report}
        chart={chart}
        status={
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              <strong className="nhsuk-tag nhsuk-tag--orange">Provisional</strong>{" "}
              {open
                ? "The assessment is still being filled in. These scores will change as answers change."
                : "This is worked out from the answers as they are now."}
              {savedId ? (
                <>
                  {" "}
                  <Link to={`/reports/${savedId}`}>Read the report saved at submission</Link>.
                </>
              ) : null}
            </p>
          </div>
        }
        downloads={
          <ul className="nhsuk-list app-downloads">
            <FrameworkLinks assessmentId={report.assessment.id} />
          </ul>
        }
      />
    </>
  );
}
