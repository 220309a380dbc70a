import { sql } from "kysely";
import type { Db } from "../../db/database";
import type { ActionStatus, PlanAction } from "../plan/plan";
import { type Actor, recordAuditEvent } from "./audit.server";
import { notifyActionAssigned } from "./notification.server";
import { changePlan, planActions } from "./plan.server";

/**
 * An improvement plan's actions (issue 22): reading them and their notes, adding and changing them from the
 * revision the editor started from (as answers are), and an owner's progress. A change by the lead raises the
 * plan's revision (`changePlan`); progress does not. Whoever is made an action's owner is told (issue 24).
 */

export async function actionNotes(db: Db, planId: number) {
  return db
    .selectFrom("plan_action_note")
    .innerJoin("plan_action", "plan_action.id", "plan_action_note.action_id")
    .leftJoin("person", "person.id", "plan_action_note.person_id")
    .select([
      "plan_action_note.id",
      "plan_action_note.action_id",
      "plan_action_note.body",
      "plan_action_note.created_at",
      "person.name as person_name",
    ])
    .where("plan_action.plan_id", "=", planId)
    .orderBy("plan_action_note.id")
    .execute();
}

export interface ActionInput {
  themeId: string;
  title: string;
  owner: { personId: number } | { role: string };
  due: string;
  status: ActionStatus;
  questionIds: string[];
}

const ownerColumns = (owner: ActionInput["owner"]) =>
  "personId" in owner
    ? { owner_person_id: owner.personId, owner_role: null }
    : { owner_person_id: null, owner_role: owner.role };

export async function countActions(db: Db, planId: number) {
  const row = await db
    .selectFrom("plan_action")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("plan_id", "=", planId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function addAction(
  db: Db,
  planId: number,
  input: ActionInput,
  actor: Actor,
  now = new Date(),
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const revision = await changePlan(trx, planId, now);
    const at = now.toISOString();
    const { id } = await trx
      .insertInto("plan_action")
      .values({
        plan_id: planId,
        theme_id: input.themeId,
        title: input.title,
        ...ownerColumns(input.owner),
        due: input.due,
        status: input.status,
        question_ids: JSON.stringify(input.questionIds),
        revision: 1,
        changed_revision: revision,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAuditEvent(
      trx,
      {
        action: "plan.action-added",
        personId: actor.personId,
        subject: `plan ${planId} action ${id}`,
        address: actor.address,
      },
      now,
    );
    if ("personId" in input.owner)
      await tellNewOwner(
        trx,
        planId,
        { id, title: input.title, due: input.due },
        input.owner.personId,
        actor,
        now,
      );
    return id;
  });
}

export type ActionWrite =
  | { saved: true }
  | { saved: false; conflict: PlanAction }
  | { saved: false; missing: true };

/**
 * Changes an action from the revision the editor started from, as answers are saved (ADR 005): when someone
 * saved it since, nothing is written and their version comes back, so nobody overwrites another silently.
 */
async function writeAction(
  db: Db,
  planId: number,
  actionId: number,
  baseRevision: number,
  change: Partial<{
    theme_id: string;
    title: string;
    owner_person_id: number | null;
    owner_role: string | null;
    due: string;
    status: ActionStatus;
    question_ids: string;
  }>,
  note: { personId: number; body: string } | null,
  actor: Actor,
  now: Date,
): Promise<ActionWrite> {
  // Progress (a status, a note) is tracking, not the plan the board approved: it leaves the plan's version
  // and revision alone, so an owner's update never sends an approved plan back for approval.
  const progressOnly = Object.keys(change).every((k) => k === "status") && note !== null;
  return db
    .transaction()
    .execute(async (trx) => {
      const revision = progressOnly ? null : await changePlan(trx, planId, now);
      const ownerBefore = change.owner_person_id
        ? (
            await trx
              .selectFrom("plan_action")
              .select("owner_person_id")
              .where("id", "=", actionId)
              .executeTakeFirst()
          )?.owner_person_id
        : undefined;
      const updated = await trx
        .updateTable("plan_action")
        .set({
          ...change,
          revision: sql<number>`revision + 1`,
          ...(revision === null ? {} : { changed_revision: revision }),
          updated_at: now.toISOString(),
        })
        .where("id", "=", actionId)
        .where("plan_id", "=", planId)
        .where("revision", "=", baseRevision)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        const current = (await planActions(trx, planId)).find((a) => a.id === actionId);
        // Nothing of this transaction may stay: roll the revision back by throwing, answer after.
        throw new Refused(current ? { saved: false, conflict: current } : { saved: false, missing: true });
      }
      if (note && note.body !== "") {
        await trx
          .insertInto("plan_action_note")
          .values({
            action_id: actionId,
            person_id: note.personId,
            body: note.body,
            created_at: now.toISOString(),
          })
          .execute();
      }
      await recordAuditEvent(
        trx,
        {
          action: "plan.action-changed",
          personId: actor.personId,
          subject: `plan ${planId} action ${actionId}`,
          details: { fields: Object.keys(change), note: note !== null && note.body !== "" },
          address: actor.address,
        },
        now,
      );
      if (change.owner_person_id && ownerBefore !== change.owner_person_id)
        await tellNewOwner(
          trx,
          planId,
          { id: actionId, title: change.title ?? "", due: change.due ?? "" },
          change.owner_person_id,
          actor,
          now,
        );
      return { saved: true } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof Refused) return error.result;
      throw error;
    });
}

async function tellNewOwner(
  trx: Db,
  planId: number,
  action: { id: number; title: string; due: string },
  ownerPersonId: number,
  actor: Actor,
  now: Date,
) {
  const plan = await trx
    .selectFrom("plan")
    .select("assessment_id")
    .where("id", "=", planId)
    .executeTakeFirstOrThrow();
  await notifyActionAssigned(trx, { ...action, assessmentId: plan.assessment_id, ownerPersonId }, actor, now);
}

class Refused extends Error {
  constructor(readonly result: ActionWrite) {
    super("refused");
  }
}

export function updateAction(
  db: Db,
  planId: number,
  actionId: number,
  input: ActionInput,
  baseRevision: number,
  actor: Actor,
  now = new Date(),
) {
  return writeAction(
    db,
    planId,
    actionId,
    baseRevision,
    {
      theme_id: input.themeId,
      title: input.title,
      ...ownerColumns(input.owner),
      due: input.due,
      status: input.status,
      question_ids: JSON.stringify(input.questionIds),
    },
    null,
    actor,
    now,
  );
}

/** An owner's progress: the status, and a dated note when one is given. */
export function recordProgress(
  db: Db,
  planId: number,
  actionId: number,
  progress: { status: ActionStatus; note: string },
  baseRevision: number,
  actor: Actor,
  now = new Date(),
) {
  return writeAction(
    db,
    planId,
    actionId,
    baseRevision,
    { status: progress.status },
    { personId: actor.personId, body: progress.note },
    actor,
    now,
  );
}
