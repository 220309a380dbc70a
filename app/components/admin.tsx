import type { ReactNode } from "react";

/** A simple NHS table: header cells from `columns`, one row per entry. */
export function Table({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: ReactNode[][];
}) {
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {columns.map((c) => (
            <th scope="col" className="nhsuk-table__header" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((cells, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are static for one render
          <tr className="nhsuk-table__row" key={i}>
            {cells.map((cell, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
              <td className="nhsuk-table__cell" key={j}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SummaryList({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows.map(([key, value]) => (
        <div className="nhsuk-summary-list__row" key={key}>
          <dt className="nhsuk-summary-list__key">{key}</dt>
          <dd className="nhsuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Notification({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="nhsuk-inset-text" role="status">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <h2 className="nhsuk-heading-s">{title}</h2>
      {children}
    </div>
  );
}

/** The design system's warning callout (a warning card in nhsuk-frontend 10). */
export function WarningCallout({
  heading,
  children,
  id,
  level = 2,
}: {
  heading: string;
  children: ReactNode;
  id?: string;
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="nhsuk-card nhsuk-card--warning" id={id}>
      <div className="nhsuk-card__content">
        <Heading className="nhsuk-card__heading">{heading}</Heading>
        {children}
      </div>
    </div>
  );
}
