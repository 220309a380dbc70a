import { data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { clientAddress, endSession } from "../auth/guard.server";
import { clearFlowCookie, completeSignIn, type Refusal, SignInRefused } from "../auth/oidc.server";
import { createSession } from "../auth/session.server";
import { pageTitle } from "../content";
import { oidcRefusedContent, signInContent } from "../content/sign-in";
import { getDb } from "../db.server";
import { recordAuditEvent } from "../models/audit.server";
import { personForSignIn } from "../models/identity.server";
import { titled } from "../components/page-title";

export const handle = titled<typeof loader>((data) =>
  pageTitle(data ? oidcRefusedContent[data.refusal].title : signInContent.title),
);

/** Statuses of refusals: the person's own situation is 403, a broken or stale exchange 400. */
const statusOf: Record<Refusal, number> = {
  "no-sign-in-started": 400,
  "provider-unavailable": 503,
  "provider-refused": 400,
  "response-not-trusted": 400,
  "assurance-too-low": 403,
  "email-missing": 403,
  "email-unverified": 403,
  "unknown-person": 403,
  deactivated: 403,
};

/**
 * The provider sends the browser back here with a code. Every check is in completeSignIn and
 * personForSignIn; a refusal of any kind is a page saying what to do, an audit entry, and no session.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = getDb();
  const address = clientAddress(context);
  // The flow cookie is single-use whatever happens next.
  const headers = new Headers({ "Set-Cookie": await clearFlowCookie() });
  try {
    const signIn = await completeSignIn(request);
    const person = await personForSignIn(db, signIn.provider, signIn.claims, address);
    await recordAuditEvent(db, {
      action: "sign-in.succeeded",
      personId: person.id,
      subject: person.email,
      details: { method: "oidc", provider: signIn.provider.id, firstLink: person.linked },
      address,
    });
    // A new session id at every sign-in, as with a password.
    await endSession(db, request);
    headers.append(
      "Set-Cookie",
      await createSession(db, request, person.id, new Date(), {
        providerId: signIn.provider.id,
        idToken: signIn.idToken,
      }),
    );
    return redirect(signIn.redirectTo, { headers });
  } catch (error) {
    if (!(error instanceof SignInRefused)) throw error;
    await recordAuditEvent(db, {
      action: "sign-in.refused",
      subject: error.subject,
      details: { method: "oidc", reason: error.refusal, detail: error.detail.slice(0, 500) },
      address,
    });
    return data({ refusal: error.refusal }, { status: statusOf[error.refusal], headers });
  }
}

export default function SignInRefusedPage() {
  const { refusal } = useLoaderData<typeof loader>();
  const text = oidcRefusedContent[refusal];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{text.title}</h1>
        <p>{text.body}</p>
        <p>
          <Link to="/sign-in">{oidcRefusedContent.startAgain}</Link>
        </p>
      </div>
    </div>
  );
}
