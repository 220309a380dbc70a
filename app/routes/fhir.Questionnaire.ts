import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { fhirJson, fhirRoute } from "../fhir/http.server";
import { searchQuestionnaires } from "../fhir/questionnaires.server";
import { fhirMethodNotAllowed, searchBundle, searchParams } from "../fhir/search.server";

/** Questionnaire search: by url, version, name and status, in pages. Public, like the canonical URLs. */
export async function loader({ request }: LoaderFunctionArgs) {
  return fhirRoute(request, async () => {
    const params = searchParams(request, ["url", "version", "name", "status", "_count"]);
    const { total, entries, links } = await searchQuestionnaires(getDb(), params);
    return fhirJson(searchBundle(links, entries, total));
  });
}

export const action = fhirMethodNotAllowed("GET");
