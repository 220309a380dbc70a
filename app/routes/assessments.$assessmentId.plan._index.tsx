import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AssessmentHeader } from "../components/assessment-header";
import { Button, Form } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { Table } from "../components/table";
import { pageTitle } from "../content";
import { planContent } from "../content/plan";
import { formatDate, formatScore } from "../format";
import { formValues } from "../forms";
import { readForm } from "../forms.server";
import { startPlan, submitPlan } from "../models/plan.server";
import { actionStatusLabels, gapTo, isOverdue, planStatusLabels } from "../plan/plan";
import { assessmentSummary } from "../services/assessment-context.server";
import { loadPlan, today } from "../services/plan.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle(planContent.title));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const p = await loadPlan(request, params.assessmentId);
  const day = today();
  const targetOf = (themeId: string) => p.targets.find((t) => t.themeId === themeId);
  return {
    assessment: assessmentSummary(p),
    reportId: p.reportId,
    canStart: p.reportId !== null && p.assessment.status !== "in-progress",
    plan: p.plan && {
      status: p.plan.status,
      version: p.plan.version,
      revision: p.plan.revision,
    },
    themes: (p.report?.themes ?? []).map((t) => ({
      id: t.id,
      title: t.title,
      level: t.level,
      target: targetOf(t.id)?.target ?? null,
      reason: targetOf(t.id)?.reason ?? "",
      gap: gapTo(targetOf(t.id)?.target ?? null, t.level),
      steps: t.nextSteps.slice(0, 3).map((s, index) => ({
        index,
        text: s.questions.map((q) => `Reach “${q.next}”: ${q.question}`).join("; "),
      })),
    })),
    actions: p.actions.map((a) => ({
      id: a.id,
      themeId: a.themeId,
      title: a.title,
      owner: a.owner,
      due: a.due,
      status: a.status,
      overdue: isOverdue(a, day),
      mayUpdate: p.may.progress(a),
      notes: p.notes
        .filter((n) => n.action_id === a.id)
        .map((n) => ({ id: n.id, body: n.body, at: n.created_at, by: n.person_name ?? "" })),
    })),
    versions: p.versions,
    may: { manage: p.may.manage, decide: p.may.decide },
  };
}

const Intent = z.strictObject({ intent: z.enum(["start", "submit"]) });

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const p = await loadPlan(request, params.assessmentId, "assessment.manage", context);
  const parsed = Intent.safeParse(formValues(await readForm(request)));
  if (!parsed.success) throw data("Choose what to do with the plan.", { status: 400 });
  const path = `/assessments/${p.assessment.id}/plan`;
  if (parsed.data.intent === "start") {
    if (p.reportId === null || p.assessment.status === "in-progress")
      throw data("A plan is made from a submitted report.", { status: 409 });
    await startPlan(
      p.db,
      {
        assessmentId: p.assessment.id,
        organisationCode: p.assessment.organisation_code,
        questionnaireId: p.assessment.questionnaire_id,
        cycle: p.assessment.cycle,
        reportId: p.reportId,
      },
      p.actor,
    );
    return redirect(`${path}?started=1`);
  }
  if (!p.plan) throw data("There is no plan to send.", { status: 409 });
  if (!(await submitPlan(p.db, p.plan.id, p.actor)))
    throw data("The plan is already with the board, or approved.", { status: 409 });
  return redirect(`${path}?submitted=1`);
});

export default function PlanPage() {
  const page = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const a = page.assessment;
  const plan = page.plan;
  return (
    <>
      <AssessmentHeader assessment={a} title={planContent.title} />
      {search.get("submitted") ? (
        <NotificationBanner success heading="The plan was sent to the board" />
      ) : null}
      {search.get("decided") ? <NotificationBanner success heading="Your decision was recorded" /> : null}
      {!plan ? (
        <>
          <p>{planContent.noPlan}</p>
          {page.may.manage && page.canStart ? (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <Button>{planContent.startPlan}</Button>
            </Form>
          ) : !page.canStart ? (
            <p>A plan is made once the assessment is submitted and its report saved.</p>
          ) : null}
        </>
      ) : (
        <>
          <p>
            <strong className="nhsuk-tag" data-plan-status={plan.status}>
              {planStatusLabels[plan.status]}
            </strong>{" "}
            Version {plan.version}
          </p>
          {page.may.manage ? (
            <ul className="nhsuk-list">
              <li>
                <Link to={`/assessments/${a.id}/plan/targets`}>{planContent.setTargets}</Link>
              </li>
              <li>
                <Link to={`/assessments/${a.id}/plan/actions/new`}>{planContent.addAction}</Link>
              </li>
            </ul>
          ) : null}
          {page.may.decide && plan.status === "submitted" ? (
            <p>
              <Link className="nhsuk-button" to={`/assessments/${a.id}/plan/review`}>
                {planContent.review}
              </Link>
            </p>
          ) : null}
          <Table
            caption={planContent.targets}
            captionSize="m"
            firstCellIsHeader
            columns={[
              "Theme",
              { header: "Current level", numeric: true },
              { header: "Target", numeric: true },
              { header: "Gap", numeric: true },
              "Reason",
            ]}
            rows={page.themes.map((t) => ({
              key: t.id,
              cells: [
                t.title,
                formatScore(t.level, "–"),
                t.target ?? planContent.noTarget,
                formatScore(t.gap, "–"),
                t.reason,
              ],
            }))}
          />
          <h2>{planContent.actions}</h2>
          {page.themes.map((t) => {
            const actions = page.actions.filter((x) => x.themeId === t.id);
            return (
              <section key={t.id} aria-labelledby={`actions-${t.id}`}>
                <h3 id={`actions-${t.id}`}>{t.title}</h3>
                {actions.length === 0 ? <p>No actions yet.</p> : null}
                {actions.length > 0 ? (
                  <Table
                    caption={`Actions for ${t.title}`}
                    captionHidden
                    captionSize="none"
                    firstCellIsHeader
                    columns={["Action", "Owner", "Due", "Status", ""]}
                    rows={actions.map((x) => ({
                      key: String(x.id),
                      cells: [
                        <>
                          {x.title}
                          {x.notes.length > 0 ? (
                            <ul className="nhsuk-list nhsuk-body-s nhsuk-u-margin-top-2">
                              {x.notes.map((n) => (
                                <li key={n.id}>
                                  {formatDate(n.at)}, {n.by}: {n.body}
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </>,
                        x.owner,
                        <>
                          {formatDate(x.due)}
                          {x.overdue ? (
                            <>
                              {" "}
                              <strong className="nhsuk-tag nhsuk-tag--red">{planContent.overdue}</strong>
                            </>
                          ) : null}
                        </>,
                        actionStatusLabels[x.status],
                        x.mayUpdate ? (
                          <Link key="update" to={`/assessments/${a.id}/plan/actions/${x.id}`}>
                            Update<span className="nhsuk-u-visually-hidden"> {x.title}</span>
                          </Link>
                        ) : (
                          ""
                        ),
                      ],
                    }))}
                  />
                ) : null}
                {page.may.manage && t.steps.length > 0 ? (
                  <details className="nhsuk-details">
                    <summary className="nhsuk-details__summary">
                      <span className="nhsuk-details__summary-text">What the next steps say it takes</span>
                    </summary>
                    <div className="nhsuk-details__text">
                      <ol>
                        {t.steps.map((s) => (
                          <li key={s.index}>
                            {s.text}{" "}
                            <Link
                              to={`/assessments/${a.id}/plan/actions/new?theme=${encodeURIComponent(t.id)}&step=${s.index}`}
                            >
                              {planContent.startFromStep}
                            </Link>
                          </li>
                        ))}
                      </ol>
                    </div>
                  </details>
                ) : null}
              </section>
            );
          })}
          {page.may.manage && (plan.status === "draft" || plan.status === "returned") ? (
            <Form method="post">
              <input type="hidden" name="intent" value="submit" />
              <Button>{planContent.toBoard}</Button>
            </Form>
          ) : null}
          <Table
            caption={planContent.history}
            captionSize="m"
            columns={[
              { header: "Version", numeric: true },
              "Status",
              "Sent to the board",
              "Decided",
              "By",
              "Comment",
            ]}
            rows={page.versions.map((v) => ({
              key: String(v.id),
              cells: [
                v.version,
                planStatusLabels[v.status],
                v.submitted_at ? formatDate(v.submitted_at) : "",
                v.decided_at ? formatDate(v.decided_at) : "",
                v.signed_name ?? "",
                v.comment,
              ],
            }))}
          />
        </>
      )}
    </>
  );
}
