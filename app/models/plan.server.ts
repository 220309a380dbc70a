import { sql } from "kysely";
import type { Db } from "../../db/database";
import { assertTransaction, retryOnConflict } from "../../db/errors";
import type { PlanTable } from "../../db/schema";
import {
  type PlanAction,
  type PlanSnapshot,
  type PlanStatus,
  type PlanTarget,
  snapshotOf,
} from "../plan/plan";
import { type Actor, recordAuditEvent } from "./audit.server";

/**
 * Improvement plans (issue 22): one per assessment, made from its saved report, living on after it. Every
 * change raises the plan's revision in its own transaction; an approved plan that changes becomes the next
 * version's draft, so what the board approved stays frozen in `plan_version`.
 */

export interface PlanRow {
  id: number;
  assessmentId: number;
  organisationCode: string;
  questionnaireId: string;
  cycle: string;
  reportId: number;
  status: PlanStatus;
  version: number;
  revision: number;
  updatedAt: string;
}

const toRow = (r: Pick<PlanTable, Exclude<keyof PlanTable, "id">> & { id: number }): PlanRow => ({
  id: r.id,
  assessmentId: r.assessment_id,
  organisationCode: r.organisation_code,
  questionnaireId: r.questionnaire_id,
  cycle: r.cycle,
  reportId: r.report_id,
  status: r.status,
  version: r.version,
  revision: r.revision,
  updatedAt: r.updated_at,
});

const planColumns = [
  "id",
  "assessment_id",
  "organisation_code",
  "questionnaire_id",
  "cycle",
  "report_id",
  "status",
  "version",
  "revision",
  "created_at",
  "updated_at",
] as const;

export async function getPlanOfAssessment(db: Db, assessmentId: number): Promise<PlanRow | undefined> {
  const row = await db
    .selectFrom("plan")
    .select(planColumns)
    .where("assessment_id", "=", assessmentId)
    .executeTakeFirst();
  return row && toRow(row);
}

export async function planTargets(db: Db, planId: number): Promise<PlanTarget[]> {
  const rows = await db
    .selectFrom("plan_target")
    .select(["theme_id", "target", "reason", "changed_revision"])
    .where("plan_id", "=", planId)
    .execute();
  return rows.map((r) => ({
    themeId: r.theme_id,
    target: r.target,
    reason: r.reason,
    changedRevision: r.changed_revision,
  }));
}

export async function planActions(db: Db, planId: number): Promise<PlanAction[]> {
  const rows = await db
    .selectFrom("plan_action")
    .leftJoin("person", "person.id", "plan_action.owner_person_id")
    .select([
      "plan_action.id",
      "plan_action.theme_id",
      "plan_action.title",
      "plan_action.owner_person_id",
      "plan_action.owner_role",
      "person.name as owner_name",
      "plan_action.due",
      "plan_action.status",
      "plan_action.question_ids",
      "plan_action.revision",
      "plan_action.changed_revision",
    ])
    .where("plan_action.plan_id", "=", planId)
    .orderBy("plan_action.due")
    .orderBy("plan_action.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    themeId: r.theme_id,
    title: r.title,
    owner: r.owner_name ?? r.owner_role ?? "",
    ownerPersonId: r.owner_person_id,
    due: r.due,
    status: r.status,
    questionIds: JSON.parse(r.question_ids) as string[],
    revision: r.revision,
    changedRevision: r.changed_revision,
  }));
}

export async function planVersions(db: Db, planId: number) {
  return db
    .selectFrom("plan_version")
    .select(["id", "version", "status", "submitted_at", "decided_at", "signed_name", "comment"])
    .where("plan_id", "=", planId)
    .orderBy("version", "desc")
    .execute();
}

/** Starts the assessment's plan from its saved report, or answers the one it already has. */
export async function startPlan(
  db: Db,
  input: {
    assessmentId: number;
    organisationCode: string;
    questionnaireId: string;
    cycle: string;
    reportId: number;
  },
  actor: Actor,
  now = new Date(),
): Promise<{ started: boolean; planId: number }> {
  // Two leads starting at once: the unique assessment_id lets one insert win; the other runs again and
  // finds it.
  return retryOnConflict(() =>
    db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom("plan")
        .select("id")
        .where("assessment_id", "=", input.assessmentId)
        .executeTakeFirst();
      if (existing) return { started: false, planId: existing.id };
      const at = now.toISOString();
      const { id } = await trx
        .insertInto("plan")
        .values({
          assessment_id: input.assessmentId,
          organisation_code: input.organisationCode,
          questionnaire_id: input.questionnaireId,
          cycle: input.cycle,
          report_id: input.reportId,
          status: "draft",
          version: 1,
          revision: 1,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("plan_version").values({ plan_id: id, version: 1, status: "draft" }).execute();
      await recordAuditEvent(
        trx,
        { action: "plan.started", personId: actor.personId, subject: `plan ${id}`, address: actor.address },
        now,
      );
      return { started: true, planId: id };
    }),
  );
}

/**
 * Raises the plan's revision for a change, inside the change's transaction, and moves it to a draft: an
 * approved plan that changes becomes the next version (the approved one stays frozen), a returned one a
 * draft again. A plan with the board stays with it: the board's approval then sees the revision moved and
 * is refused with the difference. Returns the new revision.
 */
export async function changePlan(trx: Db, planId: number, now: Date): Promise<number> {
  assertTransaction(trx, "Changing a plan");
  const plan = await trx
    .updateTable("plan")
    .set({ revision: sql<number>`revision + 1`, updated_at: now.toISOString() })
    .where("id", "=", planId)
    .returning(["revision", "status", "version"])
    .executeTakeFirstOrThrow();
  if (plan.status === "approved") {
    const version = plan.version + 1;
    await trx.updateTable("plan").set({ status: "draft", version }).where("id", "=", planId).execute();
    await trx.insertInto("plan_version").values({ plan_id: planId, version, status: "draft" }).execute();
  } else if (plan.status === "returned") {
    await trx.updateTable("plan").set({ status: "draft" }).where("id", "=", planId).execute();
    await trx
      .updateTable("plan_version")
      .set({ status: "draft" })
      .where("plan_id", "=", planId)
      .where("version", "=", plan.version)
      .execute();
  }
  return plan.revision;
}

/** Sets the plan's targets (only those that differ are written, so the board sees what really changed). */
export async function saveTargets(
  db: Db,
  planId: number,
  targets: { themeId: string; target: number | null; reason: string }[],
  actor: Actor,
  now = new Date(),
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const stored = new Map((await planTargets(trx, planId)).map((t) => [t.themeId, t]));
    const changed = targets.filter((t) => {
      const s = stored.get(t.themeId);
      return s ? s.target !== t.target || s.reason !== t.reason : t.target !== null || t.reason !== "";
    });
    if (changed.length === 0) return 0;
    const revision = await changePlan(trx, planId, now);
    for (const t of changed) {
      await trx
        .insertInto("plan_target")
        .values({
          plan_id: planId,
          theme_id: t.themeId,
          target: t.target,
          reason: t.reason,
          changed_revision: revision,
        })
        .onConflict((oc) =>
          oc.columns(["plan_id", "theme_id"]).doUpdateSet({
            target: t.target,
            reason: t.reason,
            changed_revision: revision,
          }),
        )
        .execute();
    }
    await recordAuditEvent(
      trx,
      {
        action: "plan.targets-set",
        personId: actor.personId,
        subject: `plan ${planId}`,
        details: { themes: changed.map((t) => t.themeId) },
        address: actor.address,
      },
      now,
    );
    return changed.length;
  });
}

/** The lead sends the plan to the board: from a draft or a returned plan only. */
export async function submitPlan(db: Db, planId: number, actor: Actor, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable("plan")
      .set({ status: "submitted", updated_at: now.toISOString() })
      .where("id", "=", planId)
      .where("status", "in", ["draft", "returned"])
      .returning("version")
      .executeTakeFirst();
    if (!moved) return false;
    await trx
      .updateTable("plan_version")
      .set({ status: "submitted", submitted_at: now.toISOString() })
      .where("plan_id", "=", planId)
      .where("version", "=", moved.version)
      .execute();
    await recordAuditEvent(
      trx,
      {
        action: "plan.submitted",
        personId: actor.personId,
        subject: `plan ${planId}`,
        details: { version: moved.version },
        address: actor.address,
      },
      now,
    );
    return true;
  });
}

export type Decision = { decision: "approve" | "return"; signedName: string; comment: string };
export type DecideResult = { moved: true } | { moved: false; reason: "state" | "changed" };

/**
 * The board approves or returns the plan as it opened it: refused when the plan is no longer with the board,
 * or changed since (its revision moved). An approval freezes the version's snapshot.
 */
export async function decidePlan(
  db: Db,
  planId: number,
  decision: Decision,
  openedRevision: number,
  actor: Actor,
  now = new Date(),
): Promise<DecideResult> {
  return db.transaction().execute(async (trx) => {
    const status = decision.decision === "approve" ? "approved" : "returned";
    const moved = await trx
      .updateTable("plan")
      .set({ status, updated_at: now.toISOString() })
      .where("id", "=", planId)
      .where("status", "=", "submitted")
      .where("revision", "=", openedRevision)
      .returning("version")
      .executeTakeFirst();
    if (!moved) {
      const plan = await trx
        .selectFrom("plan")
        .select(["status"])
        .where("id", "=", planId)
        .executeTakeFirst();
      return { moved: false, reason: plan?.status === "submitted" ? "changed" : "state" } as const;
    }
    const snapshot: PlanSnapshot = snapshotOf(await planTargets(trx, planId), await planActions(trx, planId));
    await trx
      .updateTable("plan_version")
      .set({
        status,
        decided_at: now.toISOString(),
        decided_by: actor.personId,
        signed_name: decision.signedName,
        comment: decision.comment,
        snapshot: JSON.stringify(snapshot),
      })
      .where("plan_id", "=", planId)
      .where("version", "=", moved.version)
      .execute();
    await recordAuditEvent(
      trx,
      {
        action: status === "approved" ? "plan.approved" : "plan.returned",
        personId: actor.personId,
        subject: `plan ${planId}`,
        details: { version: moved.version, revision: openedRevision, comment: decision.comment },
        address: actor.address,
      },
      now,
    );
    return { moved: true } as const;
  });
}

/** When the newest version was approved, or null. */
export async function approvedAt(db: Db, plan: PlanRow): Promise<string | null> {
  if (plan.status !== "approved") return null;
  const row = await db
    .selectFrom("plan_version")
    .select("decided_at")
    .where("plan_id", "=", plan.id)
    .where("version", "=", plan.version)
    .executeTakeFirst();
  return row?.decided_at ?? null;
}

/**
 * The plan an earlier cycle set for this one, as a report checks it: its newest approved version (frozen),
 * or, if the board never approved one, the plan as it stands. Called inside the report's transaction.
 */
export async function previousPlanCheck(
  db: Db,
  organisationCode: string,
  questionnaireId: string,
  cycle: string,
): Promise<{
  versionId: number;
  cycle: string;
  version: number;
  status: PlanStatus;
  snapshot: PlanSnapshot;
} | null> {
  const plan = await db
    .selectFrom("plan")
    .select(["id", "cycle", "status", "version"])
    .where("organisation_code", "=", organisationCode)
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "<", cycle)
    .orderBy("cycle", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!plan) return null;
  const approved = await db
    .selectFrom("plan_version")
    .select(["id", "version", "snapshot"])
    .where("plan_id", "=", plan.id)
    .where("status", "=", "approved")
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  // Actions' final statuses are the plan's as they stand: owners keep updating them after the approval.
  const actions = await planActions(db, plan.id);
  if (approved?.snapshot) {
    const frozen = JSON.parse(approved.snapshot) as PlanSnapshot;
    return {
      versionId: approved.id,
      cycle: plan.cycle,
      version: approved.version,
      status: "approved",
      snapshot: { targets: frozen.targets, actions: snapshotOf([], actions).actions },
    };
  }
  const current = await db
    .selectFrom("plan_version")
    .select("id")
    .where("plan_id", "=", plan.id)
    .where("version", "=", plan.version)
    .executeTakeFirstOrThrow();
  return {
    versionId: current.id,
    cycle: plan.cycle,
    version: plan.version,
    status: plan.status,
    snapshot: snapshotOf(await planTargets(db, plan.id), actions),
  };
}

/** People who may own an action: the organisation's contributors and leads (as theme assignments). */
export async function possibleOwners(db: Db, organisationCode: string) {
  return db
    .selectFrom("role_assignment")
    .innerJoin("person", "person.id", "role_assignment.person_id")
    .select(["person.id", "person.name"])
    .distinct()
    .where("role_assignment.organisation_code", "=", organisationCode)
    .where("role_assignment.role", "in", ["contributor", "organisation-lead"])
    .where("person.deactivated_at", "is", null)
    .orderBy("person.name")
    .execute();
}

/**
 * The regional view's plan figures for assessments (one query): each plan's status, how many themes have a
 * target, and how many actions are overdue on `today`. Only regional analysts and administrators see them,
 * whose job is comparison (the disclosure rule lets them see each organisation's own figures).
 */
export async function planFigures(db: Db, assessmentIds: readonly number[], today: string) {
  if (assessmentIds.length === 0) return new Map<number, PlanFigures>();
  const rows = await db
    .selectFrom("plan")
    .select((eb) => [
      "plan.assessment_id",
      "plan.status",
      "plan.version",
      eb
        .selectFrom("plan_target")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("plan_target.plan_id", "=", "plan.id")
        .where("plan_target.target", "is not", null)
        .as("targets"),
      eb
        .selectFrom("plan_action")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("plan_action.plan_id", "=", "plan.id")
        .where("plan_action.due", "<", today)
        .where("plan_action.status", "in", ["not-started", "in-progress"])
        .as("overdue"),
    ])
    .where("plan.assessment_id", "in", assessmentIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.assessment_id,
      {
        status: r.status,
        version: r.version,
        targets: Number(r.targets ?? 0),
        overdue: Number(r.overdue ?? 0),
      },
    ]),
  );
}

export interface PlanFigures {
  status: PlanStatus;
  version: number;
  targets: number;
  overdue: number;
}
