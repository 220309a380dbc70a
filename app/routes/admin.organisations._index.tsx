import { pageTitle } from "../content";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, Form as GetForm, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { authorise } from "../auth/guard.server";
import { Table } from "../components/table";
import { Button, Select, TextInput } from "../components/form";
import { getDb } from "../db.server";
import {
  careSettingLabels,
  careSettings,
  type CareSetting,
  groupingLabel,
  regions,
} from "../domain/organisation";
import { listOrganisations, organisationsNeedingCareSetting } from "../models/organisation.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Organisations"));

export async function loader({ request }: LoaderFunctionArgs) {
  const FilterSchema = z.object({
    search: z.string().trim().max(100).catch(""),
    region: z.enum(["", ...Object.keys(regions), "W00"]).catch(""),
    careSetting: z.enum(["", ...careSettings]).catch(""),
  });
  await authorise(request, "administer");
  const filter = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const organisations = await listOrganisations(getDb(), {
    search: filter.search || undefined,
    regionCode: filter.region || undefined,
    careSetting: filter.careSetting || undefined,
  });
  const needCareSetting = (await organisationsNeedingCareSetting(getDb())).length;
  return { filter, organisations, needCareSetting };
}

export default function AdminOrganisations() {
  const { filter, organisations, needCareSetting } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Organisations</h1>
      {needCareSetting > 0 ? (
        <div className="nhsuk-inset-text" data-testid="need-care-setting">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            {needCareSetting} open {needCareSetting === 1 ? "organisation has" : "organisations have"} no care
            setting yet (shown as Other), so {needCareSetting === 1 ? "its" : "their"} leads cannot start the
            core questionnaire.{" "}
            <Link to="/admin/organisations?careSetting=other">
              List the organisations that need a care setting
            </Link>
            , then set each one on its page, or{" "}
            <Link to="/admin/organisations/care-settings">upload a care-settings CSV file</Link>.
          </p>
        </div>
      ) : null}
      <p>
        <Link to="/admin/organisations/import">Import an ODS extract</Link> ·{" "}
        <Link to="/admin/organisations/care-settings">Set care settings from a CSV file</Link>
      </p>
      <GetForm method="get">
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-third">
            <TextInput name="search" label="Name or ODS code" value={filter.search} />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <Select
              name="region"
              label="Region"
              value={filter.region}
              options={[
                { value: "", label: "All regions" },
                ...[...Object.keys(regions), "W00"].map((code) => ({
                  value: code,
                  label: groupingLabel(code),
                })),
              ]}
            />
          </div>
          <div className="nhsuk-grid-column-one-third">
            <Select
              name="careSetting"
              label="Care setting"
              value={filter.careSetting}
              options={[
                { value: "", label: "All care settings" },
                ...careSettings.map((c) => ({ value: c, label: careSettingLabels[c] })),
              ]}
            />
          </div>
        </div>
        <Button secondary>Filter</Button>
      </GetForm>
      <Table
        caption={`${organisations.length} organisations`}
        columns={["Organisation", "ODS code", "Care setting", "Region", "Status"]}
        rows={organisations.map((o) => [
          <Link to={`/admin/organisations/${o.ods_code}`} key="name">
            {o.name}
          </Link>,
          o.ods_code,
          careSettingLabels[o.care_setting as CareSetting] ?? o.care_setting,
          o.region_code ? groupingLabel(o.region_code) : "",
          o.status === "active" ? "Open" : "Closed",
        ])}
      />
    </>
  );
}
