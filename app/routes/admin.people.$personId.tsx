import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { authorise, clientAddress, forgetPerson, notFound } from "../auth/guard.server";
import { NotificationBanner } from "../components/notification-banner";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, TextInput } from "../components/form";
import { SummaryList } from "../components/summary-list";
import { config } from "../config.server";
import { pageTitle } from "../content";
import { getDb } from "../db.server";
import { formatDate } from "../format";
import { fieldErrors, formValues } from "../forms";
import { readForm } from "../forms.server";
import { getPersonForAdmin, resetPassword, setDeactivated } from "../models/account.server";
import { parseId } from "../params";
import { titled } from "../components/page-title";

export const handle = titled<typeof loader>((data) => pageTitle(data?.person.name ?? "Person"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  const id = parseId(params.personId);
  const person = id === null ? null : await getPersonForAdmin(getDb(), id);
  if (!person) throw notFound();
  return { person, passwordSignIn: config().PASSWORD_SIGN_IN };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await authorise(request, "administer");
  const id = parseId(params.personId);
  if (id === null) throw notFound();
  const ActionSchema = z.discriminatedUnion(
    "intent",
    [
      z.object({
        intent: z.literal("reset-password"),
        password: z
          .string()
          .min(12, "The first password must be 12 characters or more")
          .max(200, "The first password must be 200 characters or fewer"),
      }),
      z.object({ intent: z.literal("deactivate") }),
      z.object({ intent: z.literal("reactivate") }),
    ],
    { error: "Choose what to do" },
  );
  const parsed = ActionSchema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const db = getDb();
  const actor = { personId: viewer.id, address: clientAddress(context) };
  const personId = id;
  let done: boolean;
  switch (parsed.data.intent) {
    case "reset-password":
      if (!config().PASSWORD_SIGN_IN) throw data("Password sign-in is switched off.", { status: 404 });
      done = await resetPassword(db, personId, parsed.data.password, actor);
      break;
    case "deactivate":
      if (personId === viewer.id)
        return data({ errors: { form: "You cannot deactivate yourself" } }, { status: 400 });
      done = await setDeactivated(db, personId, true, actor);
      break;
    case "reactivate":
      done = await setDeactivated(db, personId, false, actor);
      break;
  }
  if (!done) throw data("That change has already been made, or the person does not exist.", { status: 409 });
  // Their sessions are deleted; forget them here too, so not even the viewer cache's seconds remain.
  forgetPerson(personId);
  return redirect(`/admin/people/${personId}?done=${parsed.data.intent}`);
}

const doneText: Record<string, string> = {
  "reset-password": "Password reset. They must choose a new one when they next sign in.",
  deactivate: "Deactivated. Their sessions have ended and they cannot sign in.",
  reactivate: "Reactivated. They can sign in again.",
};

export default function AdminPerson() {
  const { person, passwordSignIn } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors = outcome?.errors as Record<string, string> | undefined;
  const done = doneText[search.get("done") ?? ""];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {done && !errors ? <NotificationBanner success heading={done} /> : null}
        <ErrorSummary errors={errors} />
        <h1>{person.name}</h1>
        <SummaryList
          rows={[
            ["Email address", person.email],
            [
              "Status",
              `${person.deactivated_at ? `Deactivated on ${formatDate(person.deactivated_at)}` : "Active"}${
                person.must_change_password ? ". Must choose a new password at next sign-in" : ""
              }`,
            ],
            [
              "Signs in with",
              [
                person.hasPassword ? "a password" : null,
                ...person.identities.map((i) => `an identity provider account (${i.issuer})`),
              ]
                .filter(Boolean)
                .join(" and ") ||
                "nothing yet: they are linked when they first sign in with their NHS account",
            ],
            ["Signed-in sessions", person.sessions],
          ]}
        />

        {passwordSignIn && !person.deactivated_at ? (
          <>
            <h2>Reset their password</h2>
            <p>
              Give them a first password in person or by phone. They must choose a new one when they sign in,
              and every session they have now ends.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="reset-password" />
              <TextInput
                name="password"
                label="First password"
                hint="At least 12 characters"
                type="password"
                autoComplete="new-password"
                error={errors?.password}
              />
              <Button secondary>Reset password</Button>
            </Form>
          </>
        ) : null}

        <h2>{person.deactivated_at ? "Reactivate" : "Deactivate"}</h2>
        {person.deactivated_at ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reactivate" />
            <p>They will be able to sign in again, with the roles they still have.</p>
            <Button secondary>Reactivate {person.name}</Button>
          </Form>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="deactivate" />
            <p>
              Their sessions end at once and they cannot sign in. Their answers, sign-offs and audit entries
              keep their name.
            </p>
            <Button className="nhsuk-button nhsuk-button--warning" data-module="nhsuk-button">
              Deactivate {person.name}
            </Button>
          </Form>
        )}
        <p>
          <Link to="/admin/people">Back to people</Link>
        </p>
      </div>
    </div>
  );
}
