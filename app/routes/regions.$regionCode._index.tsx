import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form as GetForm, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { ComponentProps } from "react";
import { Button, Select } from "../components/form";
import { planContent } from "../content/plan";
import { planStatusLabels } from "../plan/plan";
import { Pagination } from "../components/pagination";
import { Table } from "../components/table";
import { Trajectory } from "../components/charts/trajectory";
import { StatusTag } from "../components/status-tag";
import { SummaryList } from "../components/summary-list";
import { content } from "../content";
import { formatChangeBetween, formatScore, formatWhole } from "../format";
import { careSettingLabels, careSettings, type CareSetting } from "../domain/organisation";
import { loadRegionView } from "../services/region-view.server";
import { titled } from "../components/page-title";

export const handle = titled<typeof loader>(
  (data) => `${data?.regionName ?? "Region"} – ${content.serviceName}`,
);

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
  const filters: ComponentProps<typeof Select>[] = [
    {
      name: "questionnaire",
      label: "Questionnaire",
      value: v.questionnaire.id,
      options: v.questionnaires.map((q) => ({ value: q.id, label: q.title })),
    },
    {
      name: "cycle",
      label: "Cycle",
      value: v.filter.cycle,
      options: v.cycles.map((c) => ({ value: c, label: c })),
    },
    {
      name: "careSetting",
      label: "Care setting",
      value: v.filter.careSetting,
      options: [
        { value: "", label: "All care settings" },
        ...careSettings.map((c) => ({ value: c, label: careSettingLabels[c] })),
      ],
    },
    {
      name: "icb",
      label: "Integrated care board",
      value: v.filter.icb,
      options: [
        { value: "", label: "All ICBs" },
        ...v.icbs.map((icb) => ({ value: icb.code, label: icb.name })),
      ],
    },
    {
      name: "basis",
      label: "Scores",
      value: v.filter.basis,
      options: [
        { value: "submitted", label: "All submitted" },
        { value: "validated", label: "Validated only" },
      ],
    },
    {
      name: "sort",
      label: "Order",
      hint: "Sorted by name unless you choose a score",
      value: v.filter.sort,
      options: [
        { value: "name", label: "By name" },
        ...columns.map((t) => ({ value: t.id, label: `By ${t.title.toLowerCase()}` })),
      ],
    },
  ];
  return (
    <>
      <span className="nhsuk-caption-l">Regional view</span>
      <h1>{v.regionName}</h1>
      {v.regionCode ? (
        <p>
          <Link to={`/regions/${v.regionCode}/peer-groups`}>Peer groups of this region</Link>
          {" · "}
          <Link to={`/regions/${v.regionCode}/deadline`}>Deadline for this region</Link>
        </p>
      ) : null}
      <GetForm method="get" className="app-filters">
        {[filters.slice(0, 4), filters.slice(4)].map((row) => (
          <div className="nhsuk-grid-row" key={row[0]!.name}>
            {row.map((filter) => (
              <div className="nhsuk-grid-column-one-quarter" key={filter.name}>
                <Select {...filter} />
              </div>
            ))}
          </div>
        ))}
        <Button secondary>Show</Button>
      </GetForm>

      <h2>Completion, {v.filter.cycle}</h2>
      <SummaryList
        rows={[
          ["Not started", v.completion["not-started"]],
          ["In progress", v.completion["in-progress"]],
          ["Submitted, awaiting the board", v.completion.submitted],
          ["Signed off", v.completion["signed-off"]],
          ["Validated by the region", v.completion.validated],
          ["Queried by the region", v.completion.queried],
        ]}
      />

      <h2>Scores by organisation and theme</h2>
      <p>
        Scores out of 100 from each organisation's latest{" "}
        {v.filter.basis === "validated" ? "validated" : "submitted"} assessment. Darker cells are higher
        scores; every cell shows its number.{" "}
        <a href={`/regions/${v.regionCode ?? "national"}/export.csv${search}`}>
          Download everything on this page (CSV)
        </a>{" "}
        or{" "}
        <a href={`/regions/${v.regionCode ?? "national"}/export.xlsx${search}`}>
          as an Excel workbook with every answer behind the scores
        </a>
      </p>
      <Table
        className="app-heatmap"
        caption={`${v.total} organisations${v.pages > 1 ? `, page ${v.page} of ${v.pages}` : ""}`}
        firstCellIsHeader
        columns={[
          "Organisation",
          "Status",
          ...columns.map((t, i) => ({
            key: t.id,
            numeric: true,
            header: <abbr title={t.title}>{t.id === "overall" ? "All" : `T${i + 1}`}</abbr>,
          })),
          { header: "Change", numeric: true },
          planContent.title,
        ]}
        rows={v.rows.map((r) => ({
          key: r.odsCode,
          cells: [
            <>
              <Link to={r.assessmentId ? `/assessments/${r.assessmentId}` : `/organisations/${r.odsCode}`}>
                {r.name}
              </Link>
              <span className="nhsuk-body-s">
                {" "}
                {careSettingLabels[r.careSetting as CareSetting] ?? r.careSetting}
              </span>
            </>,
            <StatusTag status={statusOf(r)} key="status" />,
            ...columns.map((t) => ({
              content: formatWhole(r.scores[t.id]),
              className: `app-heat app-heat--${band(r.scores[t.id])}`,
            })),
            formatChangeBetween(r.scores.overall, r.previousOverall),
            r.plan
              ? `${planStatusLabels[r.plan.status]}; ${r.plan.targets} target${r.plan.targets === 1 ? "" : "s"}; ${r.plan.overdue} overdue`
              : "None",
          ],
        }))}
      />
      <ul className="nhsuk-list nhsuk-body-s">
        {columns.map((t, i) => (
          <li key={t.id}>
            {t.id === "overall" ? "All" : `T${i + 1}`}: {t.title}
          </li>
        ))}
      </ul>
      <Pagination page={v.page} pages={v.pages} to={withPage} />

      <h2>Distribution of scores</h2>
      <Table
        caption={`Across the ${v.total} organisations shown (quartiles by linear interpolation, from unrounded scores; no figures from fewer than ${v.rule.minGroup} organisations)`}
        firstCellIsHeader
        columns={[
          "Theme",
          ...["Organisations", "Lowest", "Lower quartile", "Median", "Upper quartile", "Highest"].map(
            (header) => ({ header, numeric: true }),
          ),
        ]}
        rows={v.distributions.map((d) => ({
          key: d.id,
          cells: [
            d.title,
            ...(d.distribution?.shown === "full"
              ? [
                  d.distribution.n,
                  ...[
                    d.distribution.min,
                    d.distribution.q1,
                    d.distribution.median,
                    d.distribution.q3,
                    d.distribution.max,
                  ].map((x) => formatScore(x)),
                ]
              : d.distribution
                ? [
                    d.distribution.n,
                    {
                      content: `Not shown: fewer than ${v.rule.minGroup} organisations`,
                      colSpan: 5,
                      numeric: false,
                    },
                  ]
                : [{ content: "No submitted assessments", colSpan: 6, numeric: false }]),
          ],
        }))}
      />
      {v.trajectory.rows.length > 1 ? (
        <Trajectory
          data={v.trajectory}
          caption={`Median score by cycle, ${v.regionName}${v.filter.careSetting ? `, ${careSettingLabels[v.filter.careSetting as CareSetting]}` : ""} (no median from fewer than ${v.rule.minGroup} organisations)`}
          intro={<p>The median of the organisations the filter selects, cycle by cycle.</p>}
        />
      ) : null}
    </>
  );
}
