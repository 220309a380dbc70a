import type { ReactNode } from "react";
import { WarningCallout } from "./admin";
import { SummaryList } from "./summary-list";
import { PlanCheck } from "./plan/report-plan";
import { Table, type TableCell } from "./table";
import type { ShownStatistic, Statistic } from "../benchmark/disclosure";
import { formatChangeBetween, formatNumber, formatPercent, formatScore } from "../format";
import { chartData, type Targets, type trajectoryData } from "../report/chart-data";
import { RadarFigure } from "./charts/interactive";
import { Trajectory } from "./charts/trajectory";
import { explain, pointsText, shareText } from "../report/explain";
import {
  changeCaveat,
  medianText,
  middleHalfText,
  notScoredText,
  overallPosition,
  positionText,
  rankText,
  ruleOf,
  ruleText,
  trendCaveat,
  withheldText,
} from "../report/figures";
import type { Report, ReportQuestion, ReportStep } from "../report/report";

const fmt = (n: number | null) => formatScore(n);
const pct = (share: number) => formatPercent(share);
const change = (now: number | null, before: number | null) => formatChangeBetween(now, before);

/** A report, on screen and on paper. Everything shown comes from the Report data. */
export function ReportView({
  report,
  chart,
  status,
  downloads,
  plan,
  targets = {},
  trajectory,
}: {
  report: Report;
  chart: string;
  status: ReactNode;
  downloads?: ReactNode;
  /** The improvement plan made from this report (saved reports only). */
  plan?: ReactNode;
  /** The plan's target levels by theme, drawn with the scores. */
  targets?: Targets;
  /** Scores cycle by cycle, for the interactive trajectory chart (the trend table is its base). */
  trajectory?: ReturnType<typeof trajectoryData>;
}) {
  const { series, peerLabel } = chartData(report, targets);
  const hasTargets = series.some((s) => s.key === "target");
  return (
    <article className="app-report">
      <span className="nhsuk-caption-l">
        {report.organisation.name} ({report.organisation.odsCode})
      </span>
      <h1>
        {report.questionnaire.title}: report for {report.assessment.cycle}
      </h1>
      {status}
      <SummaryList
        rows={[
          ["Overall score", `${fmt(report.overall.score)} out of 100 (level ${fmt(report.overall.level)})`],
          [
            `Change since ${report.previous?.cycle ?? "the previous cycle"}`,
            report.previous
              ? change(report.overall.score, report.overall.previousScore)
              : "No earlier report",
          ],
          overallPosition(report) ? ["Compared with peers", overallPosition(report)] : null,
          changeCaveat(report) ? ["Questionnaire changed", changeCaveat(report)] : null,
          ["Themes scored", `${pct(report.overall.coverage)} of the questionnaire's weight`],
          ["Care setting and region", `${report.organisation.careSetting}, ${report.organisation.region}`],
        ]}
      />
      {downloads}

      <h2>Theme scores</h2>
      <div className="app-report__figures">
        <div>
          <RadarFigure
            data={chartData(report, targets)}
            caption={
              <ul className="app-legend">
                {series.map((s) => (
                  <li key={s.key} className={s.className}>
                    {s.name}
                    {s.key === "previous" && report.previous ? ` (${report.previous.cycle})` : ""}
                    {s.key === "peer" && peerLabel ? ` (${peerLabel})` : ""}
                  </li>
                ))}
              </ul>
            }
          >
            {/* Static SVG drawn on the server (see app/report/radar-svg.ts). */}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own SVG, built from numbers and escaped titles */}
            <div dangerouslySetInnerHTML={{ __html: chart }} />
          </RadarFigure>
        </div>
        <div>
          <Table
            caption="Scores out of 100, and levels"
            firstCellIsHeader
            columns={[
              "Theme",
              { header: "Score", numeric: true },
              { header: "Level", numeric: true },
              ...(report.previous ? [{ header: "Change", numeric: true }] : []),
              ...(hasTargets ? [{ header: "Target level", numeric: true }] : []),
            ]}
            rows={report.themes.map((t, i) => ({
              key: t.id,
              cells: [
                <>
                  {i + 1}. <a href={`#theme-${t.id}`}>{t.title}</a>
                </>,
                fmt(t.score),
                fmt(t.level),
                ...(report.previous ? [change(t.score, t.previousScore)] : []),
                ...(hasTargets ? [targets[t.id] ?? "–"] : []),
              ],
            }))}
          />
          {report.previous && changeCaveat(report) ? (
            <p className="nhsuk-body-s app-caveat">{changeCaveat(report)}</p>
          ) : null}
        </div>
      </div>

      <Comparison report={report} />
      <Trend report={report} />
      {trajectory && trajectory.rows.length > 1 ? (
        <Trajectory data={trajectory} caption="Scores out of 100 by cycle" />
      ) : null}
      <PlanCheck report={report} />
      {plan}
      {report.themes.map((t) => (
        <section className="app-report__theme" id={`theme-${t.id}`} key={t.id}>
          <h2>{t.title}</h2>
          <p className="nhsuk-body-l">
            {t.score === null
              ? notScoredText(t, report)
              : `Score ${fmt(t.score)} out of 100, level ${fmt(t.level)}. ${pct(t.coverage)} answered.`}
            {report.previous && t.score !== null
              ? ` Change since ${report.previous.cycle}: ${change(t.score, t.previousScore)}.`
              : ""}
          </p>
          {t.cap ? (
            <WarningCallout heading={`Capped at level ${t.cap.maxLevel}`} id={`theme-${t.id}-cap`} level={3}>
              <p>
                {t.cap.reason} Without the cap the score would be {fmt(t.cap.uncappedScore)}. Not achieved:
              </p>
              <ul>
                {t.cap.by.map((b) => (
                  <li key={b.id}>
                    {b.text} ({b.answer})
                  </li>
                ))}
              </ul>
            </WarningCallout>
          ) : null}
          {t.strongest.length > 0 ? (
            <div className="nhsuk-grid-row">
              <AnsweredQuestions heading="Strongest" questions={t.strongest} />
              <AnsweredQuestions heading="Weakest" questions={t.weakest} />
            </div>
          ) : null}
          {t.nextSteps.length > 0 ? (
            <>
              <h3>Next steps</h3>
              <ol className="app-next-steps">
                {t.nextSteps.map((s) => (
                  <NextStepItem step={s} key={s.questions.map((q) => q.questionId).join(" ")} />
                ))}
              </ol>
            </>
          ) : null}
          <Explanation theme={t} method={report.method} />
        </section>
      ))}
      <p className="nhsuk-body-s">
        Questionnaire {report.questionnaire.id} version {report.questionnaire.version}; scoring method{" "}
        {report.scoringMethodVersion} ({report.method}). How scores are worked out:{" "}
        <a href="/help/scoring">the scoring method</a>.
      </p>
    </article>
  );
}

/** One step of the action plan; answers that only lift a gated theme together are one step. */
function NextStepItem({ step }: { step: ReportStep }) {
  const gain = `up to +${formatNumber(step.gain, 1)} points for this theme`;
  if (step.questions.length === 1) {
    const q = step.questions[0]!;
    return (
      <li>
        <p>
          <strong>{q.question}</strong> From {q.current} to {q.next}: {gain}.
        </p>
        {q.descriptor ? <p>What is true at the next level: {q.descriptor}</p> : null}
        {q.advice ? <p>How to get there: {q.advice}</p> : null}
      </li>
    );
  }
  return (
    <li>
      <p>
        <strong>Raise these {step.questions.length} answers together</strong>: they hold this gated theme at
        its level, and raising one alone gains nothing. Together: {gain}.
      </p>
      <ul>
        {step.questions.map((q) => (
          <li key={q.questionId}>
            <strong>{q.question}</strong> From {q.current} to {q.next}.
            {q.advice ? ` How to get there: ${q.advice}` : ""}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** "How this score was worked out", as the method works it out (app/report/explain.ts). */
function Explanation({ theme, method }: { theme: Report["themes"][number]; method: Report["method"] }) {
  const e = explain(theme, method);
  if (!e) return null;
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">How this score was worked out</span>
      </summary>
      <div className="nhsuk-details__text">
        <p>{e.summary}</p>
        <Table
          caption={e.method === "gated" ? "Answers and the gate" : "Answers, shares and points"}
          firstCellIsHeader
          columns={[
            "Question and answer",
            { header: "Value", numeric: true },
            ...(e.method === "gated"
              ? ["Holds the theme"]
              : [
                  { header: "Share", numeric: true },
                  { header: "Points", numeric: true },
                ]),
          ]}
          rows={[
            ...e.rows.map((r) => ({
              key: r.id,
              cells: [
                <>
                  {r.text} <span className="nhsuk-body-s">{r.answer}</span>
                </>,
                formatNumber(r.value, 0),
                ...(e.method === "gated"
                  ? [r.holds ? "Yes: at the gate" : "No"]
                  : [shareText(r), pointsText(r)]),
              ],
            })),
            ...(e.method === "gated"
              ? []
              : [{ key: "total", cells: ["Theme score", null, "100%", fmt(theme.score)] }]),
          ]}
        />
      </div>
    </details>
  );
}

const plotWidth = 300;
const x = (score: number) => 10 + (score / 100) * (plotWidth - 20);

/**
 * A group's disclosed figures on the 0–100 scale, with the organisation marked: the middle half as a box
 * and the median as a line, or the median alone for smaller groups. No whiskers: the lowest and highest
 * scores are never shown to organisations.
 */
function BoxPlot({ stat, own, label }: { stat: ShownStatistic; own: number | null; label: string }) {
  return (
    <svg
      className="app-boxplot"
      width={plotWidth}
      height="36"
      viewBox={`0 0 ${plotWidth} 36`}
      role="img"
      aria-label={label}
      focusable="false"
    >
      <title>{label}</title>
      <line x1={x(0)} x2={x(100)} y1="18" y2="18" className="app-boxplot__axis" />
      {stat.shown === "full" ? (
        <line x1={x(stat.min)} x2={x(stat.max)} y1="18" y2="18" className="app-boxplot__whisker" />
      ) : null}
      {stat.shown === "median" ? null : (
        <rect
          x={x(stat.q1)}
          y="8"
          width={Math.max(1, x(stat.q3) - x(stat.q1))}
          height="20"
          className="app-boxplot__box"
        />
      )}
      <line x1={x(stat.median)} x2={x(stat.median)} y1="6" y2="30" className="app-boxplot__median" />
      {own === null ? null : <circle cx={x(own)} cy="18" r="6" className="app-boxplot__own" />}
    </svg>
  );
}

/** A group's disclosed figures as table cells: four, or one saying why they are held back. */
function statCells(stat: Statistic | undefined, report: Report): TableCell[] {
  const rule = ruleOf(report.comparisons!);
  const withheld = withheldText(stat, rule);
  if (withheld) return [{ content: withheld, colSpan: 4, numeric: false }];
  return [medianText(stat), middleHalfText(stat, rule), positionText(stat) ?? "–", rankText(stat)];
}

const statColumns = [
  { header: "Median", numeric: true },
  "Middle half",
  "Where you sit",
  { header: "Percentile rank", numeric: true },
];

/** How the organisation compares with its peer groups: disclosed aggregates only, never another organisation's name. */
function Comparison({ report }: { report: Report }) {
  const c = report.comparisons;
  if (!c) return null;
  const rule = ruleOf(c);
  const primary = c.groups[0];
  return (
    <section className="app-report__comparison">
      <h2>How you compare</h2>
      <p>
        Compared with the latest {c.basis === "validated" ? "validated" : "submitted"} assessment of each
        organisation in the same cycle. The middle half of a group lies between its quartiles (worked out by
        linear interpolation, from unrounded scores). Your percentile rank is the share of the group below
        you, counting ties as half.
      </p>
      <p>{ruleText(rule)}</p>
      {primary ? (
        <Table
          caption={`${primary.label}: where you sit in each theme`}
          firstCellIsHeader
          columns={[
            "Theme",
            "Middle half and median (dot: you)",
            { header: "Your score", numeric: true },
            ...statColumns,
          ]}
          rows={report.themes.map((t) => {
            const stat = primary.themes[t.id];
            return {
              key: t.id,
              cells: [
                t.title,
                stat && stat.shown !== "count" ? (
                  <BoxPlot
                    key="plot"
                    stat={stat}
                    own={t.score}
                    label={`${t.title}: your score ${fmt(t.score)}, group median ${formatScore(stat.median)}`}
                  />
                ) : null,
                fmt(t.score),
                ...statCells(stat, report),
              ],
            };
          })}
        />
      ) : null}
      <Table
        caption="Overall score in each peer group"
        firstCellIsHeader
        columns={["Peer group", ...statColumns]}
        rows={c.groups.map((g) => ({ key: g.key, cells: [g.label, ...statCells(g.themes.overall, report)] }))}
      />
    </section>
  );
}

/** The overall score cycle by cycle against the care-setting median, as a table (the figures are few). */
function Trend({ report }: { report: Report }) {
  const trend = report.trend;
  if (!trend || trend.length < 2) return null;
  const peers = report.comparisons?.groups[0]?.label ?? "Organisations in the same care setting";
  return (
    <section>
      <h2>Trend</h2>
      <Table
        caption={`Overall score by cycle, against the median of ${peers}`}
        firstCellIsHeader
        columns={["Cycle", { header: "Your score", numeric: true }, { header: "Peer median", numeric: true }]}
        rows={trend.map((t) => ({
          key: t.cycle,
          cells: [
            t.cycle,
            fmt(t.score),
            t.peerMedian === null
              ? t.peers === 0
                ? "–"
                : `Not shown (${t.peers} organisations)`
              : formatScore(t.peerMedian),
          ],
        }))}
      />
      {trendCaveat(report) ? <p className="nhsuk-body-s app-caveat">{trendCaveat(report)}</p> : null}
    </section>
  );
}

/** Half a row: a theme's strongest or weakest questions, each with its answer. */
function AnsweredQuestions({
  heading,
  questions,
}: {
  heading: string;
  questions: readonly ReportQuestion[];
}) {
  return (
    <div className="nhsuk-grid-column-one-half">
      <h3 className="nhsuk-heading-s">{heading}</h3>
      <ul>
        {questions.map((q) => (
          <li key={q.id}>
            {q.text} <span className="nhsuk-body-s">({q.answer})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
