import type { LoaderFunctionArgs } from "@remix-run/node";
import { regionScoresTable } from "../report/tables";
import { loadRegionView, regionAnswersTable } from "../services/region-view.server";
import { xlsxDownload } from "../workbook/build.server";
import { tablesWorkbook } from "../workbook/tables.server";

/** The regional view as an Excel workbook: its theme scores (as the CSV), and every answer behind them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const v = await loadRegionView(request, params.regionCode, { every: true });
  const body = await tablesWorkbook(
    `${v.regionName}: ${v.questionnaire.title}, ${v.filter.cycle}`,
    [regionScoresTable(v), await regionAnswersTable(v)],
    new Date(),
  );
  const name = `${v.regionCode ?? "national"}-${v.questionnaire.id}-${v.filter.cycle.replace("/", "-")}.xlsx`;
  return xlsxDownload(name, body);
}
