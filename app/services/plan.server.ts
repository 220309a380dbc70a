import type { Db } from "../../db/database";
import { clientAddress, notFound } from "../auth/guard.server";
import { can, type Permission } from "../domain/roles";
import {
  approvedAt,
  getPlanOfAssessment,
  planActions,
  planTargets,
  planVersions,
  possibleOwners,
} from "../models/plan.server";
import { actionNotes } from "../models/plan-action.server";
import { getSavedReport, latestReportId } from "../models/report.server";
import { parseId } from "../params";
import { fieldErrors } from "../forms";
import { type PlanAction, planDownload } from "../plan/plan";
import { actionSchema } from "../plan/schemas";
import { loadAssessment } from "./assessment-context.server";

/**
 * An assessment's improvement plan for a request: authorised through the guard on the assessment's
 * organisation (outsiders 404, insiders without the permission 403), with its saved report's levels and next
 * steps, its targets, actions, notes and versions, and what the viewer may do with it.
 */
export async function loadPlan(
  request: Request,
  assessmentIdParam: string | undefined,
  permission: Permission = "organisation.view",
  context: { clientAddress?: unknown } = {},
) {
  const ctx = await loadAssessment(request, assessmentIdParam, permission);
  const { db, viewer, assessment } = ctx;
  const scope = {
    organisation: { odsCode: assessment.organisation_code, regionCode: assessment.region_code },
  };
  const reportId = await latestReportId(db, assessment.id);
  const saved = reportId === null ? undefined : await getSavedReport(db, reportId);
  const plan = await getPlanOfAssessment(db, assessment.id);
  const [targets, actions, notes, versions] = plan
    ? await Promise.all([
        planTargets(db, plan.id),
        planActions(db, plan.id),
        actionNotes(db, plan.id),
        planVersions(db, plan.id),
      ])
    : [[], [], [], []];
  const manage = can(viewer.grants, "assessment.manage", scope);
  return {
    ...ctx,
    actor: { personId: viewer.id, address: clientAddress(context) },
    report: saved?.report ?? null,
    reportId,
    plan,
    targets,
    actions,
    notes,
    versions,
    may: {
      ...ctx.may,
      /** Start the plan, set targets, add and change actions, send it to the board: the lead. */
      manage,
      /** Approve or return it: the board. */
      decide: can(viewer.grants, "report.sign-off", scope),
      /** Update an action's status and add a note: the lead, or a contributor who owns it. */
      progress: (action: Pick<PlanAction, "ownerPersonId">) =>
        manage || (can(viewer.grants, "assessment.edit", scope) && action.ownerPersonId === viewer.id),
    },
  };
}

export type LoadedPlan = Awaited<ReturnType<typeof loadPlan>>;

/** The loaded plan, or a 404 (the assessment has no plan yet). */
export function requirePlan(loaded: LoadedPlan) {
  if (!loaded.plan) throw notFound();
  return loaded.plan;
}

/** An action of the loaded plan by its route parameter, or 404: an action of another plan is not found. */
export function actionOf(loaded: LoadedPlan, actionIdParam: string | undefined) {
  const id = parseId(actionIdParam);
  const action = id === null ? undefined : loaded.actions.find((a) => a.id === id);
  if (!action) throw notFound();
  return action;
}

/** Today in the service's calendar (UTC), for overdue actions: injected so tests can fix it. */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);

/** The owners the lead may choose from: the organisation's contributors and leads. */
export const ownersOf = (db: Db, organisationCode: string) => possibleOwners(db, organisationCode);

/** The report JSON's `plan`: the improvement plan made from this report's assessment, newest version. */
export async function planForReport(db: Db, assessmentId: number, themeIds: readonly string[]) {
  const plan = await getPlanOfAssessment(db, assessmentId);
  if (!plan) return null;
  const [targets, actions, at] = await Promise.all([
    planTargets(db, plan.id),
    planActions(db, plan.id),
    approvedAt(db, plan),
  ]);
  return planDownload(
    { status: plan.status, version: plan.version, approvedAt: at },
    themeIds,
    targets,
    actions,
  );
}

/**
 * The lead's action form, validated: the shared schema, then the owner checked against the organisation's
 * people (an owner from another organisation is a 400, like any bad field), and the plan's action limit.
 */
export async function parseActionForm(loaded: LoadedPlan, posted: Record<string, string | string[]>) {
  const themes = loaded.report?.themes ?? [];
  const parsed = actionSchema(
    themes.map((t) => t.id),
    themes.flatMap((t) => t.questions.map((q) => q.id)),
  ).safeParse(posted);
  if (!parsed.success) return { ok: false as const, errors: fieldErrors(parsed.error) };
  const input = parsed.data;
  if ("personId" in input.owner) {
    const owners = await ownersOf(loaded.db, loaded.assessment.organisation_code);
    const ownerId = input.owner.personId;
    if (!owners.some((o) => o.id === ownerId))
      return {
        ok: false as const,
        errors: { owner: "Choose a person of this organisation, or name a role" },
      };
  }
  return { ok: true as const, input };
}
