import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { authorise, clientAddress } from "../auth/guard.server";
import { DeadlinesPage } from "../components/deadline-form";
import { titled } from "../components/page-title";
import { pageTitle } from "../content";
import { deadlineContent } from "../content/notifications";
import { nationalScope } from "../models/deadline.server";
import { loadDeadlines, saveDeadline } from "../services/deadlines.server";
import { storageSafe } from "../storage.server";

export const handle = titled(() => pageTitle(deadlineContent.adminTitle));

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return loadDeadlines(nationalScope, new Date());
}

export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const viewer = await authorise(request, "administer");
  const refused = await saveDeadline(
    request,
    nationalScope,
    { personId: viewer.id, address: clientAddress(context) },
    new Date(),
  );
  if (refused) return data(refused, { status: 400 });
  return redirect("/admin/deadlines?saved=1");
});

export default function AdminDeadlines() {
  return <DeadlinesPage title={deadlineContent.adminTitle} intro={deadlineContent.adminIntro} />;
}
