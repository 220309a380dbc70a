import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorise, notFound } from "../auth/guard.server";
import { getDb } from "../db.server";
import { toFhirQuestionnaire } from "../questionnaire/fhir";
import { getQuestionnaireVersion } from "../questionnaire/library.server";

/**
 * A questionnaire version as FHIR R4. Published and retired versions are public: they hold no organisation's
 * data, and other systems need them to read our QuestionnaireResponses. Drafts are for administrators.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const version = Number(params.version);
  if (!Number.isSafeInteger(version) || version <= 0) throw notFound();
  const questionnaire = await getQuestionnaireVersion(getDb(), params.questionnaireId ?? "", version);
  if (!questionnaire) throw notFound();
  if (questionnaire.status === "draft") await authorise(request, "administer");
  return new Response(
    JSON.stringify(toFhirQuestionnaire(questionnaire, new URL(request.url).origin), null, 2),
    {
      headers: { "Content-Type": "application/fhir+json; charset=utf-8" },
    },
  );
}
