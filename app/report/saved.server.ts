import { authoriseOrganisation, notFound } from "../auth/guard.server";
import { getDb } from "../db.server";
import { getSavedReport } from "../models/report.server";

/** A saved report, for someone who may see its organisation (others get 404). */
export async function loadSavedReport(request: Request, reportIdParam: string | undefined) {
  const id = Number(reportIdParam);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  const saved = await getSavedReport(getDb(), id);
  if (!saved) throw notFound();
  await authoriseOrganisation(request, saved.organisationCode, "organisation.view");
  return saved;
}
