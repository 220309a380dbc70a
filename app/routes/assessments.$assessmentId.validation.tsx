import { AssessmentHeader } from "../components/assessment-header";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { loadAssessment, assessmentSummary } from "../services/assessment-context.server";
import { clientAddress, forbidden } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, Textarea } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { pageTitle } from "../content";
import { can } from "../domain/roles";
import { fieldErrors, formValues, textValues } from "../forms";
import { readForm } from "../forms.server";
import { replyToQuery, setValidation, validationOf } from "../models/validation.server";
import { storageSafe } from "../storage.server";
import { formatDateTime } from "../format";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Regional validation"));

async function context(request: Request, id: string | undefined) {
  const ctx = await loadAssessment(request, id, "organisation.view");
  const scope = {
    organisation: { odsCode: ctx.assessment.organisation_code, regionCode: ctx.assessment.region_code },
  };
  const submitted = ctx.assessment.status !== "in-progress";
  return {
    ...ctx,
    mayValidate: submitted && can(ctx.viewer.grants, "assessment.validate", scope),
    mayReply:
      can(ctx.viewer.grants, "assessment.edit", scope) || can(ctx.viewer.grants, "report.sign-off", scope),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await context(request, params.assessmentId);
  const validation = await validationOf(ctx.db, ctx.assessment.id);
  return {
    assessment: assessmentSummary(ctx),
    validation: {
      ...validation,
      messages: validation.messages.map((m) => ({ ...m, created_at: formatDateTime(m.created_at) })),
    },
    mayValidate: ctx.mayValidate,
    mayReply: ctx.mayReply && validation.status === "queried",
    done: Object.keys(confirmations).find((k) => k === new URL(request.url).searchParams.get("done")) as
      | keyof typeof confirmations
      | undefined,
  };
}

export const action = storageSafe(async ({ request, params, context: loadContext }: ActionFunctionArgs) => {
  const Schema = z.discriminatedUnion(
    "intent",
    [
      z.strictObject({ intent: z.literal("validate") }),
      z.strictObject({
        intent: z.literal("query"),
        comment: z
          .string()
          .trim()
          .min(1, "Say what the organisation needs to explain")
          .max(2000, "Comment must be 2000 characters or fewer"),
      }),
      z.strictObject({
        intent: z.literal("reply"),
        reply: z
          .string()
          .trim()
          .min(1, "Write your reply")
          .max(2000, "Reply must be 2000 characters or fewer"),
      }),
    ],
    { error: "Choose what to do" },
  );
  const ctx = await context(request, params.assessmentId);
  // Who may do anything here comes first: an outsider's malformed form is still a 403.
  if (!ctx.mayValidate && !ctx.mayReply) throw forbidden();
  const posted = formValues(await readForm(request));
  const parsed = Schema.safeParse(posted);
  if (!parsed.success)
    return data({ errors: fieldErrors(parsed.error), values: textValues(posted) }, { status: 400 });
  const actor = { personId: ctx.viewer.id, address: clientAddress(loadContext) };
  const v = parsed.data;
  if (v.intent === "reply") {
    // Replies answer a query: there must be one open.
    const { status } = await validationOf(ctx.db, ctx.assessment.id);
    if (!ctx.mayReply || status !== "queried") throw forbidden();
    await replyToQuery(ctx.db, ctx.assessment.id, v.reply, actor);
  } else {
    if (!ctx.mayValidate) throw forbidden();
    await setValidation(
      ctx.db,
      ctx.assessment,
      v.intent === "validate" ? { status: "validated" } : { status: "queried", comment: v.comment },
      actor,
    );
  }
  // Post/redirect/get, with what was done for the success banner.
  const done = v.intent === "validate" ? "validated" : v.intent;
  return redirect(`/assessments/${ctx.assessment.id}/validation?done=${done}`);
});

const confirmations = {
  validated: "Assessment validated",
  query: "Query sent to the organisation",
  reply: "Reply sent to the regional team",
} as const;

export default function Validation() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const a = page.assessment;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={outcome?.errors} />
        <AssessmentHeader assessment={a} title={"Regional validation"} />
        {page.done && !outcome ? (
          <NotificationBanner
            success
            heading={confirmations[page.done]}
            key={page.validation.messages.length}
          />
        ) : null}
        <p>
          {page.validation.status === "validated"
            ? "The regional team has validated this assessment."
            : page.validation.status === "queried"
              ? "The regional team has a query about this assessment."
              : a.status === "in-progress"
                ? "The regional team can validate the assessment once it is submitted."
                : "The regional team has not reviewed this assessment yet."}
        </p>
        {page.validation.messages.length > 0 ? (
          <>
            <h2>Messages</h2>
            <ul className="nhsuk-list">
              {page.validation.messages.map((m) => (
                <li key={m.id} className="nhsuk-inset-text">
                  <p className="nhsuk-body-s">
                    {m.from_role === "analyst" ? "Regional team" : "Organisation"}: {m.name ?? "someone"},{" "}
                    {m.created_at}
                  </p>
                  <p>{m.body}</p>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {page.mayValidate ? (
          <>
            <h2>Your review</h2>
            <Form method="post">
              <Button name="intent" value="validate">
                Mark as validated
              </Button>
            </Form>
            <Form method="post" key={`query-${page.validation.messages.length}`}>
              <Textarea
                name="comment"
                label="Or query it: what does the organisation need to explain?"
                rows={4}
                characterCount={2000}
                value={outcome?.values?.comment}
                error={outcome?.errors?.comment}
              />
              <Button name="intent" value="query" secondary>
                Send query
              </Button>
            </Form>
          </>
        ) : null}
        {page.mayReply ? (
          <Form method="post" key={`reply-${page.validation.messages.length}`}>
            <Textarea
              name="reply"
              label="Reply to the regional team"
              labelClassName="nhsuk-label--m"
              rows={4}
              characterCount={2000}
              value={outcome?.values?.reply}
              error={outcome?.errors?.reply}
            />
            <Button name="intent" value="reply">
              Send reply
            </Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
