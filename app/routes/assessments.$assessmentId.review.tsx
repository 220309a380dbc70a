import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { loadAssessment } from "../assessment/context.server";
import { clientAddress } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, ErrorMessage, Form, TextInput } from "../components/form";
import { content } from "../content";
import { fieldErrors, formValues } from "../forms";
import { returnAssessment, signOffAssessment } from "../models/report.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";

export const meta: MetaFunction = () => [{ title: `Sign off or return – ${content.serviceName}` }];

const commentMax = 2000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { assessment, questionnaire, viewer } = await loadAssessment(
    request,
    params.assessmentId,
    "report.sign-off",
  );
  return {
    assessment: {
      id: assessment.id,
      status: assessment.status,
      cycle: assessment.cycle,
      organisationName: assessment.organisation_name,
      title: questionnaire.title,
    },
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
        signedName: z
          .string()
          .trim()
          .min(1, "Enter the name you sign with")
          .max(200, "Name must be 200 characters or fewer"),
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
  const parsed = Schema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
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
  return redirect(`/assessments/${assessment.id}`);
});

export default function Review() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors;
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
        <Link className="nhsuk-back-link" to={`/assessments/${a.id}`}>
          Back to the assessment
        </Link>
        <span className="nhsuk-caption-l">
          {a.organisationName}, {a.cycle}
        </span>
        <h1>Sign off or return the assessment</h1>
        <p>
          <Link to={`/assessments/${a.id}/check`}>Read all the answers</Link> before you decide.
        </p>
        <Form method="post">
          <div className={`nhsuk-form-group${errors?.decision ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
                <h2 className="nhsuk-fieldset__heading">Your decision</h2>
              </legend>
              <ErrorMessage id="decision" message={errors?.decision} />
              <div className="nhsuk-radios" data-module="nhsuk-radios">
                <div className="nhsuk-radios__item">
                  <input
                    className="nhsuk-radios__input"
                    id="decision"
                    name="decision"
                    type="radio"
                    value="sign-off"
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor="decision">
                    Sign off: the board agrees these answers
                  </label>
                </div>
                <div className="nhsuk-radios__item">
                  <input
                    className="nhsuk-radios__input"
                    id="decision-return"
                    name="decision"
                    type="radio"
                    value="return"
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor="decision-return">
                    Return for changes: the organisation can edit the answers again
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
          <TextInput
            name="signedName"
            label="Name you sign with"
            hint="Needed to sign off"
            defaultValue={page.viewerName}
            error={errors?.signedName}
            autoComplete="name"
          />
          <div className={`nhsuk-form-group${errors?.comment ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label" htmlFor="comment">
              Comment
            </label>
            <div className="nhsuk-hint" id="comment-hint">
              Needed when you return the assessment. It is shown to the people who fill it in.
            </div>
            <ErrorMessage id="comment" message={errors?.comment} />
            <textarea
              className="nhsuk-textarea"
              id="comment"
              name="comment"
              rows={4}
              aria-describedby={`comment-hint${errors?.comment ? " comment-error" : ""}`}
            />
          </div>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Comments on particular themes (when returning)
              </span>
            </summary>
            <div className="nhsuk-details__text">
              {page.themes.map((t) => (
                <div className="nhsuk-form-group" key={t.id}>
                  <label className="nhsuk-label" htmlFor={`theme-${t.id}`}>
                    {t.title}
                  </label>
                  <textarea className="nhsuk-textarea" id={`theme-${t.id}`} name={`theme-${t.id}`} rows={2} />
                </div>
              ))}
            </div>
          </details>
          <Button>Confirm decision</Button>
        </Form>
      </div>
    </div>
  );
}
