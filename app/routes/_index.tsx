import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AssessmentNotices } from "../components/assessment-notices";
import { getViewer } from "../auth/guard.server";
import { content, pageTitle } from "../content";
import { getDb } from "../db.server";
import { careSettingLabels, type CareSetting, groupingLabel } from "../domain/organisation";
import { roleLabels } from "../domain/roles";
import { assessmentNotices } from "../models/assessment.server";
import { listOrganisations } from "../models/organisation.server";
import { titled } from "../components/page-title";

export const handle = titled<typeof loader>((data) =>
  pageTitle(data?.signedIn ? "Your organisations" : undefined),
);

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (!viewer) return { signedIn: false as const };
  const codes = [...new Set(viewer.grants.flatMap((g) => (g.organisationCode ? [g.organisationCode] : [])))];
  const [organisations, notices] = await Promise.all([
    listOrganisations(getDb(), { codes }),
    assessmentNotices(getDb(), codes),
  ]);
  return {
    signedIn: true as const,
    name: viewer.name,
    notices: notices.map((n) => ({
      id: n.id,
      cycle: n.cycle,
      returned: n.returned,
      queried: n.queried,
      organisationName: organisations.find((o) => o.ods_code === n.organisationCode)?.name,
    })),
    organisations: organisations.map((o) => ({
      odsCode: o.ods_code,
      name: o.name,
      careSetting: careSettingLabels[o.care_setting as CareSetting] ?? o.care_setting,
      roles: viewer.grants.filter((g) => g.organisationCode === o.ods_code).map((g) => roleLabels[g.role]),
    })),
    regions: viewer.grants.flatMap((g) =>
      g.role === "regional-analyst" && g.regionCode
        ? [{ code: g.regionCode, name: groupingLabel(g.regionCode) }]
        : [],
    ),
    administrator: viewer.grants.some((g) => g.role === "administrator"),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (!data.signedIn) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>{content.serviceName}</h1>
          <p className="nhsuk-lede-text">
            Assess your organisation's digital maturity with your colleagues, agree it at board, and compare
            it with organisations like yours.
          </p>
          <p>
            Use this service if you lead digital, clinical, cyber security or information governance work in
            an NHS organisation, sit on its board, or compare organisations for a region.
          </p>
          <Link className="nhsuk-button" to="/sign-in" draggable={false}>
            Sign in
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <AssessmentNotices notices={data.notices} />
        <h1>Your organisations</h1>
        {data.organisations.length === 0 ? <p>You do not have a role in any organisation.</p> : null}
        <ul className="nhsuk-grid-row nhsuk-card-group">
          {data.organisations.map((o) => (
            <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={o.odsCode}>
              <div className="nhsuk-card nhsuk-card--clickable">
                <div className="nhsuk-card__content">
                  <h2 className="nhsuk-card__heading nhsuk-heading-m">
                    <Link className="nhsuk-card__link" to={`/organisations/${o.odsCode}`}>
                      {o.name}
                    </Link>
                  </h2>
                  <p className="nhsuk-card__description">
                    {o.careSetting} · ODS code {o.odsCode} · Your roles: {o.roles.join(", ")}
                  </p>
                </div>
              </div>
            </li>
          ))}
        </ul>
        {data.regions.map((r) => (
          <p key={r.code}>
            <Link to={`/regions/${r.code}`}>Compare organisations in {r.name}</Link>
          </p>
        ))}
        {data.administrator ? (
          <p>
            <Link to="/admin">Administration: organisations, people and the audit log</Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
