import type { ReactNode } from "react";
import type { Report } from "../report/report";
import { radarSeries } from "../report/series";

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
  const series = [radarSeries.current, ...(report.previous ? [radarSeries.previous] : [])];
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
            {/* Static SVG drawn on the server (see app/report/radar.server.tsx). */}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own SVG, built from numbers and escaped titles */}
            <div dangerouslySetInnerHTML={{ __html: chart }} />
            <figcaption>
              <ul className="app-legend">
                {series.map((s) => (
                  <li key={s.key} className={s.className}>
                    {s.name}
                    {s.key === "previous" && report.previous ? ` (${report.previous.cycle})` : ""}
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
