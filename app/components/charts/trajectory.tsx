import type { ReactNode } from "react";
import { formatScore } from "../../format";
import type { trajectoryData } from "../../report/chart-data";
import { Table } from "../table";
import { TrajectoryFigure } from "./interactive";

const fmt = (n: number | null) => formatScore(n);

/**
 * Each theme's score cycle by cycle against the plan's targets: a table (the base, with JavaScript off and in
 * print), and with JavaScript the interactive trajectory chart from the same figures.
 */
export function Trajectory({
  data,
  caption,
  intro,
}: {
  data: ReturnType<typeof trajectoryData>;
  caption: string;
  intro?: ReactNode;
}) {
  const hasTargets = Object.values(data.target).some((v) => v != null);
  return (
    <section id="trajectory">
      <h2>Trajectory</h2>
      {intro}
      <TrajectoryFigure data={data} />
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Every theme by cycle</span>
        </summary>
        <div className="nhsuk-details__text">
          <Table
            caption={caption}
            firstCellIsHeader
            columns={[
              "Theme",
              ...data.rows.map((r) => ({ header: r.cycle, numeric: true })),
              ...(hasTargets ? [{ header: "Target", numeric: true }] : []),
            ]}
            rows={data.themes.map((t) => ({
              key: t.id,
              cells: [
                t.title,
                ...data.rows.map((r) => fmt(r.values[t.id] ?? null)),
                ...(hasTargets ? [data.target[t.id] == null ? "–" : formatScore(data.target[t.id])] : []),
              ],
            }))}
          />
          {data.crossesVersions ? (
            <p className="nhsuk-body-s app-caveat">
              The questions changed between these cycles (questionnaire versions{" "}
              {[...new Set(data.rows.map((r) => r.questionnaireVersion))].join(", ")}): compare with care.
            </p>
          ) : null}
        </div>
      </details>
    </section>
  );
}
