import { BoardDecisionFields } from "../components/board-decision";
import { AssessmentHeader } from "../components/assessment-header";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { loadAssessment, assessmentSummary } from "../services/assessment-context.server";
import { clientAddress } from "../auth/guard.server";
import { ErrorSummary, type FieldErrors } from "../components/error-summary";
import { Button, Form, Textarea } from "../components/form";
import { content, pageTitle } from "../content";
import { fieldErrors, formValues, textValues } from "../forms";
import { returnAssessment, signOffAssessment } from "../models/report.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Sign off or return"));

const commentMax = 2000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { assessment, questionnaire, viewer } = await loadAssessment(
    request,
    params.assessmentId,
    "report.sign-off",
  );
  return {
    assessment: assessmentSummary({ assessment, questionnaire }),
    viewerName: viewer.name,
    themes: questionnaire.themes.map((t) => ({ id: t.id, title: t.title })),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const { db, viewer, assessment, questionnaire } = await loadAssessment(
    request,
    params.assessmentId,
    "report.sign-off",
  );
  if (assessment.status !== "submitted")
    throw data("Only a submitted assessment can be signed off or returned.", { status: 409 });
  const themeIds = questionnaire.themes.map((t) => t.id);
  const themeComments = z.object(
    Object.fromEntries(
      themeIds.map((id) => [
        `theme-${id}`,
        z.string().trim().max(commentMax, `Comments must be ${commentMax} characters or fewer`).optional(),
      ]),
    ),
  );
  const Schema = z.discriminatedUnion(
    "decision",
    [
      z.strictObject({
        decision: z.literal("sign-off"),
        signedName: z.string().trim().min(1, "Enter the name you sign with").max(200, content.nameLength),
        comment: z
          .string()
          .trim()
          .max(commentMax, `Comment must be ${commentMax} characters or fewer`)
          .default(""),
        ...themeComments.shape,
      }),
      z.strictObject({
        decision: z.literal("return"),
        signedName: z.string().max(200).optional(),
        comment: z
          .string()
          .trim()
          .min(1, "Say what needs to change before the board can sign off")
          .max(commentMax, `Comment must be ${commentMax} characters or fewer`),
        ...themeComments.shape,
      }),
    ],
    { error: "Choose whether to sign off or return the assessment" },
  );
  const posted = formValues(await readForm(request));
  const parsed = Schema.safeParse(posted);
  if (!parsed.success)
    return data({ errors: fieldErrors(parsed.error), values: textValues(posted) }, { status: 400 });
  const actor = { personId: viewer.id, address: clientAddress(context) };
  const v = parsed.data;
  const moved =
    v.decision === "sign-off"
      ? await signOffAssessment(db, assessment.id, { signedName: v.signedName, comment: v.comment }, actor)
      : await returnAssessment(
          db,
          assessment,
          {
            comment: v.comment,
            themeComments: Object.fromEntries(
              themeIds.flatMap((id) => {
                const c = (v as Record<string, string | undefined>)[`theme-${id}`];
                return c ? [[id, c]] : [];
              }),
            ),
          },
          actor,
        );
  if (!moved) throw data("This assessment has already been signed off or returned.", { status: 409 });
  return redirect(`/assessments/${assessment.id}?${v.decision === "sign-off" ? "signed-off" : "returned"}=1`);
});

export default function Review() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as FieldErrors | undefined;
  const values: Record<string, string | undefined> = outcome?.values ?? {};
  const a = page.assessment;
  if (a.status !== "submitted") {
    return (
      <>
        <h1>Nothing to sign off</h1>
        <p>This assessment is not waiting for the board.</p>
        <Link to={`/assessments/${a.id}`}>Back to the assessment</Link>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <AssessmentHeader assessment={a} title={"Sign off or return the assessment"} />
        <p>
          <Link to={`/assessments/${a.id}/check`}>Read all the answers</Link> before you decide.
        </p>
        <Form method="post">
          <BoardDecisionFields
            agree={{ value: "sign-off", label: "Sign off: the board agrees these answers" }}
            returnLabel="Return for changes: the organisation can edit the answers again"
            signHint="Needed to sign off"
            commentHint="Needed when you return the assessment. It is shown to the people who fill it in."
            commentMax={commentMax}
            viewerName={page.viewerName}
            values={values}
            errors={errors}
          />
          {/* Open when any theme comment came back with an error, so the message is not hidden. */}
          <details
            className="nhsuk-details"
            open={page.themes.some((t) => errors?.[`theme-${t.id}`] || values[`theme-${t.id}`]) || undefined}
          >
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Comments on particular themes (when returning)
              </span>
            </summary>
            <div className="nhsuk-details__text">
              {page.themes.map((t) => (
                <Textarea
                  key={t.id}
                  name={`theme-${t.id}`}
                  label={t.title}
                  rows={2}
                  value={values[`theme-${t.id}`]}
                  error={errors?.[`theme-${t.id}`]}
                />
              ))}
            </div>
          </details>
          <Button>Confirm decision</Button>
        </Form>
      </div>
    </div>
  );
}
