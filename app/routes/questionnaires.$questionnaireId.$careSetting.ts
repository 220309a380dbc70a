import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { notFound } from "../auth/guard.server";
import { getDb } from "../db.server";
import { fhirJson } from "../fhir/http.server";
import { publishedQuestionnaires, questionnaireResource } from "../fhir/questionnaires.server";

/**
 * A Questionnaire's canonical URL. FHIR clients (Accept: application/fhir+json, or _format=json) get the
 * newest published version as FHIR JSON; people are sent to the page that shows its questions.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const matching = (await publishedQuestionnaires(getDb())).filter(
    (p) => p.questionnaire.id === params.questionnaireId && p.careSetting === params.careSetting,
  );
  const newest = matching.find((p) => p.questionnaire.status === "published") ?? matching.find(() => true);
  if (!newest) throw notFound();
  const url = new URL(request.url);
  const accept = request.headers.get("Accept") ?? "";
  const format = url.searchParams.get("_format") ?? "";
  if (/application\/(fhir\+)?json/.test(accept) || /json/.test(format)) {
    return fhirJson(questionnaireResource(newest), { headers: { Vary: "Accept" } });
  }
  return redirect(`${url.pathname}/questions`, { status: 303, headers: { Vary: "Accept" } });
}
