import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary } from "./error-summary";
import { Button, Checkbox, FileUpload, Form } from "./form";
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

/** An administrator's CSV upload page: what the file is, the file, whether to apply the valid rows alone. */
export function CsvUploadPage({
  title,
  children,
  fileLabel,
  validRowsLabel,
  validRowsHint,
  submit,
  outcome,
}: {
  title: string;
  /** What the file is and what applying it does. */
  children: ReactNode;
  fileLabel: string;
  validRowsLabel: string;
  validRowsHint: string;
  submit: string;
  outcome: { errors?: { file: string }; result: ImportResult | null } | undefined;
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={outcome?.errors} />
        <h1>{title}</h1>
        {outcome?.result ? <ImportResultPanel result={outcome.result} /> : null}
        {children}
        <Form method="post" encType="multipart/form-data">
          <FileUpload name="file" label={fileLabel} accept=".csv,text/csv" error={outcome?.errors?.file} />
          <Checkbox name="importValidRows" label={validRowsLabel} hint={validRowsHint} />
          <Button>{submit}</Button>
        </Form>
        <p>
          <Link to="/admin/organisations">Back to organisations</Link>
        </p>
      </div>
    </div>
  );
}
