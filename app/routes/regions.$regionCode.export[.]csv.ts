import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, csvRow } from "../csv";
import { dataNumber } from "../format";
import { loadRegionView } from "../services/region-view.server";

/** Everything the regional view shows, every page of it, as CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const v = await loadRegionView(request, params.regionCode, { every: true });
  const lines = [
    csvRow([
      "ods_code",
      "organisation",
      "care_setting",
      "icb_code",
      "cycle",
      "status",
      "validation",
      ...v.themes.map((t) => t.id),
      "previous_overall",
      "plan_status",
      "plan_version",
      "plan_targets",
      "plan_actions_overdue",
    ]),
    ...v.rows.map((r) =>
      csvRow([
        r.odsCode,
        r.name,
        r.careSetting,
        r.icbCode ?? "",
        v.filter.cycle,
        r.status,
        r.validation ?? "",
        ...v.themes.map((t) => dataNumber(r.scores[t.id]) ?? ""),
        dataNumber(r.previousOverall) ?? "",
        r.plan?.status ?? "",
        r.plan?.version ?? "",
        r.plan?.targets ?? "",
        r.plan?.overdue ?? "",
      ]),
    ),
  ];
  const name = `${v.regionCode ?? "national"}-${v.questionnaire.id}-${v.filter.cycle.replace("/", "-")}.csv`;
  return csvDownload(name, lines);
}
