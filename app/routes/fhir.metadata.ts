import type { LoaderFunctionArgs } from "@remix-run/node";
import { content } from "../content";
import { fhirBase, fhirJson, fhirRoute, publicUrl } from "../fhir/http.server";
import { fhirMethodNotAllowed } from "../fhir/search.server";
import { limits } from "../limits";

const countParam = {
  name: "_count",
  type: "number",
  documentation: `Entries a page (default ${limits.fhirPageDefault}); more than ${limits.fhirPageMax} are served ${limits.fhirPageMax} a page. Follow the Bundle's next link for the rest.`,
};

/** What the FHIR API supports, exactly: a CapabilityStatement (R4). Public. */
export async function loader({ request }: LoaderFunctionArgs) {
  return fhirRoute(request, async () =>
    fhirJson({
      resourceType: "CapabilityStatement",
      status: "active",
      date: "2026-12-01",
      kind: "instance",
      publisher: content.serviceName,
      software: { name: content.serviceName },
      implementation: { description: "NHS digital maturity self-assessment FHIR API", url: fhirBase() },
      fhirVersion: "4.0.1",
      format: ["application/fhir+json", "json"],
      rest: [
        {
          mode: "server",
          documentation: `How to connect: ${publicUrl()}/help/fhir-api`,
          security: {
            cors: false,
            description:
              "JSON only: _format=xml or an Accept without JSON is answered 406. Questionnaires and this statement are public. QuestionnaireResponses need an API token (Authorization: Bearer), created by an organisation lead or administrator for one organisation, or by a regional analyst for one region (read only). Requests per token are rate-limited (429 with Retry-After).",
          },
          resource: [
            {
              type: "Questionnaire",
              interaction: [{ code: "read" }, { code: "search-type" }],
              versioning: "no-version",
              readHistory: false,
              updateCreate: false,
              searchParam: [
                { name: "url", type: "uri" },
                { name: "version", type: "token" },
                { name: "name", type: "string" },
                { name: "status", type: "token" },
                countParam,
              ],
            },
            {
              type: "QuestionnaireResponse",
              interaction: [
                { code: "read" },
                { code: "vread" },
                { code: "history-instance" },
                { code: "search-type" },
                { code: "create" },
              ],
              versioning: "versioned",
              readHistory: true,
              updateCreate: false,
              conditionalCreate: false,
              conditionalRead: "not-match",
              conditionalUpdate: false,
              conditionalDelete: "not-supported",
              searchParam: [
                {
                  name: "subject:identifier",
                  type: "token",
                  documentation:
                    "The organisation's ODS code: https://fhir.nhs.uk/Id/ods-organization-code|CODE",
                },
                {
                  name: "questionnaire",
                  type: "reference",
                  documentation: "Canonical URL, optionally |version",
                },
                { name: "status", type: "token" },
                {
                  name: "authored",
                  type: "date",
                  documentation: "The last answer change, with the prefixes eq, ne, gt, ge, lt, le",
                },
                {
                  name: "_lastUpdated",
                  type: "date",
                  documentation:
                    "meta.lastUpdated: the last change of any kind (answers, submission, return, sign-off), with eq, ne, gt, ge, lt, le. To sync, ask for ge the newest lastUpdated you hold and skip the versions you have.",
                },
                {
                  name: "_sort",
                  type: "special",
                  documentation:
                    "_lastUpdated (oldest first, the default) or -_lastUpdated (newest first); ties in id order",
                },
                countParam,
              ],
              documentation:
                'create imports answers into the organisation\'s open assessment for that questionnaire version. The response must validate against its Questionnaire, or nothing is written (422). Each answer follows the same revision rules as the web pages: send If-Match: W/"<meta.versionId>" of the response you edited; an answer someone changed since is a conflict (409) and nothing is written. Items left out are left as they are. There is no update (PUT), patch or delete: they are answered 405. Every read gives meta.versionId and meta.lastUpdated, ETag W/"<versionId>", and 304 to If-None-Match with that ETag. Each answer change and each submission, return or sign-off makes a new version; _history lists them newest first and vread gives any of them as it was.',
            },
          ],
        },
      ],
    }),
  );
}

export const action = fhirMethodNotAllowed;
