import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { fhirBase, fhirJson, fhirRoute } from "../fhir/http.server";
import { publishedQuestionnaires, questionnaireResource } from "../fhir/questionnaires.server";
import { fhirMethodNotAllowed, searchBundle, searchParams } from "../fhir/search.server";

/** Questionnaire search: by url, version, name and status. Public, like the canonical URLs. */
export async function loader({ request }: LoaderFunctionArgs) {
  return fhirRoute(async () => {
    const params = searchParams(request, ["url", "version", "name", "status"]);
    const matches = (await publishedQuestionnaires(getDb()))
      .map((p) => ({ p, resource: questionnaireResource(p) }))
      .filter(({ resource }) => {
        const url = params.get("url");
        const version = params.get("version");
        const name = params.get("name");
        const status = params.get("status");
        if (
          url &&
          !url.split(",").some((u) => u === resource.url || u === `${resource.url}|${resource.version}`)
        )
          return false;
        if (version && !version.split(",").includes(resource.version)) return false;
        // FHIR string search: case-insensitive "starts with".
        if (name && !resource.name.toLowerCase().startsWith(name.toLowerCase())) return false;
        if (status && !status.split(",").includes(resource.status)) return false;
        return true;
      });
    return fhirJson(
      searchBundle(
        request,
        matches.map(({ resource }) => ({ fullUrl: `${fhirBase()}/Questionnaire/${resource.id}`, resource })),
        matches.length,
      ),
    );
  });
}

export const action = fhirMethodNotAllowed;
