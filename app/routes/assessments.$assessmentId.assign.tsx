import { AssessmentHeader } from "../components/assessment-header";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { loadAssessment, assessmentSummary } from "../services/assessment-context.server";
import { clientAddress } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Fieldset, Form, Select, TextInput } from "../components/form";
import { optionalCalendarDate } from "../domain/schemas";
import { organisationDeadline } from "../models/deadline.server";
import { deadlineContent } from "../content/notifications";
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
  const [people, assignments, deadline] = await Promise.all([
    assignablePeople(db, assessment.organisation_code),
    themeAssignments(db, assessment.id),
    organisationDeadline(db, assessment.cycle, assessment.region_code),
  ]);
  return {
    assessment: assessmentSummary({ assessment, questionnaire }),
    people,
    deadline: deadline && deadlineContent.deadline(deadline),
    themes: questionnaire.themes.map((t) => ({
      id: t.id,
      title: t.title,
      assignee: assignments.get(t.id)?.id ?? null,
      dueOn: assignments.get(t.id)?.dueOn ?? null,
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
  const [assignable, deadline] = await Promise.all([
    assignablePeople(db, assessment.organisation_code),
    organisationDeadline(db, assessment.cycle, assessment.region_code),
  ]);
  const people = new Set(assignable.map((p) => String(p.id)));
  const choice = z
    .string()
    .refine((v) => v === "" || people.has(v), "Choose someone from the organisation")
    .transform((v) => (v === "" ? null : Number(v)));
  const due = optionalCalendarDate("Due date").refine(
    (d) => d === null || !deadline || d <= deadline.dueOn,
    deadline ? deadlineContent.notAfterDeadline(deadline.dueOn) : "",
  );
  const Schema = z
    .strictObject(
      Object.fromEntries(
        questionnaire.themes.flatMap((t) => [
          [`theme-${t.id}`, choice],
          [`due-${t.id}`, due.default(null)],
        ]),
      ),
    )
    .superRefine((form, ctx) => {
      for (const t of questionnaire.themes)
        if (form[`due-${t.id}`] !== null && form[`theme-${t.id}`] === null)
          ctx.addIssue({ code: "custom", path: [`due-${t.id}`], message: deadlineContent.dueNeedsPerson });
    });
  const values = formValues(await readForm(request));
  const parsed = Schema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const form = parsed.data as Record<string, number | string | null>;
  await assignThemes(
    db,
    assessment.id,
    questionnaire.themes.map((t) => ({
      themeId: t.id,
      themeTitle: t.title,
      personId: (form[`theme-${t.id}`] as number | null) ?? null,
      dueOn: (form[`due-${t.id}`] as string | null) ?? null,
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
          Give each theme to the contributor or lead who will answer it, and a due date if you want one.
          Anyone in the organisation can still edit any theme. Whoever you give a theme to is told by email,
          and reminded 14 and 3 days before its due date (or the deadline) while it is not finished.
        </p>
        {page.deadline ? <p id="deadline">{page.deadline}</p> : null}
        <Form method="post">
          {page.themes.map((t) => {
            const posted = outcome?.values;
            return (
              <Fieldset key={t.id} id={`group-${t.id}`} legend={t.title} legendSize="s">
                <Select
                  name={`theme-${t.id}`}
                  label="Who answers it"
                  value={
                    posted
                      ? String(posted[`theme-${t.id}`] ?? "")
                      : t.assignee === null
                        ? ""
                        : String(t.assignee)
                  }
                  options={options}
                  error={outcome?.errors?.[`theme-${t.id}`]}
                />
                <TextInput
                  name={`due-${t.id}`}
                  type="date"
                  label="Due date (optional)"
                  className="nhsuk-input--width-10"
                  value={posted ? String(posted[`due-${t.id}`] ?? "") : (t.dueOn ?? "")}
                  error={outcome?.errors?.[`due-${t.id}`]}
                />
              </Fieldset>
            );
          })}
          <Button>Save assignments</Button>
        </Form>
      </div>
    </div>
  );
}
