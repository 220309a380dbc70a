import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { authorise, notFound } from "../auth/guard.server";
import { content } from "../content";
import { getDb } from "../db.server";
import { careSettingLabels, type CareSetting, groupingLabel, regions } from "../domain/organisation";
import { listOrganisations } from "../models/organisation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.region ?? "Region"} – ${content.serviceName}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const regionCode = params.regionCode ?? "";
  if (!(regionCode in regions)) throw notFound();
  await authorise(request, "region.compare", { regionCode });
  const organisations = await listOrganisations(getDb(), { regionCode });
  return {
    region: groupingLabel(regionCode),
    organisations: organisations.map((o) => ({
      odsCode: o.ods_code,
      name: o.name,
      careSetting: careSettingLabels[o.care_setting as CareSetting] ?? o.care_setting,
      icbCode: o.icb_code ?? "",
      status: o.status === "active" ? "Open" : "Closed",
    })),
  };
}

export default function RegionPage() {
  const { region, organisations } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="nhsuk-caption-l">Regional view</span>
      <h1>{region}</h1>
      <p>{organisations.length} organisations, sorted by name.</p>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Organisations in {region}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Organisation
            </th>
            <th scope="col" className="nhsuk-table__header">
              ODS code
            </th>
            <th scope="col" className="nhsuk-table__header">
              Care setting
            </th>
            <th scope="col" className="nhsuk-table__header">
              ICB
            </th>
            <th scope="col" className="nhsuk-table__header">
              Status
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {organisations.map((o) => (
            <tr className="nhsuk-table__row" key={o.odsCode}>
              <td className="nhsuk-table__cell">
                <Link to={`/organisations/${o.odsCode}`}>{o.name}</Link>
              </td>
              <td className="nhsuk-table__cell">{o.odsCode}</td>
              <td className="nhsuk-table__cell">{o.careSetting}</td>
              <td className="nhsuk-table__cell">{o.icbCode}</td>
              <td className="nhsuk-table__cell">{o.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
