import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "../content";
import { fhirBase } from "../fhir/http.server";
import { limits } from "../limits";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Connect to the FHIR API"));

export async function loader() {
  return { base: fhirBase(), pageDefault: limits.fhirPageDefault, pageMax: limits.fhirPageMax };
}

/** How to connect another system to the FHIR API: base URL, tokens, curl examples. Public. */
export default function FhirApiHelp() {
  const { base, pageDefault, pageMax } = useLoaderData<typeof loader>();
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
          <code>application/fhir+json</code>, and every error is an OperationOutcome. XML is not served:{" "}
          <code>_format=xml</code>, or an <code>Accept</code> header without JSON, is refused (406).
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
        <h3>Get every page</h3>
        <p>
          Results come in pages of {pageDefault}, or as many as <code>_count</code> asks, up to {pageMax} a
          page. Each page is a Bundle with the <code>total</code> and links to the <code>first</code>,{" "}
          <code>next</code> and <code>previous</code> pages. Follow <code>next</code> until there is none
          (FHIR clients such as Medplum and fhirclient do). The order is stable: oldest change first, or
          newest first with <code>_sort=-_lastUpdated</code>. A page link keeps working while assessments
          change; one that changes moves to its new place in the order.
        </p>
        <h3>Get only what changed</h3>
        <p>
          Every response has <code>meta.versionId</code> and <code>meta.lastUpdated</code>. Its version goes
          up by one each time an answer is saved, and when the assessment is submitted, returned or signed
          off. To sync, remember the newest <code>meta.lastUpdated</code> you hold, ask for what changed
          since, and skip the versions you already have:
        </p>
        <pre className="app-code">
          <code>{`curl -H "Authorization: Bearer ${token}" \\\n  "${base}/QuestionnaireResponse?_lastUpdated=ge2026-12-01T09:30:00.000Z&_sort=_lastUpdated"`}</code>
        </pre>
        <p>
          <code>_lastUpdated</code> takes <code>gt</code>, <code>ge</code>, <code>lt</code>, <code>le</code>{" "}
          (and <code>eq</code>, <code>ne</code>). Ask with <code>ge</code>, not <code>gt</code>, and from a
          little earlier if you can: a change saved at the same moment as the last one you saw is then not
          missed.
        </p>
        <h3>Read one assessment</h3>
        <pre className="app-code">
          <code>{`curl -i -H "Authorization: Bearer ${token}" \\\n  "${base}/QuestionnaireResponse/assessment-123"`}</code>
        </pre>
        <p>
          The <code>ETag</code> header (<code>W/"</code> and <code>meta.versionId</code>) is its version. Send
          it back as <code>If-None-Match</code> and an unchanged response is answered{" "}
          <code>304 Not Modified</code> with no body. Its earlier versions are at{" "}
          <code>assessment-123/_history</code> (newest first, in pages) and each one at{" "}
          <code>assessment-123/_history/&lt;versionId&gt;</code>.
        </p>
        <p>
          A response always names the Questionnaire of the care setting and questionnaire version its
          assessment was started under. If the organisation's care setting changes later, its earlier
          responses stay as they were answered; new assessments use the new care setting.
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
          <li>
            there is no update (<code>PUT</code>), patch or delete: they are refused (405). Import with{" "}
            <code>POST</code>
          </li>
        </ul>
      </div>
    </div>
  );
}
