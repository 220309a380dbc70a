import { Table } from "./table";

export interface ImportResult {
  written: boolean;
  counts: [string, number][];
  rejected: { line: number; reason: string }[];
}

/** What an upload did, or why it wrote nothing, with each rejected line. */
export function ImportResultPanel({ result }: { result: ImportResult }) {
  return (
    <>
      {result.written ? (
        <div className="nhsuk-inset-text" role="status">
          <h2 className="nhsuk-heading-s">Import complete</h2>
          <ul className="nhsuk-list">
            {result.counts.map(([label, n]) => (
              <li key={label}>
                {label}: {n}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result.rejected.length > 0 ? (
        <Table
          caption={`${result.rejected.length} rejected ${result.rejected.length === 1 ? "row" : "rows"}`}
          columns={["Line", "Reason"]}
          rows={result.rejected.slice(0, 500).map((r) => [r.line, r.reason])}
        />
      ) : null}
    </>
  );
}
