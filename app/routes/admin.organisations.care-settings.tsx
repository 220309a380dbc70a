import { pageTitle } from "../content";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { authorise, clientAddress } from "../auth/guard.server";
import { CsvUploadPage } from "../components/import-result";
import { getDb } from "../db.server";
import { careSettings } from "../domain/organisation";
import { applyCareSettings } from "../models/organisation-import.server";
import { applyCsvUpload } from "../services/uploads.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Set care settings from a CSV file"));

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return null;
}

export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const viewer = await authorise(request, "administer");
  return applyCsvUpload(
    request,
    (text, importValidRows) =>
      applyCareSettings(getDb(), text, {
        importValidRows,
        personId: viewer.id,
        address: clientAddress(context),
      }),
    (s) => [
      ["Updated", s.updated],
      ["Unchanged", s.unchanged],
    ],
    () =>
      "Some rows were rejected, so nothing was changed. Correct the file, or choose to apply the valid rows.",
  );
});

export default function CareSettingsUpload() {
  return (
    <CsvUploadPage
      title="Set care settings from a CSV file"
      fileLabel="Care settings (CSV)"
      validRowsLabel="Apply the valid rows even if some rows are rejected"
      validRowsHint="Otherwise a file with any rejected row changes nothing."
      submit="Apply care settings"
      outcome={useActionData<typeof action>()}
    >
      <p>
        Upload a CSV file with two columns, <code>ods_code,care_setting</code>. A header row is optional. Care
        settings: {careSettings.join(", ")}. A wider file with a header row also works: the columns named{" "}
        <code>ods_code</code> and <code>care_setting</code> (or <code>sector</code>) are read and the others
        ignored, so the reference list of English trusts with their ERIC sector can be uploaded as it is. Its
        sectors are a starting guess: check them.
      </p>
    </CsvUploadPage>
  );
}
