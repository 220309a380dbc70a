import { formatChangeBetween, formatPercent, formatScore } from "../../format";
import { boardPackHeadings as h } from "../../content/board-pack";
import { changeCaveat, notScoredText, overallPosition, trendCaveat } from "../figures";
import type { ReportTheme } from "../report";
import type { BoardPackInput } from "./input";
import { type Cell, type Column, contentWidth, type PdfWriter } from "./writer.server";
import { stepText } from "./next-steps.server";

/** The summary page: the overall score and its change, strongest and weakest themes, trend, largest gains. */
export function summary(w: PdfWriter, input: BoardPackInput) {
  const { report } = input;
  w.newPage();
  w.heading(1, h.summary);
  const overall = report.overall;
  w.textBlock(
    "P",
    overall.score === null
      ? "Overall score: not scored (too little of the questionnaire was scored)."
      : `Overall score ${formatScore(overall.score)} out of 100, level ${formatScore(overall.level)} of ${report.questionnaire.levelScale.length}.`,
    { size: 16, bold: true, gap: 10 },
  );
  const scored = report.themes.filter((t): t is ReportTheme & { score: number } => t.score !== null);
  const facts: [string, string][] = [
    [
      `Change since ${report.previous?.cycle ?? "the last cycle"}`,
      report.previous
        ? `${formatChangeBetween(overall.score, overall.previousScore)} (from ${formatScore(overall.previousScore)})`
        : "No earlier report to compare with",
    ],
    ...(changeCaveat(report) ? [["Questionnaire changed", changeCaveat(report)!] as [string, string]] : []),
    ["Compared with peers", overallPosition(report) ?? "No peer figures yet"],
    [
      "Themes scored",
      `${scored.length} of ${report.themes.length} (${formatPercent(overall.coverage)} of the questionnaire's weight)`,
    ],
    [
      "Next steps",
      `${report.themes.reduce((s, t) => s + t.nextSteps.length, 0)} across ${report.themes.filter((t) => t.nextSteps.length > 0).length} themes`,
    ],
  ];
  w.table(
    [
      { header: "At a glance", width: 150 },
      { header: "", width: contentWidth - 150 },
    ],
    facts.map(([k, v]) => [{ text: k, bold: true }, { text: v }]),
    { size: 10.5 },
  );
  const ranked = [...scored].sort(
    (a, b) => b.score - a.score || report.themes.indexOf(a) - report.themes.indexOf(b),
  );
  const columns: Column[] = [
    { header: "Theme", width: contentWidth - 220 },
    { header: "Score", width: 70, align: "right" },
    { header: "Level", width: 60, align: "right" },
    { header: "Change", width: 90, align: "right" },
  ];
  const row = (t: ReportTheme): Cell[] => [
    { text: t.title },
    { text: formatScore(t.score) },
    { text: formatScore(t.level) },
    { text: report.previous ? formatChangeBetween(t.score, t.previousScore) : "–" },
  ];
  w.heading(2, h.strongest, { outline: false });
  w.table(columns, ranked.slice(0, 3).map(row));
  w.heading(2, h.weakest, { outline: false });
  w.table(columns, ranked.slice(-3).reverse().map(row));
  const unscored = report.themes.filter((t) => t.score === null);
  if (unscored.length > 0) {
    w.heading(2, h.notScored, { outline: false });
    w.list(unscored.map((t) => `${t.title}. ${notScoredText(t, report)}`));
  }
  const capped = report.themes.filter((t) => t.cap);
  if (capped.length > 0) {
    // Beside the scores: a declared cap (docs/scoring.md §3a) and the outcomes that set it off.
    w.heading(2, "Capped themes", { outline: false });
    w.list(
      capped.map(
        (t) =>
          `${t.title}: capped at level ${t.cap!.maxLevel} (${formatScore(t.cap!.uncappedScore)} without the cap). ${t.cap!.reason} Not achieved: ${t.cap!.by.map((b) => b.text).join("; ")}`,
      ),
    );
  }
  trend(w, input);
  largestGains(w, input);
}

function trend(w: PdfWriter, input: BoardPackInput) {
  const { report } = input;
  const trend = report.trend;
  if (trend && trend.length > 1) {
    w.heading(2, h.trend, { outline: false });
    w.table(
      [
        { header: "Cycle", width: contentWidth - 240 },
        { header: "Your overall score", width: 110, align: "right" },
        { header: "Peer median", width: 130, align: "right" },
      ],
      trend.map((t): Cell[] => [
        { text: t.cycle },
        { text: formatScore(t.score, "–") },
        {
          text:
            t.peerMedian === null
              ? t.peers === 0
                ? "–"
                : `Not shown (${t.peers} organisations)`
              : formatScore(t.peerMedian),
        },
      ]),
      { size: 9.5 },
    );
    const caveat = trendCaveat(report);
    if (caveat) w.paragraph(caveat, { size: 9.5 });
  }
}

/** The steps with the largest gains in the whole report: what a board may ask for first. */
function largestGains(w: PdfWriter, input: BoardPackInput) {
  const steps = input.report.themes
    .flatMap((t) => t.nextSteps.map((step) => ({ theme: t.title, step })))
    .sort((a, b) => b.step.gain - a.step.gain)
    .slice(0, 3);
  if (steps.length === 0) return;
  w.heading(2, h.largestGains, { outline: false });
  w.list(
    steps.map(({ theme, step }) => `${theme}: ${stepText(step, false)}`),
    { numbered: true, size: 9.5 },
  );
}
