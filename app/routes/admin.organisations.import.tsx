import { pageTitle } from "../content";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { authorise, clientAddress } from "../auth/guard.server";
import { CsvUploadPage } from "../components/import-result";
import { getDb } from "../db.server";
import { importOrganisations } from "../models/organisation-import.server";
import { applyCsvUpload } from "../services/uploads.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Import organisations"));

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return null;
}

export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const viewer = await authorise(request, "administer");
  return applyCsvUpload(
    request,
    (text, importValidRows) =>
      importOrganisations(getDb(), text, {
        importValidRows,
        personId: viewer.id,
        address: clientAddress(context),
      }),
    (s) => [
      ["Added", s.added],
      ["Updated", s.updated],
      ["Closed", s.closed],
      ["Unchanged", s.unchanged],
    ],
    (n) =>
      `${n} ${n === 1 ? "row was" : "rows were"} rejected, so nothing was imported. Correct the file, or choose to import the valid rows.`,
  );
});

export default function ImportOrganisations() {
  return (
    <CsvUploadPage
      title="Import organisations"
      fileLabel="ODS extract (CSV)"
      validRowsLabel="Import the valid rows even if some rows are rejected"
      validRowsHint="Otherwise a file with any rejected row imports nothing."
      submit="Import"
      outcome={useActionData<typeof action>()}
    >
      <p>
        Upload the NHS Organisation Data Service (ODS) trust extract, <code>etr.csv</code>. New organisations
        are added with the care setting "Other", changed ones are updated, and those with a close date are
        marked closed. Care settings you have set are kept.
      </p>
    </CsvUploadPage>
  );
}
