import { pageTitle } from "../content";
import type { MetaFunction } from "@remix-run/node";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { authorise, clientAddress } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Checkbox, FileUpload, Form } from "../components/form";
import { ImportResultPanel } from "../components/import-result";
import { getDb } from "../db.server";
import { importOrganisations } from "../models/organisation-import.server";
import { boundedRejections, readCsvUpload } from "../uploads.server";
import { storageSafe } from "../storage.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Import organisations") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return null;
}

export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const viewer = await authorise(request, "administer");
  const upload = await readCsvUpload(request);
  if (!upload.ok) return data({ errors: { file: upload.error }, result: null }, { status: 400 });
  const summary = await importOrganisations(getDb(), upload.text, {
    importValidRows: upload.importValidRows,
    personId: viewer.id,
    address: clientAddress(context),
  });
  const result = {
    written: summary.written,
    counts: [
      ["Added", summary.added],
      ["Updated", summary.updated],
      ["Closed", summary.closed],
      ["Unchanged", summary.unchanged],
      ["Rejected", summary.rejected.length],
    ] as [string, number][],
    ...boundedRejections(summary.rejected),
  };
  if (!summary.written) {
    const n = summary.rejected.length;
    return data(
      {
        errors: {
          file: `${n} ${n === 1 ? "row was" : "rows were"} rejected, so nothing was imported. Correct the file, or choose to import the valid rows.`,
        },
        result,
      },
      { status: 400 },
    );
  }
  return { errors: undefined, result };
});

export default function ImportOrganisations() {
  const outcome = useActionData<typeof action>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={outcome?.errors} />
        <h1>Import organisations</h1>
        {outcome?.result ? <ImportResultPanel result={outcome.result} /> : null}
        <p>
          Upload the NHS Organisation Data Service (ODS) trust extract, <code>etr.csv</code>. New
          organisations are added with the care setting "Other", changed ones are updated, and those with a
          close date are marked closed. Care settings you have set are kept.
        </p>
        <Form method="post" encType="multipart/form-data">
          <FileUpload
            name="file"
            label="ODS extract (CSV)"
            accept=".csv,text/csv"
            error={outcome?.errors?.file}
          />
          <Checkbox
            name="importValidRows"
            label="Import the valid rows even if some rows are rejected"
            hint="Otherwise a file with any rejected row imports nothing."
          />
          <Button>Import</Button>
        </Form>
        <p>
          <Link to="/admin/organisations">Back to organisations</Link>
        </p>
      </div>
    </div>
  );
}
