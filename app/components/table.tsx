import { Fragment, type ReactNode, isValidElement, useId } from "react";

/**
 * The one NHS table. It follows the design system's table markup (nhsuk-frontend's `table` macro):
 * numeric columns right-aligned with tabular figures, an optional row header in the first cell, and the
 * design system's scroll container so a wide table scrolls inside itself instead of pushing the page
 * sideways on a phone (the region is named by the caption and can take keyboard focus).
 */
export interface TableColumn {
  header: ReactNode;
  /** Right-aligns the column's header and cells (`nhsuk-table__header--numeric`). */
  numeric?: boolean;
  /** A stable key when `header` is not a string. */
  key?: string;
  className?: string;
}

/** A cell with options; a plain ReactNode is a cell that takes its column's options. */
export interface TableCellOptions {
  content: ReactNode;
  numeric?: boolean;
  className?: string;
  colSpan?: number;
}

export type TableCell = ReactNode | TableCellOptions;

export interface TableRow {
  key: string;
  cells: TableCell[];
  className?: string;
}

function isCellOptions(cell: TableCell): cell is TableCellOptions {
  return (
    typeof cell === "object" &&
    cell !== null &&
    !isValidElement(cell) &&
    !Array.isArray(cell) &&
    "content" in cell
  );
}

export function Table({
  caption,
  captionSize = "s",
  captionHidden = false,
  columns,
  rows,
  firstCellIsHeader = false,
  scroll = true,
  className,
  id,
}: {
  caption: ReactNode;
  captionSize?: "s" | "m" | "l" | "none";
  /** Keeps the caption for screen readers only, where a heading above already names the table. */
  captionHidden?: boolean;
  columns: readonly (string | TableColumn)[];
  /** Rows as cell arrays (keyed by position) or as `{ key, cells }`. */
  rows: readonly (TableRow | readonly TableCell[])[];
  /** The first cell of each row is its header (`<th scope="row">`). */
  firstCellIsHeader?: boolean;
  /** Wraps the table in the design system's scroll container (on by default). */
  scroll?: boolean;
  className?: string;
  id?: string;
}) {
  const generatedId = useId();
  const captionId = `${id ?? generatedId}-caption`;
  const cols = columns.map((c) => (typeof c === "string" ? { header: c, key: c } : c));
  const captionClass = [
    "nhsuk-table__caption",
    captionSize !== "none" ? `nhsuk-table__caption--${captionSize}` : null,
    captionHidden ? "nhsuk-u-visually-hidden" : null,
  ]
    .filter(Boolean)
    .join(" ");

  const table = (
    <table className={`nhsuk-table${className ? ` ${className}` : ""}`} id={id}>
      <caption className={captionClass} id={captionId}>
        {caption}
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {cols.map((c, i) => (
            <th
              scope="col"
              className={cls("nhsuk-table__header", c.numeric && "nhsuk-table__header--numeric", c.className)}
              key={c.key ?? (typeof c.header === "string" ? c.header : i)}
            >
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row, r) => {
          const cells = isRow(row) ? row.cells : row;
          return (
            <tr
              className={cls("nhsuk-table__row", isRow(row) ? row.className : undefined)}
              key={isRow(row) ? row.key : r}
            >
              {cells.map((cell, i) => {
                const options = isCellOptions(cell) ? cell : { content: cell };
                const numeric = options.numeric ?? cols[i]?.numeric ?? false;
                const header = firstCellIsHeader && i === 0;
                const base = header ? "nhsuk-table__header" : "nhsuk-table__cell";
                const className = cls(base, numeric && `${base}--numeric`, options.className);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional, matching the columns
                  <Fragment key={i}>
                    {header ? (
                      <th scope="row" className={className} colSpan={options.colSpan}>
                        {options.content}
                      </th>
                    ) : (
                      <td className={className} colSpan={options.colSpan}>
                        {options.content}
                      </td>
                    )}
                  </Fragment>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );

  if (!scroll) return table;
  return <TableScroll captionId={captionId}>{table}</TableScroll>;
}

/**
 * The design system's scroll container, which `Table` puts round every table: a wide table scrolls inside
 * it rather than pushing the page sideways on a phone; the region is named by the table's caption.
 */
function TableScroll({ captionId, children }: { captionId: string; children: ReactNode }) {
  return (
    <div className="nhsuk-scroll" data-module="nhsuk-scroll">
      {/* Focusable so a keyboard can scroll it without JavaScript; the design system's script drops the
          tab stop when the table fits. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section className="nhsuk-scroll__content" aria-labelledby={captionId} tabIndex={0}>
        {children}
      </section>
    </div>
  );
}

function isRow(row: TableRow | readonly TableCell[]): row is TableRow {
  return !Array.isArray(row);
}

function cls(...names: (string | false | null | undefined)[]) {
  return names.filter(Boolean).join(" ");
}
