import type { LoaderFunctionArgs } from "@remix-run/node";
import { FrameworkLinks } from "../components/framework-links";
import { Link, useLoaderData } from "@remix-run/react";
import { PlanSummary } from "../components/plan/report-plan";
import { ReportView } from "../components/report-view";
import { getDb } from "../db.server";
import { scoreHistory } from "../models/report.server";
import { type Targets, trajectoryData } from "../report/chart-data";
import { content } from "../content";
import { formatDate } from "../format";
import { reportChart } from "../report/chart.server";
import { loadSavedReport, planOfSavedReport } from "../services/saved-report.server";
import { titled } from "../components/page-title";
import { ReportEvidence } from "../components/evidence/report-evidence";

export const handle = titled<typeof loader>(
  (data) =>
    `${data ? `${data.report.organisation.name} ${data.report.assessment.cycle}` : "Report"} – ${content.serviceName}`,
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const saved = await loadSavedReport(request, params.reportId);
  const [plan, history] = await Promise.all([
    planOfSavedReport(saved),
    scoreHistory(getDb(), saved.organisationCode, saved.report.questionnaire.id),
  ]);
  const targets: Targets = Object.fromEntries(plan?.themes.map((t) => [t.id, t.target]) ?? []);
  return {
    assessmentId: saved.assessmentId,
    plan,
    evidence: saved.evidence,
    targets,
    trajectory: trajectoryData(saved.report, history, targets),
    id: saved.id,
    report: saved.report,
    chart: await reportChart(saved.report, targets),
    createdAt: saved.createdAt,
    signOff: saved.signOff,
    standing: saved.standing,
  };
}

const date = formatDate;

export default function SavedReport() {
  const {
    id,
    report,
    chart,
    createdAt,
    signOff,
    standing,
    plan,
    assessmentId,
    targets,
    trajectory,
    evidence,
  } = useLoaderData<typeof loader>();
  return (
    <ReportView
      targets={targets}
      trajectory={trajectory}
      plan={
        <>
          <PlanSummary plan={plan} assessmentId={assessmentId} />
          <ReportEvidence evidence={evidence} />
        </>
      }
      report={report}
      chart={chart}
      status={
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          {standing.status === "returned" ? (
            <p>
              <strong className="nhsuk-tag nhsuk-tag--red">Returned</strong> Saved when the assessment was
              submitted on {date(createdAt)}. The board returned the assessment for changes, so this report
              was not signed off.{" "}
              {standing.supersededBy ? (
                <Link to={`/reports/${standing.supersededBy}`}>Read the report that replaced it</Link>
              ) : (
                content.reportReplacedLater
              )}
            </p>
          ) : (
            <p>
              Saved when the assessment was submitted on {date(createdAt)}. This report does not change.{" "}
              {signOff
                ? `Signed off by the board: ${signOff.name}, ${date(signOff.at)}.${signOff.comment ? ` “${signOff.comment}”` : ""}`
                : "Not signed off by the board yet."}
            </p>
          )}
        </div>
      }
      downloads={
        <ul className="nhsuk-list app-downloads">
          <li>
            <a href={`/reports/${id}/pdf`} download>
              Download as PDF
            </a>
          </li>
          <li>
            <a href={`/reports/${id}/csv`} download>
              Download the figures (CSV)
            </a>
          </li>
          <li>
            <a href={`/reports/${id}/xlsx`} download>
              Download the report (Excel: figures, answers and next steps)
            </a>
          </li>
          <li>
            <a href={`/reports/${id}/json`} download>
              Download the figures (JSON)
            </a>
          </li>
          <FrameworkLinks assessmentId={assessmentId} />
        </ul>
      }
    />
  );
}
