import { pageTitle } from "../content";
import type { MetaFunction } from "@remix-run/node";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { authorise, clientAddress } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Checkbox, FileUpload, Form } from "../components/form";
import { ImportResultPanel } from "../components/import-result";
import { getDb } from "../db.server";
import { careSettings } from "../domain/organisation";
import { applyCareSettings } from "../models/organisation-import.server";
import { boundedRejections, readCsvUpload } from "../uploads.server";
import { storageSafe } from "../storage.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Set care settings from a CSV file") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return null;
}

export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const viewer = await authorise(request, "administer");
  const upload = await readCsvUpload(request);
  if (!upload.ok) return data({ errors: { file: upload.error }, result: null }, { status: 400 });
  const summary = await applyCareSettings(getDb(), upload.text, {
    importValidRows: upload.importValidRows,
    personId: viewer.id,
    address: clientAddress(context),
  });
  const result = {
    written: summary.written,
    counts: [
      ["Updated", summary.updated],
      ["Unchanged", summary.unchanged],
      ["Rejected", summary.rejected.length],
    ] as [string, number][],
    ...boundedRejections(summary.rejected),
  };
  if (!summary.written) {
    return data(
      {
        errors: {
          file: "Some rows were rejected, so nothing was changed. Correct the file, or choose to apply the valid rows.",
        },
        result,
      },
      { status: 400 },
    );
  }
  return { errors: undefined, result };
});

export default function CareSettingsUpload() {
  const outcome = useActionData<typeof action>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={outcome?.errors} />
        <h1>Set care settings from a CSV file</h1>
        {outcome?.result ? <ImportResultPanel result={outcome.result} /> : null}
        <p>
          Upload a CSV file with two columns, <code>ods_code,care_setting</code>. A header row is optional.
          Care settings: {careSettings.join(", ")}. A wider file with a header row also works: the columns
          named <code>ods_code</code> and <code>care_setting</code> (or <code>sector</code>) are read and the
          others ignored, so the reference list of English trusts with their ERIC sector can be uploaded as it
          is. Its sectors are a starting guess: check them.
        </p>
        <Form method="post" encType="multipart/form-data">
          <FileUpload
            name="file"
            label="Care settings (CSV)"
            accept=".csv,text/csv"
            error={outcome?.errors?.file}
          />
          <Checkbox
            name="importValidRows"
            label="Apply the valid rows even if some rows are rejected"
            hint="Otherwise a file with any rejected row changes nothing."
          />
          <Button>Apply care settings</Button>
        </Form>
        <p>
          <Link to="/admin/organisations">Back to organisations</Link>
        </p>
      </div>
    </div>
  );
}
