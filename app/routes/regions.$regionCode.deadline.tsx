import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { authorise, clientAddress, notFound } from "../auth/guard.server";
import { DeadlinesPage } from "../components/deadline-form";
import { titled } from "../components/page-title";
import { pageTitle } from "../content";
import { deadlineContent } from "../content/notifications";
import { groupingLabel, regions } from "../domain/organisation";
import { isOwnKey } from "../params";
import { loadDeadlines, saveDeadline } from "../services/deadlines.server";
import { storageSafe } from "../storage.server";
import { useLoaderData } from "@remix-run/react";

export const handle = titled(() => pageTitle("Regional deadline"));

async function authoriseRegion(request: Request, regionCode: string | undefined) {
  if (!regionCode || !isOwnKey(regions, regionCode)) throw notFound();
  return authorise(request, "region.compare", { regionCode });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authoriseRegion(request, params.regionCode);
  return {
    ...(await loadDeadlines(params.regionCode!, new Date())),
    regionName: groupingLabel(params.regionCode!),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const viewer = await authoriseRegion(request, params.regionCode);
  const refused = await saveDeadline(
    request,
    params.regionCode!,
    { personId: viewer.id, address: clientAddress(context) },
    new Date(),
  );
  if (refused) return data(refused, { status: 400 });
  return redirect(`/regions/${params.regionCode}/deadline?saved=1`);
});

export default function RegionDeadline() {
  const { regionName } = useLoaderData<typeof loader>();
  return (
    <DeadlinesPage title={deadlineContent.regionTitle(regionName)} intro={deadlineContent.regionIntro} />
  );
}
