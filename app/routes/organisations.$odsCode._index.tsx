import { evidenceContent } from "../content/evidence";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { authoriseOrganisation } from "../auth/guard.server";
import { Table } from "../components/table";
import { AssessmentNotices } from "../components/assessment-notices";
import { SummaryList } from "../components/summary-list";
import { StatusTag } from "../components/status-tag";
import { pageTitle } from "../content";
import { getDb } from "../db.server";
import { careSettingLabels, type CareSetting, groupingLabel } from "../domain/organisation";
import { can, type Role, roleLabels } from "../domain/roles";
import { assessmentNotices, listAssessments } from "../models/assessment.server";
import { listOrganisationPeople } from "../models/organisation.server";
import { formatDate, formatScore } from "../format";
import { cycleOf } from "../domain/cycle";
import { organisationDeadline } from "../models/deadline.server";
import { listSavedReports } from "../models/report.server";
import { titled } from "../components/page-title";

export const handle = titled<typeof loader>((data) => pageTitle(data?.organisation.name ?? "Organisation"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, viewer } = await authoriseOrganisation(
    request,
    params.odsCode ?? "",
    "organisation.view",
  );
  const db = getDb();
  const cycle = cycleOf(new Date());
  const [people, assessments, reports, notices, deadline] = await Promise.all([
    listOrganisationPeople(db, organisation.ods_code),
    listAssessments(db, organisation.ods_code),
    listSavedReports(db, organisation.ods_code),
    assessmentNotices(db, [organisation.ods_code]),
    organisationDeadline(db, cycle, organisation.region_code),
  ]);
  const scope = { organisation: { odsCode: organisation.ods_code, regionCode: organisation.region_code } };
  return {
    notices: notices.map(({ organisationCode: _, ...n }) => n),
    mayStart: can(viewer.grants, "assessment.manage", scope) && organisation.status === "active",
    reports: reports.map((r) => ({
      id: r.id,
      cycle: r.cycle,
      title: r.title,
      score: formatScore(r.overall_score),
      board:
        r.standing.status === "signed-off"
          ? "Signed off"
          : r.standing.status === "returned"
            ? r.standing.supersededBy
              ? "Returned, replaced by a later report"
              : "Returned for changes"
            : "Awaiting sign-off",
    })),
    assessments: assessments.map((a) => ({
      id: a.id,
      cycle: a.cycle,
      title: `${a.title} (version ${a.questionnaire_version})`,
      status: a.status,
    })),
    organisation: {
      odsCode: organisation.ods_code,
      name: organisation.name,
      careSetting: careSettingLabels[organisation.care_setting as CareSetting] ?? organisation.care_setting,
      region: organisation.region_code ? groupingLabel(organisation.region_code) : "Not recorded",
      icbCode: organisation.icb_code ?? "Not recorded",
      status: organisation.status === "active" ? "Open" : "Closed",
      deadline: deadline
        ? `${formatDate(deadline.dueOn)} for ${cycle}${deadline.scope === "national" ? "" : " (set by the region)"}`
        : null,
    },
    people: people.map((p) => ({ name: p.name, role: roleLabels[p.role as Role] ?? p.role })),
  };
}

export default function OrganisationPage() {
  const { organisation, people, assessments, reports, mayStart, notices } = useLoaderData<typeof loader>();
  const rows: [string, string][] = [
    ["ODS code", organisation.odsCode],
    ["Care setting", organisation.careSetting],
    ["NHS England region", organisation.region],
    ["Integrated care board code", organisation.icbCode],
    ["Status", organisation.status],
    ...(organisation.deadline ? [["Assessment deadline", organisation.deadline] as [string, string]] : []),
  ];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <AssessmentNotices notices={notices} />
        <span className="nhsuk-caption-l">Organisation</span>
        <h1>{organisation.name}</h1>
        <SummaryList rows={rows} />
        <h2>Assessments</h2>
        {assessments.length === 0 ? (
          <p>No assessments yet.</p>
        ) : (
          <Table
            caption="Assessments, newest cycle first"
            columns={["Cycle", "Questionnaire", "Status"]}
            rows={assessments.map((a) => [
              a.cycle,
              <Link key="link" to={`/assessments/${a.id}`}>
                {a.title}
              </Link>,
              <StatusTag key="status" status={a.status} />,
            ])}
          />
        )}
        {mayStart ? (
          <Link
            className="nhsuk-button"
            to={`/organisations/${organisation.odsCode}/assessments/new`}
            draggable={false}
          >
            Start an assessment
          </Link>
        ) : null}
        <h2>Saved reports</h2>
        {reports.length === 0 ? (
          <p>A report is saved each time an assessment is submitted.</p>
        ) : (
          <Table
            caption="Reports saved at submission, newest cycle first"
            columns={["Cycle", "Report", { header: "Overall score", numeric: true }, "Board"]}
            rows={reports.map((r) => [
              r.cycle,
              <Link key="link" to={`/reports/${r.id}`}>
                {r.title}
              </Link>,
              r.score,
              r.board,
            ])}
          />
        )}
        <h2>{evidenceContent.register}</h2>
        <p>
          <Link to={`/organisations/${organisation.odsCode}/evidence`}>
            {evidenceContent.libraryLink}: what {organisation.name} holds, its owners and review dates
          </Link>
        </p>
        <h2>People</h2>
        {people.length === 0 ? (
          <p>No one has a role in this organisation yet.</p>
        ) : (
          <Table
            caption="People and their roles"
            captionHidden
            columns={["Name", "Role"]}
            rows={people.map((p) => ({ key: `${p.name}-${p.role}`, cells: [p.name, p.role] }))}
          />
        )}
      </div>
    </div>
  );
}
