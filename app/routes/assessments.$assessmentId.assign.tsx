import { AssessmentHeader } from "../components/assessment-header";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { loadAssessment, assessmentSummary } from "../services/assessment-context.server";
import { clientAddress } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, Select } from "../components/form";
import { pageTitle } from "../content";
import { fieldErrors, formValues } from "../forms";
import { assignablePeople, assignThemes, themeAssignments } from "../models/assessment.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Assign themes"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment, questionnaire } = await loadAssessment(
    request,
    params.assessmentId,
    "assessment.manage",
  );
  const [people, assignments] = await Promise.all([
    assignablePeople(db, assessment.organisation_code),
    themeAssignments(db, assessment.id),
  ]);
  return {
    assessment: assessmentSummary({ assessment, questionnaire }),
    people,
    themes: questionnaire.themes.map((t) => ({
      id: t.id,
      title: t.title,
      assignee: assignments.get(t.id)?.id ?? null,
    })),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const { db, viewer, assessment, questionnaire } = await loadAssessment(
    request,
    params.assessmentId,
    "assessment.manage",
  );
  if (assessment.status !== "in-progress")
    throw data("Themes can only be assigned while the assessment is open.", { status: 409 });
  const people = new Set((await assignablePeople(db, assessment.organisation_code)).map((p) => String(p.id)));
  const choice = z
    .string()
    .refine((v) => v === "" || people.has(v), "Choose someone from the organisation")
    .transform((v) => (v === "" ? null : Number(v)));
  const Schema = z.strictObject(
    Object.fromEntries(questionnaire.themes.map((t) => [`theme-${t.id}`, choice])),
  );
  const parsed = Schema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
  await assignThemes(
    db,
    assessment.id,
    questionnaire.themes.map((t) => ({
      themeId: t.id,
      themeTitle: t.title,
      personId: (parsed.data as Record<string, number | null>)[`theme-${t.id}`] ?? null,
    })),
    { personId: viewer.id, address: clientAddress(context) },
  );
  return redirect(`/assessments/${assessment.id}?assigned=1`);
});

export default function AssignThemes() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const options = [
    { value: "", label: "No one" },
    ...page.people.map((p) => ({ value: String(p.id), label: p.name })),
  ];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={outcome?.errors} />
        <AssessmentHeader assessment={page.assessment} title={"Assign themes"} />
        <p>
          Give each theme to the contributor or lead who will answer it. Anyone in the organisation can still
          edit any theme.
        </p>
        <Form method="post">
          {page.themes.map((t) => (
            <Select
              key={t.id}
              name={`theme-${t.id}`}
              label={t.title}
              value={t.assignee === null ? "" : String(t.assignee)}
              options={options}
              error={outcome?.errors?.[`theme-${t.id}`]}
            />
          ))}
          <Button>Save assignments</Button>
        </Form>
      </div>
    </div>
  );
}
