import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form as RemixForm, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { clientAddress, endSession, getViewer } from "../auth/guard.server";
import { decoyHash, verifyPassword } from "../auth/password.server";
import { oidcProviders } from "../auth/oidc.server";
import { createSession } from "../auth/session.server";
import { config } from "../config.server";
import { attemptSucceeded, claimAttempt, throttleKeys } from "../auth/throttle.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, TextInput } from "../components/form";
import { content, pageTitle } from "../content";
import { signInContent } from "../content/sign-in";
import { getDb } from "../db.server";
import { fieldErrors, formValues } from "../forms";
import { personForPasswordSignIn } from "../models/account.server";
import { recordAuditEvent } from "../models/audit.server";
import { readForm } from "../forms.server";
import { asStorageFault } from "../storage.server";
import { safeRedirectPath } from "../redirect";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle(signInContent.title));

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getViewer(request)) throw redirect("/");
  return {
    providers: oidcProviders().map((p) => ({ id: p.id, displayName: p.displayName })),
    passwordSignIn: config().PASSWORD_SIGN_IN,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!config().PASSWORD_SIGN_IN) throw data(signInContent.passwordOff, { status: 404 });
  const SignInSchema = z.object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Enter your email address")
      .max(320, "Enter a correct email address")
      .email(content.emailFormat),
    password: z.string().min(1, "Enter your password").max(1000, "Enter a correct password"),
    redirectTo: z.string().max(2000).optional(),
  });
  const db = getDb();
  const address = clientAddress(context);
  const posted = formValues(await readForm(request));
  const parsed = SignInSchema.safeParse(posted);
  // The email comes back as typed (never the password), so a slip in it is quick to fix.
  const typedEmail = typeof posted.email === "string" ? posted.email.slice(0, 320) : "";
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), email: typedEmail }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  try {
    return await signIn(db, request, { email, password, redirectTo, address });
  } catch (error) {
    // A database that cannot be written cannot start a session: say so, and keep the email.
    if (!asStorageFault(error, context)) throw error;
    return data({ errors: { form: content.storageUnavailable }, email }, { status: 503 });
  }
}

async function signIn(
  db: ReturnType<typeof getDb>,
  request: Request,
  {
    email,
    password,
    redirectTo,
    address,
  }: { email: string; password: string; redirectTo?: string; address: string | null },
) {
  const keys = throttleKeys(email, address);
  const attempt = await claimAttempt(db, keys);
  if (!attempt.allowed) {
    return data({ errors: { email: signInContent.wait(attempt.waitSeconds) }, email }, { status: 429 });
  }

  const person = await personForPasswordSignIn(db, email);
  // Someone who signs in only through the identity provider has no password hash: verify against the decoy.
  const valid = await verifyPassword(person?.password_hash || (await decoyHash()), password);
  if (!person || !valid || !person.password_hash) {
    await recordAuditEvent(db, { action: "sign-in.failed", subject: email, address });
    return data({ errors: { email: signInContent.wrong }, email }, { status: 400 });
  }
  if (person.deactivated_at) {
    // Said only after the right password, so it reveals nothing to someone guessing.
    await recordAuditEvent(db, {
      action: "sign-in.refused",
      personId: person.id,
      subject: email,
      details: { method: "password", reason: "deactivated" },
      address,
    });
    return data({ errors: { email: signInContent.deactivated }, email }, { status: 403 });
  }

  await attemptSucceeded(db, keys);
  await recordAuditEvent(db, { action: "sign-in.succeeded", personId: person.id, subject: email, address });
  const headers = new Headers();
  // A new session id at every sign-in: an id planted before sign-in is worthless after it.
  await endSession(db, request);
  headers.append("Set-Cookie", await createSession(db, request, person.id));
  return redirect(safeRedirectPath(redirectTo), { headers });
}

export default function SignIn() {
  const { providers, passwordSignIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors as Record<string, string> | undefined;
  const redirectTo = safeRedirectPath(params.get("redirectTo"));
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>{signInContent.title}</h1>
        {providers.map((provider) => (
          // A whole-page post: the answer is a redirect to the identity provider's own site.
          <RemixForm method="post" action="/auth/oidc/start" reloadDocument key={provider.id}>
            <input type="hidden" name="provider" value={provider.id} />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <Button>{provider.displayName}</Button>
          </RemixForm>
        ))}
        {passwordSignIn ? (
          <PasswordSignIn
            redirectTo={redirectTo}
            result={result}
            errors={errors}
            providers={providers.length}
          />
        ) : null}
      </div>
    </div>
  );
}

function PasswordSignIn({
  redirectTo,
  result,
  errors,
  providers,
}: {
  redirectTo: string;
  result: { email?: string } | undefined;
  errors: Record<string, string> | undefined;
  providers: number;
}) {
  return (
    <>
      {providers > 0 ? <h2 className="nhsuk-heading-m">{signInContent.or}</h2> : null}
      <Form method="post">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextInput
          name="email"
          label={signInContent.email}
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={result?.email}
          error={errors?.email}
        />
        <TextInput
          name="password"
          label={signInContent.password}
          type="password"
          autoComplete="current-password"
          error={errors?.password}
        />
        <Button>{signInContent.submit}</Button>
      </Form>
    </>
  );
}
