import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { clientAddress, endSession, getViewer } from "../auth/guard.server";
import { decoyHash, verifyPassword } from "../auth/password.server";
import { createSession } from "../auth/session.server";
import { clearFailures, recordFailure, secondsToWait, throttleKeys } from "../auth/throttle.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, TextInput } from "../components/form";
import { content } from "../content";
import { getDb } from "../db.server";
import { fieldErrors, formValues } from "../forms";
import { recordAuditEvent } from "../models/audit.server";
import { readForm } from "../forms.server";

export const meta: MetaFunction = () => [{ title: `${content.signIn.title} – ${content.serviceName}` }];

/** Only paths on this site, so sign-in cannot bounce someone to another site. */
const safeRedirect = (to: string | undefined) => (to?.startsWith("/") && !to.startsWith("//") ? to : "/");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getViewer(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const SignInSchema = z.object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Enter your email address")
      .max(320, "Enter a correct email address")
      .email("Enter an email address in the correct format, like name@example.nhs.uk"),
    password: z.string().min(1, "Enter your password").max(1000, "Enter a correct password"),
    redirectTo: z.string().max(2000).optional(),
  });
  const db = getDb();
  const address = clientAddress(context);
  const parsed = SignInSchema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), email: "" }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;

  const keys = throttleKeys(email, address);
  const wait = await secondsToWait(db, keys);
  if (wait > 0) return data({ errors: { email: content.signIn.wait(wait) }, email }, { status: 429 });

  const person = await db
    .selectFrom("person")
    .select(["id", "password_hash"])
    .where("email", "=", email)
    .executeTakeFirst();
  const valid = await verifyPassword(person?.password_hash ?? (await decoyHash()), password);
  if (!person || !valid) {
    await recordFailure(db, keys);
    await recordAuditEvent(db, { action: "sign-in.failed", subject: email, address });
    return data({ errors: { email: content.signIn.wrong }, email }, { status: 400 });
  }

  await clearFailures(db, keys.slice(0, 1));
  await recordAuditEvent(db, { action: "sign-in.succeeded", personId: person.id, subject: email, address });
  const headers = new Headers();
  // A new session id at every sign-in: an id planted before sign-in is worthless after it.
  await endSession(db, request);
  headers.append("Set-Cookie", await createSession(db, request, person.id));
  return redirect(safeRedirect(redirectTo), { headers });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors as Record<string, string> | undefined;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>{content.signIn.title}</h1>
        <Form method="post">
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <TextInput
            name="email"
            label={content.signIn.email}
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={result?.email}
            error={errors?.email}
          />
          <TextInput
            name="password"
            label={content.signIn.password}
            type="password"
            autoComplete="current-password"
            error={errors?.password}
          />
          <Button>{content.signIn.submit}</Button>
        </Form>
      </div>
    </div>
  );
}
