import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { withApiCaller } from "../fhir/auth.server";
import { fhirJson, fhirRoute } from "../fhir/http.server";
import { responseSearchParams, searchResponses } from "../fhir/response-search.server";
import { searchBundle, searchParams } from "../fhir/search.server";

/** QuestionnaireResponse search (GET), in pages, within the token's organisation or region. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return fhirRoute(request, async () => {
    const db = getDb();
    return withApiCaller(db, request, context, async (caller) => {
      const params = searchParams(request, responseSearchParams);
      const { total, entries, links } = await searchResponses(db, caller, params);
      return fhirJson(searchBundle(links, entries, total));
    });
  });
}

export { action } from "../fhir/import-route.server";
