import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvRow } from "../assessment/export";
import { loadSavedReport } from "../report/saved.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, report } = await loadSavedReport(request, params.reportId);
  const rows = [
    csvRow([
      "ods_code",
      "cycle",
      "theme_id",
      "theme",
      "score",
      "level",
      "coverage",
      "previous_score",
      "scoring_method_version",
    ]),
    ...report.themes.map((t) =>
      csvRow([
        report.organisation.odsCode,
        report.assessment.cycle,
        t.id,
        t.title,
        t.score ?? "",
        t.level ?? "",
        t.coverage.toFixed(3),
        t.previousScore ?? "",
        report.scoringMethodVersion,
      ]),
    ),
    csvRow([
      report.organisation.odsCode,
      report.assessment.cycle,
      "overall",
      "Overall",
      report.overall.score ?? "",
      report.overall.level ?? "",
      report.overall.coverage.toFixed(3),
      report.overall.previousScore ?? "",
      report.scoringMethodVersion,
    ]),
  ];
  return new Response(`\uFEFF${rows.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="report-${id}.csv"`,
    },
  });
}
