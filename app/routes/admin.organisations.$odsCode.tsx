import { pageTitle } from "../content";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { authorise, clientAddress, notFound } from "../auth/guard.server";
import { SummaryList } from "../components/summary-list";
import { NotificationBanner } from "../components/notification-banner";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, Select } from "../components/form";
import { getDb } from "../db.server";
import { careSettingLabels, careSettings, groupingLabel } from "../domain/organisation";
import { fieldErrors, formValues } from "../forms";
import { getOrganisation, setCareSetting } from "../models/organisation.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled<typeof loader>((data) => pageTitle(data?.organisation.name ?? "Organisation"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  const organisation = await getOrganisation(getDb(), (params.odsCode ?? "").toUpperCase());
  if (!organisation) throw notFound();
  return { organisation };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const Schema = z.strictObject({ careSetting: z.enum(careSettings, { error: "Select a care setting" }) });
  const viewer = await authorise(request, "administer");
  const parsed = Schema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const updated = await setCareSetting(
    getDb(),
    (params.odsCode ?? "").toUpperCase(),
    parsed.data.careSetting,
    {
      personId: viewer.id,
      address: clientAddress(context),
    },
  );
  if (!updated) throw notFound();
  return redirect(`/admin/organisations/${params.odsCode}?saved=1`);
});

export default function AdminOrganisation() {
  const { organisation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} />
        {params.get("saved") ? <NotificationBanner success heading="Care setting saved" /> : null}
        <span className="nhsuk-caption-l">Organisation</span>
        <h1>{organisation.name}</h1>
        <SummaryList
          rows={[
            ["ODS code", organisation.ods_code],
            ["Region", organisation.region_code ? groupingLabel(organisation.region_code) : "Not recorded"],
            ["ICB code", organisation.icb_code ?? "Not recorded"],
            ["Status", organisation.status === "active" ? "Open" : "Closed"],
          ]}
        />
        <Form method="post">
          <Select
            name="careSetting"
            label="Care setting"
            hint="The ODS extract does not say what kind of organisation this is. The care setting decides which questions it sees and which peers it is compared with."
            value={organisation.care_setting}
            error={result?.errors.careSetting}
            options={careSettings.map((c) => ({ value: c, label: careSettingLabels[c] }))}
          />
          <Button>Save care setting</Button>
        </Form>
        <p>
          <Link to="/admin/organisations">Back to organisations</Link>
        </p>
      </div>
    </div>
  );
}
