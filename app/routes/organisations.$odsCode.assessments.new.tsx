import { pageTitle } from "../content";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { appliesTo } from "../assessment/answers";
import { authoriseOrganisation, clientAddress } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, Radios } from "../components/form";
import { getDb } from "../db.server";
import { cycleOf, shiftCycle } from "../domain/cycle";
import { careSettingLabels, type CareSetting } from "../domain/organisation";
import { CycleSchema } from "../domain/schemas";
import { fieldErrors, formValues, textValues } from "../forms";
import { startAssessment } from "../models/assessment.server";
import {
  type CarryForwardPreview,
  carryForwardFor,
  carryForwardPreview,
} from "../models/year-on-year.server";
import { formatCount } from "../format";
import { getQuestionnaireVersion, listQuestionnaireVersions } from "../models/questionnaire.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Start an assessment"));

/** The newest published version of each questionnaire, split by whether it is for this care setting. */
async function publishedVersions(careSetting: string) {
  const db = getDb();
  const versions = (await listQuestionnaireVersions(db)).filter((v) => v.status === "published");
  const newest = new Map<string, (typeof versions)[number]>();
  for (const v of versions) if (!newest.has(v.questionnaire_id)) newest.set(v.questionnaire_id, v);
  type Option = {
    value: string;
    id: string;
    title: string;
    description: string;
    version: number;
    careSettings: string[];
  };
  const startable: Option[] = [];
  const notForThisSetting: Option[] = [];
  for (const v of newest.values()) {
    const q = await getQuestionnaireVersion(db, v.questionnaire_id, v.version);
    if (!q) continue;
    const option = {
      value: `${q.id}@${q.version}`,
      id: q.id,
      title: q.title,
      description: q.description,
      version: q.version,
      careSettings: q.careSettings.map((c) => careSettingLabels[c]),
    };
    (appliesTo(q, careSetting) ? startable : notForThisSetting).push(option);
  }
  return { startable, notForThisSetting };
}

const startableVersions = async (careSetting: string) => (await publishedVersions(careSetting)).startable;

const cycles = (now = new Date()) => [
  cycleOf(now),
  shiftCycle(cycleOf(now), 1),
  shiftCycle(cycleOf(now), -1),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await authoriseOrganisation(request, params.odsCode ?? "", "assessment.manage");
  const { startable, notForThisSetting } = await publishedVersions(organisation.care_setting);
  // What copying last cycle's answers would bring, for the cycle offered first: said before the lead chooses.
  const db = getDb();
  const carryForward = (
    await Promise.all(
      startable.map(async (option) => {
        const questionnaire = await getQuestionnaireVersion(db, option.id, option.version);
        const preview = questionnaire
          ? await carryForwardPreview(
              db,
              organisation.ods_code,
              organisation.care_setting as CareSetting,
              questionnaire,
              cycles()[0]!,
            )
          : null;
        return preview ? [{ title: option.title, version: option.version, ...preview }] : [];
      }),
    )
  ).flat();
  return {
    organisation: {
      odsCode: organisation.ods_code,
      name: organisation.name,
      careSetting: careSettingLabels[organisation.care_setting as CareSetting] ?? organisation.care_setting,
      unset: organisation.care_setting === "other",
    },
    questionnaires: startable,
    notForThisSetting,
    carryForward,
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
    /** Absent (an older form, a script): start empty. */
    start: z.enum(["carry-forward", "empty"], { error: "Choose how to start" }).optional(),
  });
  const posted = formValues(await readForm(request));
  const values = textValues(posted);
  const parsed = Schema.safeParse(posted);
  if (!parsed.success)
    return data({ errors: fieldErrors(parsed.error), existing: null, values }, { status: 400 });
  const [questionnaireId, version] = parsed.data.questionnaire.split("@") as [string, string];
  const db = getDb();
  const questionnaire = await getQuestionnaireVersion(db, questionnaireId, Number(version));
  const carryForward =
    parsed.data.start === "carry-forward" && questionnaire
      ? await carryForwardFor(db, organisation.ods_code, questionnaire, parsed.data.cycle)
      : null;
  const result = await startAssessment(
    db,
    {
      organisationCode: organisation.ods_code,
      questionnaireId,
      version: Number(version),
      cycle: parsed.data.cycle,
      carryForward: carryForward ?? undefined,
    },
    { personId: viewer.id, address: clientAddress(context) },
  );
  if (!result.started) {
    const cycle = parsed.data.cycle;
    const message = {
      "in-progress": `An assessment with this questionnaire is already open for ${cycle}. There can be only one assessment per questionnaire and cycle.`,
      submitted: `An assessment with this questionnaire has been submitted for ${cycle}. To change it, ask the board to return it.`,
      "signed-off": `The ${cycle} assessment with this questionnaire has been signed off, so no other assessment can be started for ${cycle}.`,
    }[result.status];
    return data(
      {
        errors: { questionnaire: message },
        existing: { id: result.existingId, open: result.status === "in-progress" },
        values,
      },
      { status: 409 },
    );
  }
  return redirect(`/assessments/${result.id}`);
});

export default function StartAssessment() {
  const { organisation, questionnaires, notForThisSetting, carryForward, cycles } =
    useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as Record<string, string> | undefined;
  const values: Record<string, string | undefined> = outcome?.values ?? {};
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {outcome?.existing ? (
          <p>
            <Link to={`/assessments/${outcome.existing.id}`}>
              {outcome.existing.open ? "Go to the open assessment" : "Go to the assessment"}
            </Link>
          </p>
        ) : null}
        <span className="nhsuk-caption-l">{organisation.name}</span>
        <h1>Start an assessment</h1>
        {notForThisSetting.length > 0 ? (
          <div className="nhsuk-inset-text" data-testid="not-for-this-setting">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              {organisation.unset
                ? "This organisation's care setting has not been set yet (it shows as Other), so questionnaires written for particular care settings are not offered: "
                : `This organisation's care setting is ${organisation.careSetting}, so these questionnaires are not offered: `}
              {notForThisSetting.map((q) => `${q.title} (for ${q.careSettings.join(", ")})`).join("; ")}.
            </p>
            <p>
              {organisation.unset
                ? "Each organisation answers the questions for its own care setting, and is compared with organisations like it. "
                : ""}
              If the care setting is wrong, ask an administrator of this service to correct it on the
              organisation's page. Answers already given are kept.
            </p>
          </div>
        ) : null}
        {questionnaires.length === 0 ? (
          <p>There is no questionnaire for this organisation to start yet.</p>
        ) : (
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
            {carryForward.length > 0 ? (
              <Radios
                name="start"
                legend="Last cycle's answers"
                legendHeading="h2"
                hint={
                  <>
                    {carryForward.map((c) => (
                      <span className="app-carry-forward" key={`${c.title}${c.version}`}>
                        {carryForwardText(c, questionnaires.length > 1, cycles[0]!)}{" "}
                      </span>
                    ))}
                    {questionnaires.length > carryForward.length
                      ? "Other questionnaires have no earlier assessment to copy from. "
                      : ""}
                    Each copied answer is marked "Carried forward: confirm or change", and counts as answered
                    only once someone saves it.
                  </>
                }
                error={errors?.start}
                value={values.start ?? "carry-forward"}
                options={[
                  {
                    value: "carry-forward",
                    label:
                      questionnaires.length === 1 && carryForward.length === 1
                        ? `Copy ${countOf(carryForward[0]!.carried, "answer")} to unchanged questions, for us to confirm or change`
                        : "Copy answers to unchanged questions, for us to confirm or change",
                  },
                  { value: "empty", label: "Start with no answers" },
                ]}
              />
            ) : null}
            <Button>Start assessment</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

const countOf = (n: number, noun: string) => `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;

/** How many answers would be copied, of how many questions, and why the rest start empty. */
function carryForwardText(
  c: CarryForwardPreview & { title: string; version: number },
  named: boolean,
  cycle: string,
) {
  const reasons = [
    c.changed > 0
      ? `${formatCount(c.changed)} ${c.changed === 1 ? "was" : "were"} reworded since version ${c.fromVersion}`
      : null,
    c.added > 0 ? `${formatCount(c.added)} ${c.added === 1 ? "is" : "are"} new` : null,
    c.unanswered > 0 ? `${formatCount(c.unanswered)} had no answer in ${c.fromCycle}` : null,
  ].filter((r): r is string => r !== null);
  const listed = reasons.length > 1 ? `${reasons.slice(0, -1).join(", ")} and ${reasons.at(-1)}` : reasons[0];
  const rest = c.asked - c.carried;
  return `${named ? `${c.title} (version ${c.version}): ` : ""}For ${cycle}, ${formatCount(c.carried)} of the ${countOf(c.asked, "question")} your organisation answers can be copied from your ${c.fromCycle} assessment (version ${c.fromVersion}).${
    rest > 0 ? ` The other ${formatCount(rest)} start empty: ${listed}.` : ""
  }`;
}
