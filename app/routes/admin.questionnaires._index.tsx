import { pageTitle } from "../content";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { authorise } from "../auth/guard.server";
import { Table } from "../components/table";
import { getDb } from "../db.server";
import { listQuestionnaireVersions } from "../models/questionnaire.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Questionnaires"));

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return { versions: await listQuestionnaireVersions(getDb()) };
}

const statusText = { draft: "Draft", published: "Published", retired: "Retired" } as const;

export default function Questionnaires() {
  const { versions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Questionnaires</h1>
      <p>
        Questionnaires are files in the <code>questionnaires/</code> folder, loaded when the service starts. A
        published version that an assessment uses is frozen: change it by publishing a new version.
      </p>
      <Table
        caption={`${versions.length} questionnaire versions`}
        columns={["Questionnaire", "Version", "Status", { header: "Assessments", numeric: true }, "FHIR"]}
        rows={versions.map((v) => [
          <Link key="preview" to={`/admin/questionnaires/${v.questionnaire_id}/${v.version}`}>
            {v.title}
          </Link>,
          v.version,
          statusText[v.status],
          Number(v.assessments ?? 0),
          <a key="fhir" href={`/questionnaires/${v.questionnaire_id}/${v.version}/fhir`}>
            FHIR
            <span className="nhsuk-u-visually-hidden">
              {" "}
              Questionnaire for {v.title} version {v.version}
            </span>
          </a>,
        ])}
      />
    </>
  );
}
