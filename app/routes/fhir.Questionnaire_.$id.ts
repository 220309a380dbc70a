import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { fhirError, fhirJson, fhirRoute } from "../fhir/http.server";
import { publishedQuestionnaires, questionnaireResource } from "../fhir/questionnaires.server";
import { fhirMethodNotAllowed } from "../fhir/search.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return fhirRoute(request, async () => {
    const found = (await publishedQuestionnaires(getDb())).find((p) => p.id === params.id);
    if (!found)
      return fhirError(404, {
        code: "not-found",
        diagnostics: `There is no Questionnaire ${String(params.id).slice(0, 64)}.`,
      });
    return fhirJson(questionnaireResource(found));
  });
}

export const action = fhirMethodNotAllowed("GET");
