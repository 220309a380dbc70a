import { NotificationBanner } from "./notification-banner";
import { Table } from "./table";

export interface ImportResult {
  written: boolean;
  counts: [string, number][];
  /** The first rejected lines; `rejectedCount` says how many there were in all. */
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
}

/** What an upload did, or why it wrote nothing, with each rejected line. */
export function ImportResultPanel({ result }: { result: ImportResult }) {
  return (
    <>
      {result.written ? (
        <NotificationBanner success heading="Import complete">
          <ul className="nhsuk-list">
            {result.counts.map(([label, n]) => (
              <li key={label}>
                {label}: {n}
              </li>
            ))}
          </ul>
        </NotificationBanner>
      ) : null}
      {result.rejected.length > 0 ? (
        <Table
          caption={
            result.rejectedCount > result.rejected.length
              ? `${result.rejectedCount} rejected rows (the first ${result.rejected.length} are shown)`
              : `${result.rejectedCount} rejected ${result.rejectedCount === 1 ? "row" : "rows"}`
          }
          columns={["Line", "Reason"]}
          rows={result.rejected.map((r) => [r.line, r.reason])}
        />
      ) : null}
    </>
  );
}
