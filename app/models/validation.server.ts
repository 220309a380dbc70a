import type { Db } from "../../db/database";
import { recordAuditEvent, type Actor } from "./audit.server";
import { refreshForOrganisation } from "./benchmark.server";
import { notifyQueryReplied, notifyValidation } from "./notification.server";

export async function validationOf(db: Db, assessmentId: number) {
  const [status, messages] = await Promise.all([
    db
      .selectFrom("assessment_validation")
      .select(["status", "updated_at"])
      .where("assessment_id", "=", assessmentId)
      .executeTakeFirst(),
    db
      .selectFrom("assessment_query")
      .leftJoin("person", "person.id", "assessment_query.person_id")
      .select([
        "assessment_query.id",
        "assessment_query.from_role",
        "assessment_query.body",
        "assessment_query.created_at",
        "person.name",
      ])
      .where("assessment_query.assessment_id", "=", assessmentId)
      .orderBy("assessment_query.id")
      .execute(),
  ]);
  return { status: status?.status ?? null, updatedAt: status?.updated_at ?? null, messages };
}

/**
 * A regional analyst validates a submitted assessment, or queries it with a comment the organisation sees.
 * The validated benchmarks of the organisation's peer groups change with it, in the same transaction.
 */
export async function setValidation(
  db: Db,
  assessment: { id: number; organisation_code: string; questionnaire_id: string; cycle: string },
  decision: { status: "validated" } | { status: "queried"; comment: string },
  actor: Actor,
  now = new Date(),
) {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("assessment_validation")
      .values({
        assessment_id: assessment.id,
        status: decision.status,
        person_id: actor.personId,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc
          .column("assessment_id")
          .doUpdateSet({ status: decision.status, person_id: actor.personId, updated_at: at }),
      )
      .execute();
    if (decision.status === "queried") {
      await trx
        .insertInto("assessment_query")
        .values({
          assessment_id: assessment.id,
          person_id: actor.personId,
          from_role: "analyst",
          body: decision.comment,
          created_at: at,
        })
        .execute();
    }
    await recordAuditEvent(
      trx,
      {
        action: `assessment.${decision.status}`,
        personId: actor.personId,
        subject: `assessment ${assessment.id}`,
        address: actor.address,
      },
      now,
    );
    await refreshForOrganisation(
      trx,
      assessment.organisation_code,
      assessment.questionnaire_id,
      assessment.cycle,
      now,
    );
    await notifyValidation(trx, assessment.id, decision, actor, now);
  });
}

export async function replyToQuery(
  db: Db,
  assessmentId: number,
  body: string,
  actor: Actor,
  now = new Date(),
) {
  // The reply and its audit event together, as every other move in validation is recorded.
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("assessment_query")
      .values({
        assessment_id: assessmentId,
        person_id: actor.personId,
        from_role: "organisation",
        body,
        created_at: now.toISOString(),
      })
      .execute();
    await recordAuditEvent(
      trx,
      {
        action: "assessment.query-replied",
        personId: actor.personId,
        subject: `assessment ${assessmentId}`,
        address: actor.address,
      },
      now,
    );
    await notifyQueryReplied(trx, assessmentId, actor, now);
  });
}
