import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AssessmentHeader } from "../components/assessment-header";
import { ErrorSummary, type FieldErrors } from "../components/error-summary";
import { Button, Fieldset, Form, Select, TextInput } from "../components/form";
import { pageTitle } from "../content";
import { formatScore } from "../format";
import { planContent } from "../content/plan";
import { fieldErrors, formValues, textValues } from "../forms";
import { readForm } from "../forms.server";
import { saveTargets } from "../models/plan.server";
import { planLimits } from "../limits";
import { targetsSchema } from "../plan/schemas";
import { assessmentSummary } from "../services/assessment-context.server";
import { loadPlan, requirePlan } from "../services/plan.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle(planContent.setTargets));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const p = await loadPlan(request, params.assessmentId, "assessment.manage");
  requirePlan(p);
  return {
    assessment: assessmentSummary(p),
    levels: p.report?.questionnaire.levelScale ?? [],
    themes: (p.report?.themes ?? []).map((t) => {
      const stored = p.targets.find((x) => x.themeId === t.id);
      return {
        id: t.id,
        title: t.title,
        level: t.level,
        target: stored?.target ?? null,
        reason: stored?.reason ?? "",
        steps: t.nextSteps.length,
      };
    }),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const p = await loadPlan(request, params.assessmentId, "assessment.manage", context);
  const plan = requirePlan(p);
  const themeIds = (p.report?.themes ?? []).map((t) => t.id);
  const posted = formValues(await readForm(request));
  const parsed = targetsSchema(themeIds).safeParse(posted);
  if (!parsed.success)
    return data({ errors: fieldErrors(parsed.error), values: textValues(posted) }, { status: 400 });
  const v = parsed.data as Record<string, number | null | string>;
  await saveTargets(
    p.db,
    plan.id,
    themeIds.map((id) => ({
      themeId: id,
      target: v[`target-${id}`] as number | null,
      reason: v[`reason-${id}`] as string,
    })),
    p.actor,
  );
  return redirect(`/assessments/${p.assessment.id}/plan`);
});

export default function Targets() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as FieldErrors | undefined;
  const values: Record<string, string | undefined> = outcome?.values ?? {};
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <AssessmentHeader assessment={page.assessment} title={planContent.targets} />
        <p>For each theme, the level to reach by the next cycle, and in one line why.</p>
        <Form method="post">
          {page.themes.map((t) => (
            <Fieldset key={t.id} id={`theme-${t.id}`} legend={t.title} legendHeading="h2" legendSize="s">
              <p className="nhsuk-body-s">
                Current level: {formatScore(t.level, "not scored")}. {t.steps} next step
                {t.steps === 1 ? "" : "s"} in the report.
              </p>
              <Select
                name={`target-${t.id}`}
                label="Target level"
                value={values[`target-${t.id}`] ?? (t.target === null ? "" : String(t.target))}
                error={errors?.[`target-${t.id}`]}
                options={[
                  { value: "", label: planContent.noTarget },
                  ...[1, 2, 3, 4, 5].map((n) => ({
                    value: String(n),
                    label: `${n}${page.levels.find((l) => l.value === n) ? `: ${page.levels.find((l) => l.value === n)!.label}` : ""}`,
                  })),
                ]}
              />
              <TextInput
                name={`reason-${t.id}`}
                label="Reason"
                hint={`One line, up to ${planLimits.reasonChars} characters`}
                value={values[`reason-${t.id}`] ?? t.reason}
                error={errors?.[`reason-${t.id}`]}
              />
            </Fieldset>
          ))}
          <Button>Save targets</Button>
        </Form>
        <p>
          <Link to={`/assessments/${page.assessment.id}/plan`}>Back to the plan</Link>
        </p>
      </div>
    </div>
  );
}
