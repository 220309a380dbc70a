import type { ReactNode } from "react";
import { TableScroll } from "./table";
import type { ShownStatistic, Statistic } from "../benchmark/disclosure";
import { formatChangeBetween, formatNumber, formatPercent, formatScore } from "../format";
import { chartData } from "../report/chart-data";
import { explain, pointsText, shareText } from "../report/explain";
import {
  medianText,
  middleHalfText,
  notScoredText,
  overallPosition,
  positionText,
  rankText,
  ruleOf,
  ruleText,
  withheldText,
} from "../report/figures";
import type { Report, ReportStep } from "../report/report";

const fmt = (n: number | null) => formatScore(n);
const pct = (share: number) => formatPercent(share);
const change = (now: number | null, before: number | null) => formatChangeBetween(now, before);

/** A report, on screen and on paper. Everything shown comes from the Report data. */
export function ReportView({
  report,
  chart,
  status,
  downloads,
}: {
  report: Report;
  chart: string;
  status: ReactNode;
  downloads?: ReactNode;
}) {
  const { series, peerLabel } = chartData(report);
  return (
    <article className="app-report">
      <span className="nhsuk-caption-l">
        {report.organisation.name} ({report.organisation.odsCode})
      </span>
      <h1>
        {report.questionnaire.title}: report for {report.assessment.cycle}
      </h1>
      {status}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Overall score</dt>
          <dd className="nhsuk-summary-list__value">
            {fmt(report.overall.score)} out of 100 (level {fmt(report.overall.level)})
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">
            Change since {report.previous?.cycle ?? "the previous cycle"}
          </dt>
          <dd className="nhsuk-summary-list__value">
            {report.previous
              ? change(report.overall.score, report.overall.previousScore)
              : "No earlier report"}
          </dd>
        </div>
        {overallPosition(report) ? (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Compared with peers</dt>
            <dd className="nhsuk-summary-list__value">{overallPosition(report)}</dd>
          </div>
        ) : null}
        {report.previous?.questionnaireVersion !== undefined &&
        report.previous.questionnaireVersion !== report.questionnaire.version ? (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Questionnaire changed</dt>
            <dd className="nhsuk-summary-list__value" data-testid="questionnaire-changed">
              {report.previous.cycle} used version {report.previous.questionnaireVersion}; this report uses
              version {report.questionnaire.version}. Changes are compared theme by theme, and some questions
              in each theme were reworded, added or retired, so read a change as a guide, not an exact
              measure.
            </dd>
          </div>
        ) : null}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Themes scored</dt>
          <dd className="nhsuk-summary-list__value">
            {pct(report.overall.coverage)} of the questionnaire's weight
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Care setting and region</dt>
          <dd className="nhsuk-summary-list__value">
            {report.organisation.careSetting}, {report.organisation.region}
          </dd>
        </div>
      </dl>
      {downloads}

      <h2>Theme scores</h2>
      <div className="app-report__figures">
        <div>
          <figure className="app-radar">
            {/* Static SVG drawn on the server (see app/report/radar-svg.server.tsx). */}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own SVG, built from numbers and escaped titles */}
            <div dangerouslySetInnerHTML={{ __html: chart }} />
            <figcaption>
              <ul className="app-legend">
                {series.map((s) => (
                  <li key={s.key} className={s.className}>
                    {s.name}
                    {s.key === "previous" && report.previous ? ` (${report.previous.cycle})` : ""}
                    {s.key === "peer" && peerLabel ? ` (${peerLabel})` : ""}
                  </li>
                ))}
              </ul>
            </figcaption>
          </figure>
        </div>
        <div>
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">
              Scores out of 100, and levels
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Theme
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Score
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Level
                </th>
                {report.previous ? (
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Change
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {report.themes.map((t, i) => (
                <tr className="nhsuk-table__row" key={t.id}>
                  <th scope="row" className="nhsuk-table__header">
                    {i + 1}. <a href={`#theme-${t.id}`}>{t.title}</a>
                  </th>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{fmt(t.score)}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{fmt(t.level)}</td>
                  {report.previous ? (
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                      {change(t.score, t.previousScore)}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <Comparison report={report} />
      <Trend report={report} />
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
          {t.strongest.length > 0 ? (
            <div className="nhsuk-grid-row">
              <div className="nhsuk-grid-column-one-half">
                <h3 className="nhsuk-heading-s">Strongest</h3>
                <ul>
                  {t.strongest.map((q) => (
                    <li key={q.id}>
                      {q.text} <span className="nhsuk-body-s">({q.answer})</span>
                    </li>
                  ))}
                </ul>
              </div>
              <div className="nhsuk-grid-column-one-half">
                <h3 className="nhsuk-heading-s">Weakest</h3>
                <ul>
                  {t.weakest.map((q) => (
                    <li key={q.id}>
                      {q.text} <span className="nhsuk-body-s">({q.answer})</span>
                    </li>
                  ))}
                </ul>
              </div>
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
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">
            {e.method === "gated" ? "Answers and the gate" : "Answers, shares and points"}
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Question and answer
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Value
              </th>
              {e.method === "gated" ? (
                <th scope="col" className="nhsuk-table__header">
                  Holds the theme
                </th>
              ) : (
                <>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Share
                  </th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Points
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {e.rows.map((r) => (
              <tr className="nhsuk-table__row" key={r.id}>
                <td className="nhsuk-table__cell">
                  {r.text} <span className="nhsuk-body-s">{r.answer}</span>
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{formatNumber(r.value, 0)}</td>
                {e.method === "gated" ? (
                  <td className="nhsuk-table__cell">{r.holds ? "Yes: at the gate" : "No"}</td>
                ) : (
                  <>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{shareText(r)}</td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{pointsText(r)}</td>
                  </>
                )}
              </tr>
            ))}
            {e.method === "gated" ? null : (
              <tr className="nhsuk-table__row">
                <th scope="row" className="nhsuk-table__header">
                  Theme score
                </th>
                <td className="nhsuk-table__cell" />
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">100%</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{fmt(theme.score)}</td>
              </tr>
            )}
          </tbody>
        </table>
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

function StatCells({ stat, report }: { stat: Statistic | undefined; report: Report }) {
  const rule = ruleOf(report.comparisons!);
  const withheld = withheldText(stat, rule);
  if (withheld)
    return (
      <td className="nhsuk-table__cell" colSpan={4}>
        {withheld}
      </td>
    );
  return (
    <>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{medianText(stat)}</td>
      <td className="nhsuk-table__cell">{middleHalfText(stat, rule)}</td>
      <td className="nhsuk-table__cell">{positionText(stat) ?? "–"}</td>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{rankText(stat)}</td>
    </>
  );
}

const statHeaders = (
  <>
    <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
      Median
    </th>
    <th scope="col" className="nhsuk-table__header">
      Middle half
    </th>
    <th scope="col" className="nhsuk-table__header">
      Where you sit
    </th>
    <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
      Percentile rank
    </th>
  </>
);

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
        <TableScroll captionId="comparison-themes-caption">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s" id="comparison-themes-caption">
              {primary.label}: where you sit in each theme
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Theme
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Middle half and median (dot: you)
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Your score
                </th>
                {statHeaders}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {report.themes.map((t) => {
                const stat = primary.themes[t.id];
                return (
                  <tr className="nhsuk-table__row" key={t.id}>
                    <th scope="row" className="nhsuk-table__header">
                      {t.title}
                    </th>
                    <td className="nhsuk-table__cell">
                      {stat && stat.shown !== "count" ? (
                        <BoxPlot
                          stat={stat}
                          own={t.score}
                          label={`${t.title}: your score ${fmt(t.score)}, group median ${formatScore(stat.median)}`}
                        />
                      ) : null}
                    </td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{fmt(t.score)}</td>
                    <StatCells stat={stat} report={report} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <TableScroll captionId="comparison-overall-caption">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s" id="comparison-overall-caption">
            Overall score in each peer group
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Peer group
              </th>
              {statHeaders}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {c.groups.map((g) => (
              <tr className="nhsuk-table__row" key={g.key}>
                <th scope="row" className="nhsuk-table__header">
                  {g.label}
                </th>
                <StatCells stat={g.themes.overall} report={report} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
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
      <TableScroll captionId="trend-caption">
        <table className="nhsuk-table">
          <caption
            className="nhsuk-table__caption nhsuk-table__caption--s"
            id="trend-caption"
          >{`Overall score by cycle, against the median of ${peers}`}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Cycle
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Your score
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Peer median
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {trend.map((t) => (
              <tr className="nhsuk-table__row" key={t.cycle}>
                <th scope="row" className="nhsuk-table__header">
                  {t.cycle}
                </th>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{fmt(t.score)}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {t.peerMedian === null
                    ? t.peers === 0
                      ? "–"
                      : `Not shown (${t.peers} organisations)`
                    : formatScore(t.peerMedian)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
