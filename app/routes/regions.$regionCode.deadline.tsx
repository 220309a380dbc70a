import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { authoriseRegion, clientAddress } from "../auth/guard.server";
import { DeadlinesPage } from "../components/deadline-form";
import { titled } from "../components/page-title";
import { pageTitle } from "../content";
import { deadlineContent } from "../content/notifications";
import { groupingLabel } from "../domain/organisation";
import { loadDeadlines, saveDeadline } from "../services/deadlines.server";
import { storageSafe } from "../storage.server";
import { useLoaderData } from "@remix-run/react";

export const handle = titled(() => pageTitle("Regional deadline"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { regionCode } = await authoriseRegion(request, params.regionCode);
  return {
    ...(await loadDeadlines(regionCode, new Date())),
    regionName: groupingLabel(regionCode),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const { viewer, regionCode } = await authoriseRegion(request, params.regionCode);
  const refused = await saveDeadline(
    request,
    regionCode,
    { personId: viewer.id, address: clientAddress(context) },
    new Date(),
  );
  if (refused) return data(refused, { status: 400 });
  return redirect(`/regions/${regionCode}/deadline?saved=1`);
});

export default function RegionDeadline() {
  const { regionName } = useLoaderData<typeof loader>();
  return (
    <DeadlinesPage title={deadlineContent.regionTitle(regionName)} intro={deadlineContent.regionIntro} />
  );
}
