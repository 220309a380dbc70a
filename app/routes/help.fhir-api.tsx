import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../content";
import { fhirBase } from "../fhir/http.server";

export const meta: MetaFunction = () => [{ title: pageTitle("Connect to the FHIR API") }];

export async function loader() {
  return { base: fhirBase() };
}

/** How to connect another system to the FHIR API: base URL, tokens, curl examples. Public. */
export default function FhirApiHelp() {
  const { base } = useLoaderData<typeof loader>();
  const token = "dma_…your token…";
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Connect to the FHIR API</h1>
        <p>
          Your data warehouse, a regional dashboard or a forms tool can read assessments as HL7 FHIR R4
          QuestionnaireResponses, and import answers into an open assessment. The questionnaires are FHIR R4
          Questionnaires, one for each care setting.
        </p>
        <h2>The base URL</h2>
        <p>
          <code>{base}</code>
        </p>
        <p>
          <a href="/fhir/metadata">{base}/metadata</a> says exactly what the API supports. Everything is{" "}
          <code>application/fhir+json</code>, and every error is an OperationOutcome.
        </p>
        <h2>Get a token</h2>
        <p>
          Questionnaires are public. Everything about an organisation needs an API token. An organisation lead
          or an administrator creates one for an organisation, to read or to import answers. A regional
          analyst creates one for a region, to read only. Create and revoke tokens on the{" "}
          <Link to="/api-tokens">API tokens</Link> page. A token is shown once, expires, is limited to a
          number of requests a minute, and every use of it is in the audit log.
        </p>
        <p>Send it with every request:</p>
        <pre className="app-code">
          <code>Authorization: Bearer {token}</code>
        </pre>
        <h2>Examples</h2>
        <h3>Find the questionnaire for your care setting</h3>
        <pre className="app-code">
          <code>{`curl -H "Accept: application/fhir+json" \\\n  "${base}/Questionnaire?name=CoreDigitalMaturityAcute&status=active"`}</code>
        </pre>
        <h3>List an organisation's assessments</h3>
        <pre className="app-code">
          <code>{`curl -H "Authorization: Bearer ${token}" \\\n  "${base}/QuestionnaireResponse?subject:identifier=https://fhir.nhs.uk/Id/ods-organization-code|R0A"`}</code>
        </pre>
        <p>
          You can also search by <code>questionnaire</code> (its canonical URL, optionally with{" "}
          <code>|version</code>), <code>status</code> (<code>in-progress</code> or <code>completed</code>) and{" "}
          <code>authored</code> (when answers last changed, for example <code>authored=ge2026-04-01</code>).
        </p>
        <h3>Read one assessment</h3>
        <pre className="app-code">
          <code>{`curl -i -H "Authorization: Bearer ${token}" \\\n  "${base}/QuestionnaireResponse/assessment-123"`}</code>
        </pre>
        <p>
          The <code>ETag</code> header (also <code>meta.versionId</code>) is the version of its answers.
        </p>
        <h3>Import answers</h3>
        <pre className="app-code">
          <code>{`curl -X POST -H "Authorization: Bearer ${token}" \\\n  -H "Content-Type: application/fhir+json" \\\n  -H 'If-Match: W/"<the ETag you read>"' \\\n  --data @response.json "${base}/QuestionnaireResponse"`}</code>
        </pre>
        <p>The answers go into the organisation's open assessment of that questionnaire version. Then:</p>
        <ul>
          <li>
            a response that does not match its Questionnaire is refused whole (422), with an OperationOutcome
            that says where each problem is
          </li>
          <li>
            an answer someone changed since the version you read is a conflict (409): nothing is imported.
            Read the response again, merge, and send it with the new version
          </li>
          <li>questions your response leaves out are left as they are</li>
          <li>importing never submits the assessment: people do that in the service</li>
        </ul>
      </div>
    </div>
  );
}
