import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { clientAddress, forgetPerson, requireViewer } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, TextInput } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { config } from "../config.server";
import { pageTitle } from "../content";
import { accountContent } from "../content/account";
import { signInContent } from "../content/sign-in";
import { getDb } from "../db.server";
import { fieldErrors, formValues } from "../forms";
import { readForm } from "../forms.server";
import { changeOwnPassword, hasPassword } from "../models/account.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle(accountContent.passwordTitle));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  if (!config().PASSWORD_SIGN_IN) throw data(signInContent.passwordOff, { status: 404 });
  return { mustChange: viewer.mustChangePassword, hasPassword: await hasPassword(getDb(), viewer.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  if (!config().PASSWORD_SIGN_IN) throw data(signInContent.passwordOff, { status: 404 });
  const PasswordSchema = z
    .object({
      current: z.string().min(1, "Enter your current password").max(200, accountContent.wrongCurrent),
      next: z
        .string()
        .min(12, "Your new password must be 12 characters or more")
        .max(200, "Your new password must be 200 characters or fewer"),
      confirm: z.string().max(200),
    })
    .refine((v) => v.confirm === v.next, { path: ["confirm"], message: "The passwords do not match" })
    .refine((v) => v.next !== v.current, {
      path: ["next"],
      message: "Choose a password you have not just used",
    });
  const parsed = PasswordSchema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), changed: false }, { status: 400 });
  const outcome = await changeOwnPassword(
    getDb(),
    {
      personId: viewer.id,
      sessionId: viewer.sessionId,
      current: parsed.data.current,
      next: parsed.data.next,
    },
    clientAddress(context),
  );
  if (outcome === "no-password")
    return data({ errors: { current: accountContent.noPassword }, changed: false }, { status: 400 });
  if (outcome === "wrong-current")
    return data({ errors: { current: accountContent.wrongCurrent }, changed: false }, { status: 400 });
  // The other sessions are gone from the database; forget them (and this one's stale flag) here too.
  forgetPerson(viewer.id);
  return { errors: undefined, changed: true };
}

export default function ChangePassword() {
  const { mustChange, hasPassword } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as Record<string, string> | undefined;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>{accountContent.passwordTitle}</h1>
        {outcome?.changed ? (
          <NotificationBanner success heading={accountContent.changed}>
            <p>{accountContent.changedElsewhere}</p>
          </NotificationBanner>
        ) : !hasPassword ? (
          <p>{accountContent.noPassword}</p>
        ) : (
          <>
            {mustChange ? <p>{accountContent.mustChange}</p> : null}
            <Form method="post">
              <TextInput
                name="current"
                label={accountContent.current}
                type="password"
                autoComplete="current-password"
                error={errors?.current}
              />
              <TextInput
                name="next"
                label={accountContent.next}
                hint={accountContent.nextHint}
                type="password"
                autoComplete="new-password"
                error={errors?.next}
              />
              <TextInput
                name="confirm"
                label={accountContent.confirm}
                type="password"
                autoComplete="new-password"
                error={errors?.confirm}
              />
              <Button>{accountContent.submit}</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
