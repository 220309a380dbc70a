import { WarningCallout } from "../components/admin";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { themeStatus } from "../assessment/answers";
import { loadAssessment } from "../assessment/context.server";
import { StatusTag } from "../components/status-tag";
import { content } from "../content";
import { listReviews, loadAnswers, themeActivity, themeAssignments } from "../models/assessment.server";
import { latestReportId } from "../models/report.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? "Assessment"} – ${content.serviceName}` },
];

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/London",
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment, questionnaire, careSetting, may } = await loadAssessment(
    request,
    params.assessmentId,
    "organisation.view",
  );
  const [answers, activity, assignments, reviews, reportId] = await Promise.all([
    loadAnswers(db, assessment.id),
    themeActivity(db, assessment.id),
    themeAssignments(db, assessment.id),
    listReviews(db, assessment.id),
    latestReportId(db, assessment.id),
  ]);
  const themes = questionnaire.themes.map((theme) => {
    const last = activity.get(theme.id);
    return {
      id: theme.id,
      title: theme.title,
      status: themeStatus(theme, careSetting, answers),
      assignee: assignments.get(theme.id)?.name ?? null,
      lastEdit: last ? `${last.by ?? "Someone"}, ${when(last.at)}` : null,
    };
  });
  const latest = reviews[0];
  return {
    id: assessment.id,
    title: `${questionnaire.title} ${assessment.cycle}`,
    organisation: { odsCode: assessment.organisation_code, name: assessment.organisation_name },
    status: assessment.status,
    reportId,
    themes,
    completed: themes.filter((t) => t.status === "completed").length,
    returned:
      latest?.action === "returned" && assessment.status === "in-progress"
        ? { by: latest.person_name, at: when(latest.occurred_at), comment: latest.comment }
        : null,
    signedOff:
      latest?.action === "signed-off"
        ? { name: latest.signed_name, at: when(latest.occurred_at), comment: latest.comment }
        : null,
    may,
  };
}

export default function AssessmentOverview() {
  const a = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={`/organisations/${a.organisation.odsCode}`}>
          {a.organisation.name}
        </Link>
        <span className="nhsuk-caption-l">{a.organisation.name}</span>
        <h1>{a.title}</h1>
        <p>
          <StatusTag status={a.status} />
        </p>
        {a.returned ? (
          <WarningCallout heading={"Returned by the board"} level={2}>
            <p>
              {a.returned.by} returned this assessment on {a.returned.at}: {a.returned.comment}
            </p>
            <p>Comments on a theme are shown on that theme's page.</p>
          </WarningCallout>
        ) : null}
        {a.signedOff ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              Signed off by {a.signedOff.name} on {a.signedOff.at}.
              {a.signedOff.comment ? ` “${a.signedOff.comment}”` : ""}
            </p>
          </div>
        ) : null}
        <h2 className="nhsuk-heading-m">
          {a.completed} of {a.themes.length} themes completed
        </h2>
        <ul className="nhsuk-task-list">
          {a.themes.map((t) => (
            <li className="nhsuk-task-list__item nhsuk-task-list__item--with-link" key={t.id}>
              <div className="nhsuk-task-list__name-and-hint">
                <Link
                  className="nhsuk-task-list__link nhsuk-link"
                  to={`/assessments/${a.id}/themes/${t.id}`}
                  aria-describedby={`${t.id}-hint ${t.id}-status`}
                >
                  {t.title}
                </Link>
                <div className="nhsuk-task-list__hint" id={`${t.id}-hint`}>
                  {t.assignee ? `Assigned to ${t.assignee}` : "Not assigned"}
                  {t.lastEdit ? `. Last edited by ${t.lastEdit}` : ""}
                </div>
              </div>
              <div className="nhsuk-task-list__status" id={`${t.id}-status`}>
                {t.status === "completed" ? (
                  <strong className="nhsuk-tag nhsuk-tag--no-colour nhsuk-tag--no-border nhsuk-u-font-weight-normal">
                    Completed
                  </strong>
                ) : (
                  <StatusTag status={t.status} />
                )}
              </div>
            </li>
          ))}
        </ul>
        <ul className="nhsuk-list">
          {a.may.manage && a.status === "in-progress" ? (
            <li>
              <Link to={`/assessments/${a.id}/assign`}>Assign themes to people</Link>
            </li>
          ) : null}
          <li>
            <Link to={`/assessments/${a.id}/validation`}>Regional validation and queries</Link>
          </li>
          <li>
            {a.status !== "in-progress" && a.reportId ? (
              <Link to={`/reports/${a.reportId}`}>Report</Link>
            ) : (
              <Link to={`/assessments/${a.id}/report`}>Provisional report</Link>
            )}
          </li>
          <li>
            <Link to={`/assessments/${a.id}/check`}>
              {a.status === "in-progress" ? "Check your answers and submit" : "Read all answers"}
            </Link>
          </li>
          {a.may.signOff && a.status === "submitted" ? (
            <li>
              <Link to={`/assessments/${a.id}/review`}>Sign off or return this assessment</Link>
            </li>
          ) : null}
          <li>
            <a href={`/assessments/${a.id}/answers.csv`} download>
              Download answers (CSV)
            </a>
          </li>
          <li>
            <a href={`/assessments/${a.id}/fhir`}>Answers as a FHIR QuestionnaireResponse (JSON)</a>
          </li>
        </ul>
      </div>
    </div>
  );
}
