import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { clientAddress, requireViewer } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, Radios } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { titled } from "../components/page-title";
import { SummaryList } from "../components/summary-list";
import { config } from "../config.server";
import { pageTitle } from "../content";
import { accountContent } from "../content/account";
import { getDb } from "../db.server";
import { fieldErrors, formValues } from "../forms";
import { readForm } from "../forms.server";
import { emailReminders, setEmailReminders } from "../models/account.server";
import { storageSafe } from "../storage.server";

export const handle = titled(() => pageTitle(accountContent.title));

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const reminders = await emailReminders(getDb(), viewer.id);
  return {
    name: viewer.name,
    email: reminders.email,
    reminders: reminders.on ? "on" : "off",
    passwordSignIn: config().PASSWORD_SIGN_IN,
  };
}

export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const viewer = await requireViewer(request);
  const parsed = z
    .strictObject({ reminders: z.enum(["on", "off"], { error: accountContent.remindersChoose }) })
    .safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
  await setEmailReminders(getDb(), viewer.id, parsed.data.reminders === "on", {
    personId: viewer.id,
    address: clientAddress(context),
  });
  return redirect("/account?saved=1");
});

export default function Account() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const saved = useSearchParams()[0].get("saved") === "1" && !outcome;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={outcome?.errors} />
        {saved ? <NotificationBanner success heading={accountContent.remindersSaved} /> : null}
        <h1>{accountContent.title}</h1>
        <SummaryList
          rows={[
            ["Name", page.name],
            ["Email", page.email],
          ]}
        />
        {page.passwordSignIn ? (
          <p>
            <Link to="/account/password">{accountContent.passwordTitle}</Link>
          </p>
        ) : null}
        <Form method="post">
          <Radios
            name="reminders"
            legend={accountContent.remindersLegend}
            hint={accountContent.remindersHint}
            value={page.reminders}
            error={outcome?.errors?.reminders}
            options={[
              { value: "on", label: accountContent.remindersOn },
              { value: "off", label: accountContent.remindersOff },
            ]}
          />
          <Button>{accountContent.save}</Button>
        </Form>
      </div>
    </div>
  );
}
