import { forbidden, notFound, requireViewer } from "../auth/guard.server";
import { getDb } from "../db.server";
import type { CareSetting } from "../domain/organisation";
import type { ExportSubject } from "../assessment/export";
import { can, type Permission } from "../domain/roles";
import { getAssessment } from "../models/assessment.server";
import { assessmentQuestionnaire } from "../models/questionnaire.server";
import { parseId } from "../params";

/**
 * An assessment as read up to 5 seconds ago, for autosave (on PostgreSQL a round trip saved on every save):
 * who it belongs to, its questionnaire and its care setting never change, and its state (which may have moved
 * on) is checked again inside the save's transaction. Its region may change (an import, on any server sharing
 * the database), but editing is granted by membership of the organisation or by the administrator role,
 * never by region (can()), so a region up to 5 seconds old cannot let anyone save who may not.
 */
const recentlyRead = new Map<
  number,
  { assessment: Awaited<ReturnType<typeof getAssessment>>; until: number }
>();
async function recentAssessment(db: ReturnType<typeof getDb>, id: number) {
  const hit = recentlyRead.get(id);
  if (hit && hit.until > Date.now()) return hit.assessment;
  const assessment = await getAssessment(db, id);
  if (recentlyRead.size > 10_000) recentlyRead.clear();
  recentlyRead.set(id, { assessment, until: Date.now() + 5_000 });
  return assessment;
}

/**
 * Everything an assessment page needs to start: the viewer (authorised for the permission on the
 * assessment's organisation), the assessment, its frozen questionnaire version, and what the viewer may do.
 */
export async function loadAssessment(
  request: Request,
  assessmentIdParam: string | undefined,
  permission: Permission,
  /** Only for "assessment.edit" (see recentAssessment). */
  { recent = false }: { recent?: boolean } = {},
) {
  // Sign-in first, before the id is even read: a signed-out visitor is sent to sign in whether or not the
  // assessment exists, so they cannot tell which ids do.
  const viewer = await requireViewer(request);
  const id = parseId(assessmentIdParam);
  if (id === null) throw notFound();
  const db = getDb();
  const assessment =
    recent && permission === "assessment.edit" ? await recentAssessment(db, id) : await getAssessment(db, id);
  if (!assessment) throw notFound();
  const scope = {
    organisation: { odsCode: assessment.organisation_code, regionCode: assessment.region_code },
  };
  // As authoriseOrganisation: outsiders get 404, insiders without the permission 403.
  if (!can(viewer.grants, "organisation.view", scope)) throw notFound();
  if (!can(viewer.grants, permission, scope)) throw forbidden();
  const questionnaire = await assessmentQuestionnaire(db, assessment);
  const open = assessment.status === "in-progress";
  return {
    db,
    viewer,
    assessment,
    questionnaire,
    careSetting: assessment.care_setting as CareSetting,
    may: {
      edit: open && can(viewer.grants, "assessment.edit", scope),
      manage: can(viewer.grants, "assessment.manage", scope),
      signOff: can(viewer.grants, "report.sign-off", scope),
    },
  };
}

/** Who and what an export is about, from a loaded assessment. */
export function exportSubject(
  assessment: Awaited<ReturnType<typeof loadAssessment>>["assessment"],
  careSetting: CareSetting,
): ExportSubject {
  return {
    assessmentId: assessment.id,
    odsCode: assessment.organisation_code,
    organisationName: assessment.organisation_name,
    careSetting,
    cycle: assessment.cycle,
    status: assessment.status,
    updatedAt: assessment.updated_at,
  };
}

/** What every page within an assessment shows of it (its header, and what it may offer): from loadAssessment. */
export const assessmentSummary = (ctx: {
  assessment: { id: number; status: string; cycle: string; organisation_name: string };
  questionnaire: { title: string };
}) => ({
  id: ctx.assessment.id,
  status: ctx.assessment.status,
  cycle: ctx.assessment.cycle,
  organisationName: ctx.assessment.organisation_name,
  title: ctx.questionnaire.title,
});
