import { BoardDecisionFields } from "../components/board-decision";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AssessmentHeader } from "../components/assessment-header";
import { ErrorSummary, type FieldErrors } from "../components/error-summary";
import { Button, Form } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { Table } from "../components/table";
import { pageTitle } from "../content";
import { planContent } from "../content/plan";
import { formatDate, formatScore } from "../format";
import { fieldErrors, formValues, textValues } from "../forms";
import { readForm } from "../forms.server";
import { planLimits } from "../limits";
import { decidePlan } from "../models/plan.server";
import { actionStatusLabels, changedSince } from "../plan/plan";
import { decisionSchema } from "../plan/schemas";
import { assessmentSummary } from "../services/assessment-context.server";
import { loadPlan, requirePlan } from "../services/plan.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle(planContent.review));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const p = await loadPlan(request, params.assessmentId, "report.sign-off");
  const plan = requirePlan(p);
  const titles = new Map((p.report?.themes ?? []).map((t) => [t.id, t.title]));
  return {
    assessment: assessmentSummary(p),
    viewerName: p.viewer.name,
    plan: { status: plan.status, version: plan.version, revision: plan.revision },
    targets: (p.report?.themes ?? []).map((t) => ({
      id: t.id,
      title: t.title,
      level: t.level,
      target: p.targets.find((x) => x.themeId === t.id)?.target ?? null,
    })),
    actions: p.actions.map((a) => ({ ...a, theme: titles.get(a.themeId) ?? a.themeId })),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const p = await loadPlan(request, params.assessmentId, "report.sign-off", context);
  const plan = requirePlan(p);
  const posted = formValues(await readForm(request));
  const parsed = decisionSchema.safeParse(posted);
  if (!parsed.success)
    return data(
      { errors: fieldErrors(parsed.error), values: textValues(posted), changed: null },
      { status: 400 },
    );
  const v = parsed.data;
  const result = await decidePlan(
    p.db,
    plan.id,
    { decision: v.decision, signedName: v.signedName ?? "", comment: v.comment },
    v.openedRevision,
    p.actor,
  );
  if (!result.moved && result.reason === "state")
    throw data("This plan is not waiting for the board.", { status: 409 });
  if (!result.moved) {
    // Changed since the board opened it: refused, with what changed.
    const titles = new Map((p.report?.themes ?? []).map((t) => [t.id, t.title]));
    const diff = changedSince(v.openedRevision, p.targets, p.actions);
    return data(
      {
        errors: {} as FieldErrors,
        values: textValues(posted),
        changed: {
          targets: diff.targets.map((t) => ({ theme: titles.get(t.themeId) ?? t.themeId, target: t.target })),
          actions: diff.actions.map((a) => ({
            id: a.id,
            title: a.title,
            owner: a.owner,
            due: a.due,
            status: a.status,
          })),
        },
      },
      { status: 409 },
    );
  }
  return redirect(`/assessments/${p.assessment.id}/plan?decided=1`);
});

export default function ReviewPlan() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as FieldErrors | undefined;
  const values: Record<string, string | undefined> = outcome?.values ?? {};
  const changed = outcome?.changed ?? null;
  const a = page.assessment;
  if (page.plan.status !== "submitted") {
    return (
      <>
        <AssessmentHeader assessment={a} title="Nothing to approve" />
        <p>This plan is not waiting for the board.</p>
        <Link to={`/assessments/${a.id}/plan`}>Back to the plan</Link>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <ErrorSummary errors={errors && Object.keys(errors).length > 0 ? errors : undefined} />
        <AssessmentHeader assessment={a} title={planContent.review} />
        {changed ? (
          <NotificationBanner heading={planContent.changedSinceOpened}>
            <p>{planContent.changedSinceOpenedBody}</p>
            <ul>
              {changed.targets.map((t) => (
                <li key={t.theme}>
                  Target for {t.theme}: {t.target ?? planContent.noTarget}
                </li>
              ))}
              {changed.actions.map((x) => (
                <li key={x.id}>
                  Action “{x.title}”: {x.owner}, due {formatDate(x.due)}, {actionStatusLabels[x.status]}
                </li>
              ))}
            </ul>
          </NotificationBanner>
        ) : null}
        <p>Version {page.plan.version}.</p>
        <Table
          caption={planContent.targets}
          captionSize="m"
          firstCellIsHeader
          columns={["Theme", { header: "Current level", numeric: true }, { header: "Target", numeric: true }]}
          rows={page.targets.map((t) => ({
            key: t.id,
            cells: [t.title, formatScore(t.level, "–"), t.target ?? planContent.noTarget],
          }))}
        />
        <Table
          caption={planContent.actions}
          captionSize="m"
          columns={["Theme", "Action", "Owner", "Due", "Status"]}
          rows={page.actions.map((x) => ({
            key: String(x.id),
            cells: [x.theme, x.title, x.owner, formatDate(x.due), actionStatusLabels[x.status]],
          }))}
        />
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <Form method="post">
              {/* The plan as the board sees it now: an approval of anything else is refused. */}
              <input type="hidden" name="openedRevision" value={page.plan.revision} />
              <BoardDecisionFields
                agree={{ value: "approve", label: "Approve: the board agrees this plan" }}
                returnLabel="Return for changes"
                signHint="Needed to approve"
                commentHint="Needed when you return the plan. It is shown to the organisation lead."
                commentMax={planLimits.commentChars}
                viewerName={page.viewerName}
                values={values}
                errors={errors}
              />
              <Button>Confirm decision</Button>
            </Form>
          </div>
        </div>
      </div>
    </div>
  );
}
