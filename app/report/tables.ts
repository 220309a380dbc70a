import { dataNumber } from "../format";
import { explain } from "./explain";
import { changeCaveat } from "./figures";
import type { Report } from "./report";
import { evidenceContent } from "../content/evidence";
import { evidenceOfTheme, type ReportEvidence, type ReportEvidenceItem } from "./evidence";

/**
 * The report's tables for downloads (CSV and Excel): the same rows in both, rounded once as the page shows
 * them, with only what the disclosure rule lets the audience see (the primary peer group's median, and its
 * quartiles and rank only where the page shows them too).
 */
export type Cell = string | number | null;
export interface DataTable {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** The improvement plan made from a report, as its downloads show it (app/services/plan.server.ts). */
export interface PlanColumns {
  status: string;
  version: number;
  themes: { id: string; target: number | null; actions: readonly unknown[] }[];
}

/** One cited item in a cell: its question, title, owner, review-by date and status (and deletion). */
const evidenceCell = (item: ReportEvidenceItem) =>
  `${item.questionId}: ${item.title}${item.deleted ? ` (${evidenceContent.report.deletedSince})` : ""}; owner ${item.owner}; review by ${item.reviewBy}; ${evidenceContent.report.status(item)}`;

export function reportScoresTable(
  report: Report,
  status: string,
  plan: PlanColumns | null = null,
  /** The library evidence the answers cite (issue 23): counted per theme, each item in one cell, a line each. */
  evidence: ReportEvidence | null = null,
): DataTable {
  const cited = (themeId: string) =>
    evidence ? (themeId === "overall" ? evidence.items : evidenceOfTheme(evidence, themeId)) : [];
  const planOf = (themeId: string) => plan?.themes.find((t) => t.id === themeId);
  const primary = report.comparisons?.groups[0];
  const peer = (themeId: string): Cell[] => {
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
  return {
    name: "Scores",
    columns: [
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
      "evidence_status_on",
      "evidence_cited",
      "evidence_expired",
      "evidence_due",
      "evidence",
    ],
    rows: [
      ...report.themes.map((t) => ({ ...t })),
      { ...report.overall, id: "overall", title: "Overall", previousTarget: undefined, targetMet: undefined },
    ].map((t) => [
      report.organisation.odsCode,
      report.assessment.cycle,
      status,
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
      evidence?.asOf ?? "",
      evidence ? cited(t.id).length : "",
      evidence ? cited(t.id).filter((i) => i.status === "expired").length : "",
      evidence ? cited(t.id).filter((i) => i.status === "due").length : "",
      // The overall row counts every item but lists none again: each is listed once, on its theme's row.
      t.id === "overall" ? "" : cited(t.id).map(evidenceCell).join("\n"),
    ]),
  };
}

/** The cited evidence for the Excel download: one row per item (the CSV gives them per theme). */
export function reportEvidenceTable(evidence: ReportEvidence): DataTable {
  return {
    name: "Evidence",
    columns: [
      "theme_id",
      "theme",
      "question_id",
      "question",
      "title",
      "owner",
      "review_by",
      "status",
      "status_on",
      "expired_on",
      "status_words",
      "deleted_since",
      "links",
    ],
    rows: evidence.items.map((i) => [
      i.themeId,
      i.theme,
      i.questionId,
      i.question,
      i.title,
      i.owner,
      i.reviewBy,
      i.status,
      evidence.asOf,
      i.expiredOn ?? "",
      evidenceContent.report.status(i),
      String(i.deleted),
      i.links.join(" "),
    ]),
  };
}

/** The rest of the report for the Excel download: how each score was reached, each answer, and the next steps. */
export function reportDetailTables(report: Report): DataTable[] {
  return [
    {
      name: "Explanations",
      columns: ["theme_id", "theme", "explanation"],
      rows: report.themes.map((t) => [t.id, t.title, explain(t, report.method)?.summary ?? ""]),
    },
    {
      name: "Answers",
      columns: ["theme_id", "theme", "question_id", "question", "answer", "value", "points"],
      rows: report.themes.flatMap((t) =>
        t.questions.map((q) => [
          t.id,
          t.title,
          q.id,
          q.text,
          q.answer,
          dataNumber(q.value) ?? "",
          dataNumber(q.points) ?? "",
        ]),
      ),
    },
    {
      name: "Next steps",
      columns: [
        "theme_id",
        "theme",
        "gain",
        "question_id",
        "question",
        "current",
        "next",
        "what is true there",
        "advice",
      ],
      rows: report.themes.flatMap((t) =>
        t.nextSteps.flatMap((step) =>
          step.questions.map((q) => [
            t.id,
            t.title,
            dataNumber(step.gain) ?? "",
            q.questionId,
            q.question,
            q.current,
            q.next,
            q.descriptor ?? "",
            q.advice ?? "",
          ]),
        ),
      ),
    },
  ];
}

/** The regional view's rows, as its CSV has them (every row, not one page). */
export function regionScoresTable(v: {
  themes: { id: string }[];
  filter: { cycle: string };
  rows: {
    odsCode: string;
    name: string;
    careSetting: string;
    icbCode: string | null;
    status: string;
    validation: string | null;
    scores: Record<string, number>;
    previousOverall: number | null;
    plan?: { status: string; version: number; targets: number; overdue: number } | null;
  }[];
}): DataTable {
  return {
    name: "Theme scores",
    columns: [
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
    ],
    rows: v.rows.map((r) => [
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
  };
}
