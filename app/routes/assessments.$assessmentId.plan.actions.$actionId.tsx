import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden } from "../auth/guard.server";
import { AssessmentHeader } from "../components/assessment-header";
import { ErrorSummary, type FieldErrors } from "../components/error-summary";
import { Button, Form, Radios, Textarea } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { ActionForm } from "../components/plan/action-form";
import { SummaryList } from "../components/summary-list";
import { pageTitle } from "../content";
import { planContent } from "../content/plan";
import { formatDate } from "../format";
import { fieldErrors, formValues, textValues } from "../forms";
import { readForm } from "../forms.server";
import { planLimits } from "../limits";
import { type ActionWrite, recordProgress, updateAction } from "../models/plan-action.server";
import { actionStatuses, actionStatusLabels } from "../plan/plan";
import { progressSchema } from "../plan/schemas";
import { assessmentSummary } from "../services/assessment-context.server";
import { actionOf, loadPlan, ownersOf, parseActionForm, requirePlan } from "../services/plan.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Update an action"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const p = await loadPlan(request, params.assessmentId);
  requirePlan(p);
  const action = actionOf(p, params.actionId);
  if (!p.may.progress(action)) throw forbidden();
  const themes = p.report?.themes ?? [];
  return {
    assessment: assessmentSummary(p),
    manage: p.may.manage,
    action,
    themes: themes.map((t) => ({
      id: t.id,
      title: t.title,
      questions: t.questions.map((q) => ({ id: q.id, text: q.text })),
    })),
    owners: p.may.manage ? await ownersOf(p.db, p.assessment.organisation_code) : [],
    notes: p.notes
      .filter((n) => n.action_id === action.id)
      .map((n) => ({ id: n.id, body: n.body, at: n.created_at, by: n.person_name ?? "" })),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const p = await loadPlan(request, params.assessmentId, "organisation.view", context);
  const plan = requirePlan(p);
  const current = actionOf(p, params.actionId);
  if (!p.may.progress(current)) throw forbidden();
  const { intent, ...posted } = formValues(await readForm(request));
  const values = textValues(posted);
  let result: ActionWrite;
  if (intent === "edit") {
    if (!p.may.manage) throw forbidden();
    const parsed = await parseActionForm(p, posted);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values, conflict: null }, { status: 400 });
    const { revision, ...input } = parsed.input;
    result = await updateAction(p.db, plan.id, current.id, input, revision, p.actor);
  } else if (intent === "progress") {
    const parsed = progressSchema.safeParse(posted);
    if (!parsed.success)
      return data({ intent, errors: fieldErrors(parsed.error), values, conflict: null }, { status: 400 });
    const { revision, ...progress } = parsed.data;
    result = await recordProgress(p.db, plan.id, current.id, progress, revision, p.actor);
  } else {
    throw data("Choose what to change.", { status: 400 });
  }
  if ("conflict" in result)
    return data({ intent, errors: {} as FieldErrors, values, conflict: result.conflict }, { status: 409 });
  if (!result.saved) throw data("This action no longer exists.", { status: 404 });
  return redirect(`/assessments/${p.assessment.id}/plan#actions-${current.themeId}`);
});

export default function ActionPage() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as FieldErrors | undefined;
  const conflict = outcome?.conflict ?? null;
  // After a conflict, saving again starts from their revision: a deliberate overwrite.
  const a = conflict ?? page.action;
  const posted = (intent: string) => (outcome?.intent === intent ? outcome.values : undefined);
  const planPath = `/assessments/${page.assessment.id}/plan`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors && Object.keys(errors).length > 0 ? errors : undefined} />
        <AssessmentHeader assessment={page.assessment} title={page.action.title} />
        {conflict ? (
          <NotificationBanner heading={planContent.conflict}>
            <p>{planContent.conflictBody}</p>
            <SummaryList
              rows={[
                { key: "Action", value: conflict.title },
                { key: "Owner", value: conflict.owner },
                { key: "Due", value: formatDate(conflict.due) },
                { key: "Status", value: actionStatusLabels[conflict.status] },
              ]}
            />
          </NotificationBanner>
        ) : null}
        <h2>Progress</h2>
        {page.notes.length > 0 ? (
          <ul className="nhsuk-list">
            {page.notes.map((n) => (
              <li key={n.id}>
                {formatDate(n.at)}, {n.by}: {n.body}
              </li>
            ))}
          </ul>
        ) : (
          <p>No progress notes yet.</p>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="progress" />
          <input type="hidden" name="revision" value={a.revision} />
          <Radios
            name="status"
            legend="Status"
            legendSize="s"
            value={posted("progress")?.status ?? page.action.status}
            error={outcome?.intent === "progress" ? errors?.status : undefined}
            options={actionStatuses.map((s) => ({ value: s, label: actionStatusLabels[s] }))}
          />
          <Textarea
            name="note"
            label="Progress note (optional)"
            hint="Dated and kept with the action"
            rows={3}
            characterCount={planLimits.noteChars}
            value={posted("progress")?.note}
            error={outcome?.intent === "progress" ? errors?.note : undefined}
          />
          <Button>Save progress</Button>
        </Form>
        {page.manage ? (
          <>
            <h2>Change the action</h2>
            <ActionForm
              submit="Save the action"
              intent="edit"
              values={{
                themeId: page.action.themeId,
                title: page.action.title,
                owner: page.action.ownerPersonId ? `person:${page.action.ownerPersonId}` : "role",
                ownerRole: page.action.ownerPersonId ? "" : page.action.owner,
                due: page.action.due,
                status: page.action.status,
                questionIds: page.action.questionIds,
                revision: a.revision,
              }}
              posted={posted("edit")}
              errors={outcome?.intent === "edit" ? errors : undefined}
              themes={page.themes}
              owners={page.owners}
            />
          </>
        ) : null}
        <p>
          <Link to={planPath}>Back to the plan</Link>
        </p>
      </div>
    </div>
  );
}
