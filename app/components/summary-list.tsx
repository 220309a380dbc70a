import type { ReactNode } from "react";

/** A row with more than a key and a value: an id to link to, a "Change" link. */
export interface SummaryRowOptions {
  /** React's key for the row (and its label when `label` is not given). */
  key: string;
  label?: ReactNode;
  value: ReactNode;
  actions?: ReactNode;
  id?: string;
}

/** `[label, value]`, or a row with options; `null` and `false` leave a row out. */
export type SummaryRow = readonly [string, ReactNode] | SummaryRowOptions;

/** The design system's summary list: the one way the service shows keys and their values. */
export function SummaryList({ rows }: { rows: readonly (SummaryRow | null | false)[] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows
        .filter((row): row is SummaryRow => Boolean(row))
        .map((row) => {
          const {
            key,
            label = key,
            value,
            actions,
            id,
          } = isOptions(row)
            ? row
            : { key: row[0], value: row[1], actions: undefined, id: undefined, label: undefined };
          return (
            <div className="nhsuk-summary-list__row" key={key} id={id}>
              <dt className="nhsuk-summary-list__key">{label}</dt>
              <dd className="nhsuk-summary-list__value">{value}</dd>
              {actions ? <dd className="nhsuk-summary-list__actions">{actions}</dd> : null}
            </div>
          );
        })}
    </dl>
  );
}

function isOptions(row: SummaryRow): row is SummaryRowOptions {
  return !Array.isArray(row);
}
