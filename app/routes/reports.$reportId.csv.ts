import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload, csvRow } from "../csv";
import { dataNumber } from "../format";
import { changeCaveat } from "../report/figures";
import { getDb } from "../db.server";
import { planForReport } from "../services/plan.server";
import { loadSavedReport } from "../services/saved-report.server";

/**
 * The report's figures as CSV: one row per theme and one for overall, rounded once as the page shows them,
 * with the peer group's disclosed median (the disclosure rule holds back everything else it holds back on
 * the page: the lowest and highest scores always, quartiles and ranks below their threshold).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id, report, standing, assessmentId } = await loadSavedReport(request, params.reportId);
  const plan = await planForReport(
    getDb(),
    assessmentId,
    report.themes.map((t) => t.id),
  );
  const planOf = (themeId: string) => plan?.themes.find((t) => t.id === themeId);
  const primary = report.comparisons?.groups[0];
  const peer = (themeId: string) => {
    const stat = primary?.themes[themeId];
    if (!stat || stat.shown === "count") return ["", "", "", "", stat?.n ?? ""];
    const quartiles = stat.shown === "quartiles" || stat.shown === "full";
    return [
      dataNumber(stat.median) ?? "",
      quartiles ? (dataNumber(stat.q1) ?? "") : "",
      quartiles ? (dataNumber(stat.q3) ?? "") : "",
      quartiles ? (dataNumber(stat.percentileRank, 0) ?? "") : "",
      stat.n,
    ];
  };
  const rows = [
    csvRow([
      "ods_code",
      "cycle",
      "status",
      "theme_id",
      "theme",
      "score",
      "level",
      "coverage",
      "previous_score",
      "peer_group",
      "peer_median",
      "peer_lower_quartile",
      "peer_upper_quartile",
      "percentile_rank",
      "peer_organisations",
      "scoring_method_version",
      "questionnaire_version",
      "previous_questionnaire_version",
      "change_caveat",
      "plan_status",
      "plan_version",
      "target",
      "plan_actions",
      "previous_target",
      "target_met",
    ]),
    ...[
      ...report.themes.map((t) => ({ ...t })),
      { ...report.overall, id: "overall", title: "Overall", previousTarget: undefined, targetMet: undefined },
    ].map((t) =>
      csvRow([
        report.organisation.odsCode,
        report.assessment.cycle,
        standing.status,
        t.id,
        t.title,
        dataNumber(t.score) ?? "",
        dataNumber(t.level) ?? "",
        dataNumber(t.coverage, 3) ?? "",
        dataNumber(t.previousScore) ?? "",
        primary?.label ?? "",
        ...peer(t.id),
        report.scoringMethodVersion,
        report.questionnaire.version,
        report.previous?.questionnaireVersion ?? "",
        // Beside every previous_score: the change crosses questionnaire versions.
        changeCaveat(report) ?? "",
        plan?.status ?? "",
        plan?.version ?? "",
        planOf(t.id)?.target ?? "",
        planOf(t.id)?.actions.length ?? "",
        t.previousTarget ?? "",
        t.targetMet == null ? "" : String(t.targetMet),
      ]),
    ),
  ];
  return csvDownload(`report-${id}.csv`, rows);
}
