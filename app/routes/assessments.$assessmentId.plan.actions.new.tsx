import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AssessmentHeader } from "../components/assessment-header";
import { ErrorSummary, type FieldErrors } from "../components/error-summary";
import { ActionForm } from "../components/plan/action-form";
import { pageTitle } from "../content";
import { planContent } from "../content/plan";
import { formValues, textValues } from "../forms";
import { readForm } from "../forms.server";
import { planLimits } from "../limits";
import { addAction, countActions } from "../models/plan-action.server";
import { loadPlan, ownersOf, parseActionForm, requirePlan } from "../services/plan.server";
import { assessmentSummary } from "../services/assessment-context.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle(planContent.addAction));

/** `?theme=<id>&step=<n>` starts the action from the report's n-th ranked next step of that theme. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const p = await loadPlan(request, params.assessmentId, "assessment.manage");
  requirePlan(p);
  const url = new URL(request.url);
  const themes = p.report?.themes ?? [];
  const theme = themes.find((t) => t.id === url.searchParams.get("theme"));
  const stepIndex = /^[0-9]{1,3}$/.test(url.searchParams.get("step") ?? "")
    ? Number(url.searchParams.get("step"))
    : -1;
  const step = theme?.nextSteps[stepIndex];
  const title = step
    ? step.questions
        .map((q) => `Reach “${q.next}”: ${q.question}`)
        .join("; ")
        .slice(0, planLimits.titleChars)
    : "";
  return {
    assessment: assessmentSummary(p),
    themes: themes.map((t) => ({
      id: t.id,
      title: t.title,
      questions: t.questions.map((q) => ({ id: q.id, text: q.text })),
    })),
    owners: await ownersOf(p.db, p.assessment.organisation_code),
    values: {
      themeId: theme?.id ?? themes[0]?.id ?? "",
      title,
      owner: "",
      ownerRole: "",
      due: "",
      status: "not-started",
      questionIds: step ? step.questions.map((q) => q.questionId) : [],
      revision: 0,
    },
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const p = await loadPlan(request, params.assessmentId, "assessment.manage", context);
  const plan = requirePlan(p);
  const posted = formValues(await readForm(request));
  const parsed = await parseActionForm(p, posted);
  if (!parsed.ok) return data({ errors: parsed.errors, values: textValues(posted) }, { status: 400 });
  if ((await countActions(p.db, plan.id)) >= planLimits.actions)
    return data(
      {
        errors: { title: `A plan can hold up to ${planLimits.actions} actions` },
        values: textValues(posted),
      },
      { status: 400 },
    );
  await addAction(p.db, plan.id, parsed.input, p.actor);
  return redirect(`/assessments/${p.assessment.id}/plan#actions-${parsed.input.themeId}`);
});

export default function NewAction() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as FieldErrors | undefined;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <AssessmentHeader assessment={page.assessment} title={planContent.addAction} />
        <ActionForm
          values={page.values}
          posted={outcome?.values}
          errors={errors}
          themes={page.themes}
          owners={page.owners}
          submit="Add the action"
        />
      </div>
    </div>
  );
}
