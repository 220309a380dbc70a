import { fhirRoute, fhirJson, fhirBase, publicUrl } from "../fhir/http.server";
import { fhirMethodNotAllowed } from "../fhir/search.server";

/** What the FHIR API supports, exactly: a CapabilityStatement (R4). Public. */
export async function loader() {
  return fhirRoute(async () =>
    fhirJson({
      resourceType: "CapabilityStatement",
      status: "active",
      date: "2026-12-01",
      kind: "instance",
      publisher: "Digital maturity self-assessment",
      software: { name: "Digital maturity self-assessment" },
      implementation: { description: "NHS digital maturity self-assessment FHIR API", url: fhirBase() },
      fhirVersion: "4.0.1",
      format: ["application/fhir+json"],
      rest: [
        {
          mode: "server",
          documentation: `How to connect: ${publicUrl()}/help/fhir-api`,
          security: {
            cors: false,
            description:
              "Questionnaires and this statement are public. QuestionnaireResponses need an API token (Authorization: Bearer), created by an organisation lead or administrator for one organisation, or by a regional analyst for one region (read only). Requests per token are rate-limited (429 with Retry-After).",
          },
          resource: [
            {
              type: "Questionnaire",
              interaction: [{ code: "read" }, { code: "search-type" }],
              versioning: "no-version",
              readHistory: false,
              searchParam: [
                { name: "url", type: "uri" },
                { name: "version", type: "token" },
                { name: "name", type: "string" },
                { name: "status", type: "token" },
              ],
            },
            {
              type: "QuestionnaireResponse",
              interaction: [{ code: "read" }, { code: "search-type" }, { code: "create" }],
              versioning: "versioned",
              readHistory: false,
              conditionalCreate: false,
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
                { name: "authored", type: "date", documentation: "With the prefixes eq, ne, gt, ge, lt, le" },
                { name: "_count", type: "number", documentation: "At most 100 (default 50)" },
              ],
              documentation:
                'create imports answers into the organisation\'s open assessment for that questionnaire version. The response must validate against its Questionnaire, or nothing is written (422). Each answer follows the same revision rules as the web pages: send If-Match: W/"<meta.versionId>" of the response you edited; an answer someone changed since is a conflict (409) and nothing is written. Items left out are left as they are.',
            },
          ],
        },
      ],
    }),
  );
}

export const action = fhirMethodNotAllowed;
