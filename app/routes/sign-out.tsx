import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { clientAddress, endSession, requireViewer } from "../auth/guard.server";
import { endSessionUrl } from "../auth/oidc.server";
import { sessionOrigin } from "../auth/session.server";
import { getDb } from "../db.server";
import { recordAuditEvent } from "../models/audit.server";
import { storageSafe } from "../storage.server";

export async function loader() {
  return redirect("/");
}

/**
 * Ends our session, then, for a session started through an identity provider that offers it, sends the
 * browser to the provider's end-session endpoint (RP-initiated logout), which returns it to /signed-out.
 */
export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const viewer = await requireViewer(request);
  const db = getDb();
  const address = clientAddress(context);
  const origin = await sessionOrigin(db, viewer.sessionId);
  const providerUrl = origin ? await endSessionUrl(origin.providerId, origin.idToken) : null;
  await recordAuditEvent(db, {
    action: "sign-out",
    personId: viewer.id,
    subject: viewer.email,
    details: origin ? { provider: origin.providerId, atProvider: providerUrl !== null } : undefined,
    address,
  });
  return redirect(providerUrl ?? "/signed-out", { headers: { "Set-Cookie": await endSession(db, request) } });
});
