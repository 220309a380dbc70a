import { authoriseOrganisation, notFound, requireViewer } from "../auth/guard.server";
import { getDb } from "../db.server";
import { getSavedReport } from "../models/report.server";
import { parseId } from "../params";

/** A saved report, for someone who may see its organisation (others get 404). */
export async function loadSavedReport(request: Request, reportIdParam: string | undefined) {
  // Signed-out visitors go to sign-in for every id, so the answer does not say which reports exist.
  await requireViewer(request);
  const id = parseId(reportIdParam);
  if (id === null) throw notFound();
  const saved = await getSavedReport(getDb(), id);
  if (!saved) throw notFound();
  await authoriseOrganisation(request, saved.organisationCode, "organisation.view");
  return saved;
}
