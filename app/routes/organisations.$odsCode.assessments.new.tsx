import { pageTitle } from "../content";
import type { MetaFunction } from "@remix-run/node";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { appliesTo } from "../assessment/answers";
import { authoriseOrganisation, clientAddress } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, Radios } from "../components/form";
import { getDb } from "../db.server";
import { cycleOf, shiftCycle } from "../domain/cycle";
import { CycleSchema } from "../domain/schemas";
import { fieldErrors, formValues, textValues } from "../forms";
import { startAssessment } from "../models/assessment.server";
import { getQuestionnaireVersion, listQuestionnaireVersions } from "../questionnaire/library.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Start an assessment") }];

async function startableVersions(careSetting: string) {
  const db = getDb();
  const versions = (await listQuestionnaireVersions(db)).filter((v) => v.status === "published");
  const newest = new Map<string, (typeof versions)[number]>();
  for (const v of versions) if (!newest.has(v.questionnaire_id)) newest.set(v.questionnaire_id, v);
  const result = [];
  for (const v of newest.values()) {
    const q = await getQuestionnaireVersion(db, v.questionnaire_id, v.version);
    if (q && appliesTo(q, careSetting))
      result.push({
        value: `${q.id}@${q.version}`,
        title: q.title,
        description: q.description,
        version: q.version,
      });
  }
  return result;
}

const cycles = (now = new Date()) => [
  cycleOf(now),
  shiftCycle(cycleOf(now), 1),
  shiftCycle(cycleOf(now), -1),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await authoriseOrganisation(request, params.odsCode ?? "", "assessment.manage");
  return {
    organisation: { odsCode: organisation.ods_code, name: organisation.name },
    questionnaires: await startableVersions(organisation.care_setting),
    cycles: cycles(),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const { organisation, viewer } = await authoriseOrganisation(
    request,
    params.odsCode ?? "",
    "assessment.manage",
  );
  if (organisation.status !== "active")
    throw data("A closed organisation cannot start an assessment.", { status: 400 });
  const allowed = await startableVersions(organisation.care_setting);
  const Schema = z.strictObject({
    questionnaire: z
      .string({ error: "Choose a questionnaire" })
      .refine((v) => allowed.some((q) => q.value === v), "Choose a questionnaire"),
    cycle: CycleSchema.refine((c) => cycles().includes(c), "Choose a cycle"),
  });
  const posted = formValues(await readForm(request));
  const values = textValues(posted);
  const parsed = Schema.safeParse(posted);
  if (!parsed.success)
    return data({ errors: fieldErrors(parsed.error), openId: null, values }, { status: 400 });
  const [questionnaireId, version] = parsed.data.questionnaire.split("@") as [string, string];
  const result = await startAssessment(
    getDb(),
    {
      organisationCode: organisation.ods_code,
      questionnaireId,
      version: Number(version),
      cycle: parsed.data.cycle,
    },
    { personId: viewer.id, address: clientAddress(context) },
  );
  if (!result.started) {
    return data(
      {
        errors: {
          questionnaire: `An assessment with this questionnaire is already open for ${parsed.data.cycle}. There can be only one open assessment per questionnaire and cycle.`,
        },
        openId: result.openId,
        values,
      },
      { status: 409 },
    );
  }
  return redirect(`/assessments/${result.id}`);
});

export default function StartAssessment() {
  const { organisation, questionnaires, cycles } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as Record<string, string> | undefined;
  const values: Record<string, string | undefined> = outcome?.values ?? {};
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {outcome?.openId ? (
          <p>
            <Link to={`/assessments/${outcome.openId}`}>Go to the open assessment</Link>
          </p>
        ) : null}
        <span className="nhsuk-caption-l">{organisation.name}</span>
        <h1>Start an assessment</h1>
        <Form method="post">
          <Radios
            name="questionnaire"
            legend="Questionnaire"
            legendHeading="h2"
            error={errors?.questionnaire}
            value={values.questionnaire}
            options={questionnaires.map((q) => ({
              value: q.value,
              label: `${q.title} (version ${q.version})`,
              hint: q.description,
            }))}
          />
          <Radios
            name="cycle"
            legend="Cycle"
            legendHeading="h2"
            hint="The financial year the assessment describes."
            error={errors?.cycle}
            value={values.cycle ?? cycles[0]}
            inline
            options={cycles.map((c) => ({ value: c, label: c }))}
          />
          <Button>Start assessment</Button>
        </Form>
      </div>
    </div>
  );
}
