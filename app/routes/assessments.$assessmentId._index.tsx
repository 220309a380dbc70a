import type { LoaderFunctionArgs } from "@remix-run/node";
import { FrameworkLinks } from "../components/framework-links";
import { Link, useLoaderData } from "@remix-run/react";
import { themeStatus } from "../assessment/answers";
import { loadAssessment } from "../services/assessment-context.server";
import { ConfirmationPanel, NotificationBanner } from "../components/notification-banner";
import { StatusTag } from "../components/status-tag";
import { pageTitle } from "../content";
import { workbookContent } from "../content/workbook";
import { listReviews, themeAssignments } from "../models/assessment.server";
import { loadAnswers } from "../models/answer.server";
import { themeActivity } from "../models/answer-history.server";
import { latestReportId } from "../models/report.server";
import { planContent } from "../content/plan";
import { validationOf } from "../models/validation.server";
import { formatDate, formatDateTime } from "../format";
import { organisationDeadline } from "../models/deadline.server";
import { deadlineContent } from "../content/notifications";
import { titled } from "../components/page-title";

export const handle = titled<typeof loader>((data) => pageTitle(data?.title ?? "Assessment"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment, questionnaire, careSetting, may } = await loadAssessment(
    request,
    params.assessmentId,
    "organisation.view",
  );
  const [answers, activity, assignments, reviews, reportId, validation, deadline] = await Promise.all([
    loadAnswers(db, assessment.id),
    themeActivity(db, assessment.id),
    themeAssignments(db, assessment.id),
    listReviews(db, assessment.id),
    latestReportId(db, assessment.id),
    validationOf(db, assessment.id),
    organisationDeadline(db, assessment.cycle, assessment.region_code),
  ]);
  const latest = reviews[0];
  const returnedNow = latest?.action === "returned" && assessment.status === "in-progress";
  const themes = questionnaire.themes.map((theme) => {
    const last = activity.get(theme.id);
    return {
      id: theme.id,
      title: theme.title,
      status: themeStatus(theme, careSetting, answers),
      assignee: assignments.get(theme.id)?.name ?? null,
      dueOn: assignments.get(theme.id)?.dueOn ?? null,
      lastEdit: last ? `${last.by ?? "Someone"}, ${formatDateTime(last.at)}` : null,
      boardComment: returnedNow ? Boolean(latest.theme_comments[theme.id]) : false,
      carried: theme.questions.filter((q) => answers.get(q.id)?.carriedForward).length,
    };
  });
  const carriedFrom = [...answers.values()].find((a) => a.carriedForward)?.carriedForward?.fromCycle ?? null;
  const done = new URL(request.url).searchParams;
  return {
    id: assessment.id,
    title: `${questionnaire.title} ${assessment.cycle}`,
    organisation: { odsCode: assessment.organisation_code, name: assessment.organisation_name },
    status: assessment.status,
    deadline: deadline && { ...deadline, label: deadlineContent.deadline(deadline) },
    reportId,
    themes,
    completed: themes.filter((t) => t.status === "completed").length,
    carried:
      carriedFrom && assessment.status === "in-progress"
        ? { from: carriedFrom, count: themes.reduce((n, t) => n + t.carried, 0) }
        : null,
    returned: returnedNow
      ? { by: latest.person_name, at: formatDateTime(latest.occurred_at), comment: latest.comment }
      : null,
    queried:
      validation.status === "queried"
        ? (validation.messages.filter((m) => m.from_role === "analyst").at(-1)?.body ?? "")
        : null,
    // What the person just did, after post/redirect/get: a confirmation for it.
    confirmation: (["submitted", "signed-off", "returned", "assigned"] as const).find(
      (key) => done.get(key) === "1",
    ),
    signedOff:
      latest?.action === "signed-off"
        ? { name: latest.signed_name, at: formatDateTime(latest.occurred_at), comment: latest.comment }
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
        {a.confirmation === "submitted" || a.confirmation === "signed-off" ? (
          <ConfirmationPanel
            heading={a.confirmation === "submitted" ? "Assessment submitted" : "Assessment signed off"}
          >
            {a.confirmation === "submitted"
              ? "Its report has been saved. The board can now sign it off or return it."
              : "The report is final for this cycle."}
          </ConfirmationPanel>
        ) : null}
        <span className="nhsuk-caption-l">{a.organisation.name}</span>
        {/* One h1 a page: after submission or sign-off, the confirmation panel's heading is the page's. */}
        {a.confirmation === "submitted" || a.confirmation === "signed-off" ? (
          <p className="nhsuk-heading-l">{a.title}</p>
        ) : (
          <h1>{a.title}</h1>
        )}
        <p>
          <StatusTag status={a.status} />
        </p>
        {a.deadline && a.status === "in-progress" ? (
          <p className="nhsuk-body" id="deadline">
            {a.deadline.label}
          </p>
        ) : null}
        {a.confirmation === "assigned" ? (
          <NotificationBanner success heading="Theme assignments saved" />
        ) : null}
        {a.confirmation === "returned" ? (
          <NotificationBanner success heading="Assessment returned">
            <p>The organisation can change its answers again. Your comments are shown to them.</p>
          </NotificationBanner>
        ) : null}
        {a.returned ? (
          <NotificationBanner heading="Returned by the board">
            <p>
              {a.returned.by} returned this assessment on {a.returned.at}: {a.returned.comment}
            </p>
            <p>Themes with a comment from the board are marked below; the comment is on the theme's page.</p>
          </NotificationBanner>
        ) : null}
        {a.queried !== null ? (
          <NotificationBanner heading="The regional team has a query">
            <p>{a.queried}</p>
            <p>
              <Link to={`/assessments/${a.id}/validation`}>Read the query and reply</Link>
            </p>
          </NotificationBanner>
        ) : null}
        {a.carried ? (
          <div className="nhsuk-inset-text" id="carried-forward">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              {a.carried.count} {a.carried.count === 1 ? "answer" : "answers"} from your {a.carried.from}{" "}
              assessment {a.carried.count === 1 ? "is" : "are"} filled in for you to confirm or change. Each
              theme below says how many it has, and its page marks them "Carried forward". They count as
              answered once someone saves them.
            </p>
          </div>
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
                  {t.dueOn ? `, due ${formatDate(t.dueOn)}` : ""}
                  {t.lastEdit ? `. Last edited by ${t.lastEdit}` : ""}
                  {t.boardComment ? ". The board commented on this theme" : ""}
                  {t.carried > 0
                    ? `. ${t.carried} ${t.carried === 1 ? "answer" : "answers"} carried forward to confirm or change`
                    : ""}
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
          {a.status !== "in-progress" && a.reportId ? (
            <li>
              <Link to={`/assessments/${a.id}/plan`}>{planContent.title}</Link>
            </li>
          ) : null}
          <li>
            <Link to={`/assessments/${a.id}/check`}>
              {a.status === "in-progress" ? "Check your answers and submit" : "Read all answers"}
            </Link>
          </li>
          <FrameworkLinks assessmentId={a.id} />
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
            <a href={`/assessments/${a.id}/workbook.xlsx`} download>
              {workbookContent.downloadLink}
            </a>
          </li>
          {a.may.edit ? (
            <li>
              <Link to={`/assessments/${a.id}/workbook`}>{workbookContent.uploadLink}</Link>
            </li>
          ) : null}
          <li>
            <a href={`/assessments/${a.id}/fhir`}>Answers as a FHIR QuestionnaireResponse (JSON)</a>
          </li>
        </ul>
      </div>
    </div>
  );
}
