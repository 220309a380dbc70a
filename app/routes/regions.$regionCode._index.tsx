import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form as GetForm, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Button, Select } from "../components/form";
import { TableScroll } from "../components/table";
import { StatusTag } from "../components/status-tag";
import { content } from "../content";
import { formatChangeBetween, formatScore, formatWhole } from "../format";
import { careSettingLabels, careSettings, type CareSetting } from "../domain/organisation";
import { loadRegionView } from "../region/view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.regionName ?? "Region"} – ${content.serviceName}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadRegionView(request, params.regionCode);
}

/** Five colour bands of 20 points; the number is always in the cell, so colour is never the only signal. */
const band = (score: number | undefined) =>
  score === undefined ? "none" : String(Math.min(4, Math.floor(score / 20)));
const statusOf = (r: { status: string; validation: string | null }) => r.validation ?? r.status;

export default function RegionPage() {
  const v = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const withPage = (page: number) => {
    const params = new URLSearchParams(search);
    params.set("page", String(page));
    return `?${params}`;
  };
  const columns = v.themes;
  return (
    <>
      <span className="nhsuk-caption-l">Regional view</span>
      <h1>{v.regionName}</h1>
      {v.regionCode ? (
        <p>
          <Link to={`/regions/${v.regionCode}/peer-groups`}>Peer groups of this region</Link>
        </p>
      ) : null}
      <GetForm method="get" className="app-filters">
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-quarter">
            <Select
              name="questionnaire"
              label="Questionnaire"
              value={v.questionnaire.id}
              options={v.questionnaireIds.map((id) => ({ value: id, label: id }))}
            />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <Select
              name="cycle"
              label="Cycle"
              value={v.filter.cycle}
              options={v.cycles.map((c) => ({ value: c, label: c }))}
            />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <Select
              name="careSetting"
              label="Care setting"
              value={v.filter.careSetting}
              options={[
                { value: "", label: "All care settings" },
                ...careSettings.map((c) => ({ value: c, label: careSettingLabels[c] })),
              ]}
            />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <Select
              name="icb"
              label="Integrated care board"
              value={v.filter.icb}
              options={[{ value: "", label: "All ICBs" }, ...v.icbs.map((c) => ({ value: c, label: c }))]}
            />
          </div>
        </div>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-quarter">
            <Select
              name="basis"
              label="Scores"
              value={v.filter.basis}
              options={[
                { value: "submitted", label: "All submitted" },
                { value: "validated", label: "Validated only" },
              ]}
            />
          </div>
          <div className="nhsuk-grid-column-one-quarter">
            <Select
              name="sort"
              label="Order"
              hint="Sorted by name unless you choose a score"
              value={v.filter.sort}
              options={[
                { value: "name", label: "By name" },
                ...columns.map((t) => ({ value: t.id, label: `By ${t.title.toLowerCase()}` })),
              ]}
            />
          </div>
        </div>
        <Button secondary>Show</Button>
      </GetForm>

      <h2>Completion, {v.filter.cycle}</h2>
      <dl className="nhsuk-summary-list">
        {(
          [
            ["Not started", v.completion["not-started"]],
            ["In progress", v.completion["in-progress"]],
            ["Submitted, awaiting the board", v.completion.submitted],
            ["Signed off", v.completion["signed-off"]],
            ["Validated by the region", v.completion.validated],
            ["Queried by the region", v.completion.queried],
          ] as const
        ).map(([label, n]) => (
          <div className="nhsuk-summary-list__row" key={label}>
            <dt className="nhsuk-summary-list__key">{label}</dt>
            <dd className="nhsuk-summary-list__value">{n}</dd>
          </div>
        ))}
      </dl>

      <h2>Scores by organisation and theme</h2>
      <p>
        Scores out of 100 from each organisation's latest{" "}
        {v.filter.basis === "validated" ? "validated" : "submitted"} assessment. Darker cells are higher
        scores; every cell shows its number.{" "}
        <a href={`/regions/${v.regionCode ?? "national"}/export.csv${search}`}>
          Download everything on this page (CSV)
        </a>
      </p>
      <TableScroll captionId="heatmap-caption">
        <table className="nhsuk-table app-heatmap">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s" id="heatmap-caption">
            {v.total} organisations{v.pages > 1 ? `, page ${v.page} of ${v.pages}` : ""}
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Organisation
              </th>
              <th scope="col" className="nhsuk-table__header">
                Status
              </th>
              {columns.map((t, i) => (
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric" key={t.id}>
                  <abbr title={t.title}>{t.id === "overall" ? "All" : `T${i + 1}`}</abbr>
                </th>
              ))}
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Change
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {v.rows.map((r) => (
              <tr className="nhsuk-table__row" key={r.odsCode}>
                <th scope="row" className="nhsuk-table__header">
                  <Link
                    to={r.assessmentId ? `/assessments/${r.assessmentId}` : `/organisations/${r.odsCode}`}
                  >
                    {r.name}
                  </Link>
                  <span className="nhsuk-body-s">
                    {" "}
                    {careSettingLabels[r.careSetting as CareSetting] ?? r.careSetting}
                  </span>
                </th>
                <td className="nhsuk-table__cell">
                  <StatusTag status={statusOf(r)} />
                </td>
                {columns.map((t) => (
                  <td
                    className={`nhsuk-table__cell nhsuk-table__cell--numeric app-heat app-heat--${band(r.scores[t.id])}`}
                    key={t.id}
                  >
                    {formatWhole(r.scores[t.id])}
                  </td>
                ))}
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {formatChangeBetween(r.scores.overall, r.previousOverall)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ul className="nhsuk-list nhsuk-body-s">
        {columns.map((t, i) => (
          <li key={t.id}>
            {t.id === "overall" ? "All" : `T${i + 1}`}: {t.title}
          </li>
        ))}
      </ul>
      {v.pages > 1 ? (
        <nav className="nhsuk-pagination" aria-label="Pagination">
          <ul className="nhsuk-list nhsuk-pagination__list">
            {v.page > 1 ? (
              <li className="nhsuk-pagination-item--previous">
                <Link
                  className="nhsuk-pagination__link nhsuk-pagination__link--prev"
                  to={withPage(v.page - 1)}
                >
                  <span className="nhsuk-pagination__title">Previous</span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">Page {v.page - 1}</span>
                </Link>
              </li>
            ) : null}
            {v.page < v.pages ? (
              <li className="nhsuk-pagination-item--next">
                <Link
                  className="nhsuk-pagination__link nhsuk-pagination__link--next"
                  to={withPage(v.page + 1)}
                >
                  <span className="nhsuk-pagination__title">Next</span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">Page {v.page + 1}</span>
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}

      <h2>Distribution of scores</h2>
      <TableScroll captionId="distribution-caption">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s" id="distribution-caption">
            Across the {v.total} organisations shown (quartiles by linear interpolation, from unrounded
            scores; no figures from fewer than {v.rule.minGroup} organisations)
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Theme
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Organisations
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Lowest
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Lower quartile
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Median
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Upper quartile
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Highest
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {v.distributions.map((d) => (
              <tr className="nhsuk-table__row" key={d.id}>
                <th scope="row" className="nhsuk-table__header">
                  {d.title}
                </th>
                {d.distribution?.shown === "full" ? (
                  <>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{d.distribution.n}</td>
                    {[
                      d.distribution.min,
                      d.distribution.q1,
                      d.distribution.median,
                      d.distribution.q3,
                      d.distribution.max,
                    ].map((x, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                      <td className="nhsuk-table__cell nhsuk-table__cell--numeric" key={i}>
                        {formatScore(x)}
                      </td>
                    ))}
                  </>
                ) : d.distribution ? (
                  <>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{d.distribution.n}</td>
                    <td className="nhsuk-table__cell" colSpan={5}>
                      Not shown: fewer than {v.rule.minGroup} organisations
                    </td>
                  </>
                ) : (
                  <td className="nhsuk-table__cell" colSpan={6}>
                    No submitted assessments
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
