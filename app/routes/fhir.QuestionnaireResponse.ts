import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { withApiCaller } from "../fhir/auth.server";
import { fhirJson, fhirRoute } from "../fhir/http.server";
import { searchResponses } from "../fhir/responses.server";
import { searchBundle, searchParams } from "../fhir/search.server";

/** QuestionnaireResponse search (GET) within the token's organisation or region. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return fhirRoute(async () => {
    const db = getDb();
    return withApiCaller(db, request, context, async (caller) => {
      const params = searchParams(request, [
        "subject:identifier",
        "questionnaire",
        "status",
        "authored",
        "_count",
      ]);
      const { total, entries } = await searchResponses(db, caller, params);
      return fhirJson(searchBundle(request, entries, total));
    });
  });
}

export { action } from "../fhir/import-route.server";
