import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { clientAddress, endSession, requireViewer } from "../auth/guard.server";
import { getDb } from "../db.server";
import { recordAuditEvent } from "../models/audit.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const db = getDb();
  const address = clientAddress(context);
  await recordAuditEvent(db, { action: "sign-out", personId: viewer.id, subject: viewer.email, address });
  return redirect("/signed-out", { headers: { "Set-Cookie": await endSession(db, request) } });
}
