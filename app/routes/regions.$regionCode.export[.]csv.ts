import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, csvRow } from "../csv";
import { regionScoresTable } from "../report/tables";
import { loadRegionView } from "../services/region-view.server";

/** Everything the regional view shows, every page of it, as CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const v = await loadRegionView(request, params.regionCode, { every: true });
  const table = regionScoresTable(v);
  const name = `${v.regionCode ?? "national"}-${v.questionnaire.id}-${v.filter.cycle.replace("/", "-")}.csv`;
  return csvDownload(name, [csvRow(table.columns), ...table.rows.map(csvRow)]);
}
