import type { ReactNode } from "react";
import type { Report } from "../report/report";
import type { Statistic } from "../benchmark/compare";
import { chartData } from "../report/chart-data";

const fmt = (n: number | null, digits = 1) => (n === null ? "Not scored" : n.toFixed(digits));
const pct = (share: number) => `${Math.round(share * 100)}%`;
function change(now: number | null, before: number | null) {
  if (now === null || before === null) return "–";
  const d = Math.round((now - before) * 10) / 10;
  return d > 0 ? `+${d.toFixed(1)}` : d.toFixed(1);
}

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
              ? `Not scored: only ${pct(t.coverage)} of this theme was answered.`
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
                  <li key={s.questionId}>
                    <p>
                      <strong>{s.question}</strong> From {s.current} to {s.next}: up to +{s.gain.toFixed(1)}{" "}
                      points for this theme.
                    </p>
                    {s.descriptor ? <p>What is true at the next level: {s.descriptor}</p> : null}
                    {s.advice ? <p>How to get there: {s.advice}</p> : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {t.questions.length > 0 ? (
            <details className="nhsuk-details">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">How this score was worked out</span>
              </summary>
              <div className="nhsuk-details__text">
                <table className="nhsuk-table">
                  <caption className="nhsuk-table__caption nhsuk-table__caption--s">
                    {report.method === "gated"
                      ? "The lowest answer sets a gated theme's score"
                      : "Each answer's share of the theme, times its value, gives its points; the points add up to the score"}
                  </caption>
                  <thead className="nhsuk-table__head">
                    <tr className="nhsuk-table__row">
                      <th scope="col" className="nhsuk-table__header">
                        Question and answer
                      </th>
                      <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                        Value
                      </th>
                      <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                        Share
                      </th>
                      <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                        Points
                      </th>
                    </tr>
                  </thead>
                  <tbody className="nhsuk-table__body">
                    {t.questions.map((q) => (
                      <tr className="nhsuk-table__row" key={q.id}>
                        <td className="nhsuk-table__cell">
                          {q.text} <span className="nhsuk-body-s">{q.answer}</span>
                        </td>
                        <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{q.value}</td>
                        <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{pct(q.share)}</td>
                        <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                          {q.points.toFixed(1)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ) : null}
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

const plotWidth = 300;
const x = (score: number) => 10 + (score / 100) * (plotWidth - 20);

/** A box plot of a peer group on the 0–100 scale, with the organisation marked. */
function BoxPlot({
  stat,
  own,
  label,
}: {
  stat: Extract<Statistic, { suppressed: false }>;
  own: number | null;
  label: string;
}) {
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
      <line x1={x(stat.min)} x2={x(stat.max)} y1="18" y2="18" className="app-boxplot__whisker" />
      <rect
        x={x(stat.q1)}
        y="8"
        width={Math.max(1, x(stat.q3) - x(stat.q1))}
        height="20"
        className="app-boxplot__box"
      />
      <line x1={x(stat.median)} x2={x(stat.median)} y1="8" y2="28" className="app-boxplot__median" />
      {own === null ? null : <circle cx={x(own)} cy="18" r="6" className="app-boxplot__own" />}
    </svg>
  );
}

function StatCells({ stat, threshold }: { stat: Statistic | undefined; threshold: number }) {
  if (!stat)
    return (
      <td className="nhsuk-table__cell" colSpan={3}>
        No submitted assessments yet
      </td>
    );
  if (stat.suppressed) {
    return (
      <td className="nhsuk-table__cell" colSpan={3}>
        Not shown: {stat.n} {stat.n === 1 ? "organisation" : "organisations"}, fewer than {threshold}
      </td>
    );
  }
  return (
    <>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{stat.median.toFixed(1)}</td>
      <td className="nhsuk-table__cell">
        {stat.q1.toFixed(1)} to {stat.q3.toFixed(1)} (range {stat.min.toFixed(1)} to {stat.max.toFixed(1)}),{" "}
        {stat.n} organisations
      </td>
      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
        {stat.percentileRank === null ? "–" : stat.percentileRank}
      </td>
    </>
  );
}

/** How the organisation compares with its peer groups: aggregates only, never another organisation's name. */
function Comparison({ report }: { report: Report }) {
  const c = report.comparisons;
  if (!c) return null;
  const primary = c.groups[0];
  return (
    <section className="app-report__comparison">
      <h2>How you compare</h2>
      <p>
        Compared with the latest {c.basis === "validated" ? "validated" : "submitted"} assessment of each
        organisation in the same cycle. The middle half of each group lies between its quartiles (worked out
        by linear interpolation). Your percentile rank is the share of the group below you, counting ties as
        half. To protect organisations, figures from fewer than {c.threshold} organisations are not shown.
      </p>
      {primary ? (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">
            {primary.label}: where you sit in each theme
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Theme
              </th>
              <th scope="col" className="nhsuk-table__header">
                Distribution (dot: you)
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Your score
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Median
              </th>
              <th scope="col" className="nhsuk-table__header">
                Middle half
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Percentile rank
              </th>
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
                    {stat && !stat.suppressed ? (
                      <BoxPlot
                        stat={stat}
                        own={t.score}
                        label={`${t.title}: your score ${fmt(t.score)}, group median ${stat.median.toFixed(1)}`}
                      />
                    ) : null}
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{fmt(t.score)}</td>
                  <StatCells stat={stat} threshold={c.threshold} />
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">
          Overall score in each peer group
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Peer group
            </th>
            <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
              Median
            </th>
            <th scope="col" className="nhsuk-table__header">
              Middle half
            </th>
            <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
              Percentile rank
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {c.groups.map((g) => (
            <tr className="nhsuk-table__row" key={g.key}>
              <th scope="row" className="nhsuk-table__header">
                {g.label}
              </th>
              <StatCells stat={g.themes.overall} threshold={c.threshold} />
            </tr>
          ))}
        </tbody>
      </table>
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
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">{`Overall score by cycle, against the median of ${peers}`}</caption>
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
                  : t.peerMedian.toFixed(1)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
