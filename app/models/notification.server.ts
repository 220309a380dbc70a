import { type Db, dialectOf } from "../../db/database";
import type { Role } from "../domain/roles";
import { draftNotification, type NotificationDraft, type NotificationKind } from "../notifications/catalogue";
import type { Actor } from "./audit.server";

/**
 * Notifications and their emails (issue 24, ADR 020). `recordNotification` runs in the transaction of the
 * event that causes it, so a notification exists exactly when its event does; its email waits in the outbox
 * for the sender (app/services/notifications.server.ts).
 */

/** The active people who hold one of the roles in the organisation: whoever else is named gets nothing. */
export async function peopleWithRole(db: Db, organisationCode: string, roles: Role[]) {
  const rows = await db
    .selectFrom("role_assignment")
    .innerJoin("person", "person.id", "role_assignment.person_id")
    .select("person.id")
    .distinct()
    .where("role_assignment.organisation_code", "=", organisationCode)
    .where("role_assignment.role", "in", roles)
    .where("person.deactivated_at", "is", null)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Everyone who may be told about an organisation: its active members (any organisation role) and the active
 * regional analysts of its region. Nobody else is ever notified of anything about it.
 */
export async function peopleWhoMayBeTold(db: Db, organisationCode: string) {
  const rows = await db
    .selectFrom("role_assignment")
    .innerJoin("person", "person.id", "role_assignment.person_id")
    .select("person.id")
    .distinct()
    .where("person.deactivated_at", "is", null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb("role_assignment.organisation_code", "=", organisationCode),
          eb("role_assignment.role", "in", ["contributor", "organisation-lead", "board-member"]),
        ]),
        eb.and([
          eb("role_assignment.role", "=", "regional-analyst"),
          eb(
            "role_assignment.region_code",
            "=",
            eb.selectFrom("organisation").select("region_code").where("ods_code", "=", organisationCode),
          ),
        ]),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * One notification (and its email) for each recipient who may be told about the organisation.
 * `eventKey` names the event (e.g. "review 12"): with the kind and the person it makes the notification's
 * unique key, so writing the same event twice notifies nobody twice.
 */
export async function recordNotification(
  trx: Db,
  input: {
    draft: NotificationDraft;
    organisationCode: string;
    assessmentId: number | null;
    eventKey: string;
    recipients: number[];
  },
  now: Date,
) {
  const members = await peopleWhoMayBeTold(trx, input.organisationCode);
  const recipients = [...new Set(input.recipients)].filter((id) => members.has(id));
  if (recipients.length === 0) return 0;
  const at = now.toISOString();
  const inserted = await trx
    .insertInto("notification")
    .values(
      recipients.map((personId) => ({
        person_id: personId,
        kind: input.draft.kind,
        organisation_code: input.organisationCode,
        assessment_id: input.assessmentId,
        subject: input.draft.subject,
        body: input.draft.body,
        link: input.draft.link,
        dedupe_key: `${input.draft.kind}:${input.eventKey}:${personId}`,
        created_at: at,
      })),
    )
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .execute();
  if (inserted.length > 0)
    await trx
      .insertInto("email_outbox")
      .values(inserted.map((n) => ({ notification_id: n.id, next_attempt_at: at, created_at: at })))
      .execute();
  return inserted.length;
}

export async function listNotifications(db: Db, personId: number, limit = 50) {
  return db
    .selectFrom("notification")
    .select(["id", "kind", "subject", "body", "link", "created_at", "read_at"])
    .where("person_id", "=", personId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function markNotificationsRead(db: Db, personId: number, now: Date) {
  await db
    .updateTable("notification")
    .set({ read_at: now.toISOString() })
    .where("person_id", "=", personId)
    .where("read_at", "is", null)
    .execute();
}

/** How long a claimed email is the claimant's before another sender may take it (a crashed sender's). */
export const claimMs = 5 * 60_000;

/**
 * Claims up to `limit` emails that are due, for this sender alone: on PostgreSQL rows another sender has
 * locked are skipped (FOR UPDATE SKIP LOCKED), and a claim lasts `claimMs`. SQLite has one writer.
 */
export async function claimDueEmails(db: Db, now: Date, limit: number) {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom("email_outbox")
      .select("id")
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", at)
      .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", at)]))
      .orderBy("id")
      .limit(limit);
    if (dialectOf(trx) === "postgres") due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    await trx
      .updateTable("email_outbox")
      .set((eb) => ({
        claimed_until: new Date(now.getTime() + claimMs).toISOString(),
        attempts: eb("attempts", "+", 1),
      }))
      .where("id", "in", ids)
      .execute();
    return trx
      .selectFrom("email_outbox as o")
      .innerJoin("notification as n", "n.id", "o.notification_id")
      .innerJoin("person as p", "p.id", "n.person_id")
      .select([
        "o.id",
        "o.attempts",
        "n.kind",
        "n.subject",
        "n.body",
        "n.link",
        "n.organisation_code",
        "p.id as person_id",
        "p.name",
        "p.email",
        "p.deactivated_at",
        "p.email_reminders",
      ])
      .where("o.id", "in", ids)
      .orderBy("o.id")
      .execute();
  });
}

export async function markEmailSent(db: Db, id: number, to: string, messageId: string, now: Date) {
  await db
    .updateTable("email_outbox")
    .set({
      status: "sent",
      sent_at: now.toISOString(),
      to_address: to,
      message_id: messageId,
      last_error: null,
    })
    .where("id", "=", id)
    .execute();
}

/** Not sent, and never will be: the person lost their role or their account before it went. */
export async function markEmailSkipped(db: Db, id: number, reason: string) {
  await db
    .updateTable("email_outbox")
    .set({ status: "skipped", last_error: reason })
    .where("id", "=", id)
    .execute();
}

/** Not sent this time: tried again after a back-off that grows with each attempt (1, 5, 30 minutes, then 2 hours). */
export async function markEmailFailed(db: Db, id: number, attempts: number, error: string, now: Date) {
  const minutes = [1, 5, 30, 120][Math.min(attempts, 4) - 1] ?? 120;
  await db
    .updateTable("email_outbox")
    .set({
      next_attempt_at: new Date(now.getTime() + minutes * 60_000).toISOString(),
      claimed_until: null,
      last_error: error.slice(0, 500),
    })
    .where("id", "=", id)
    .execute();
}

/** Emails waiting to be sent, and when the oldest was written: for /healthz and the administrators' page. */
export async function outboxBacklog(db: Db) {
  const row = await db
    .selectFrom("email_outbox")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")])
    .where("status", "=", "pending")
    .executeTakeFirst();
  return { pending: Number(row?.n ?? 0), oldest: row?.oldest ? String(row.oldest) : null };
}

/** Every email the service sent or tried, newest first: what administrators see. */
export async function listEmails(db: Db, limit = 200) {
  return db
    .selectFrom("email_outbox as o")
    .innerJoin("notification as n", "n.id", "o.notification_id")
    .innerJoin("person as p", "p.id", "n.person_id")
    .select([
      "o.id",
      "o.status",
      "o.attempts",
      "o.sent_at",
      "o.message_id",
      "o.last_error",
      "o.created_at",
      "n.kind",
      "n.subject",
      "p.name",
      "o.to_address",
    ])
    .orderBy("o.id", "desc")
    .limit(limit)
    .execute();
}

/** The organisation, cycle and actor's name an assessment's notifications speak of. */
async function assessmentFacts(trx: Db, assessmentId: number, actorId: number | null) {
  const row = await trx
    .selectFrom("assessment")
    .innerJoin("organisation", "organisation.ods_code", "assessment.organisation_code")
    .leftJoin("person", (join) => join.on("person.id", "=", actorId ?? -1))
    .select(["assessment.organisation_code", "assessment.cycle", "organisation.name", "person.name as actor"])
    .where("assessment.id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  return {
    organisationCode: row.organisation_code,
    facts: { organisationName: row.name, cycle: row.cycle, actorName: row.actor ?? undefined },
  };
}

/** Each person newly given a theme is told, with a link to it (not the one who gave it, if it is theirs). */
export async function notifyThemesAssigned(
  trx: Db,
  assessmentId: number,
  assigned: { themeId: string; themeTitle: string; personId: number }[],
  actor: Actor,
  now: Date,
) {
  if (assigned.length === 0) return;
  const { organisationCode, facts } = await assessmentFacts(trx, assessmentId, actor.personId);
  for (const a of assigned) {
    if (a.personId === actor.personId) continue;
    await recordNotification(
      trx,
      {
        draft: draftNotification(
          "theme-assigned",
          { ...facts, themeTitle: a.themeTitle },
          `/assessments/${assessmentId}/themes/${a.themeId}`,
        ),
        organisationCode,
        assessmentId,
        eventKey: `assessment ${assessmentId} theme ${a.themeId} at ${now.toISOString()}`,
        recipients: [a.personId],
      },
      now,
    );
  }
}

/**
 * A step of the review, told to whom it concerns: a submission to the board, a return to the leads and to
 * those assigned the themes the board commented on, a sign-off to the leads. Never to the one who took it.
 */
export async function notifyReviewed(
  trx: Db,
  assessmentId: number,
  review: {
    action: "submitted" | "returned" | "signed-off";
    comment?: string;
    themeComments?: Record<string, string>;
  },
  actor: Actor,
  now: Date,
) {
  const { organisationCode, facts } = await assessmentFacts(trx, assessmentId, actor.personId);
  const leads = () => peopleWithRole(trx, organisationCode, ["organisation-lead"]);
  let kind: NotificationKind;
  let recipients: number[];
  let link = `/assessments/${assessmentId}`;
  if (review.action === "submitted") {
    kind = "assessment-submitted";
    recipients = await peopleWithRole(trx, organisationCode, ["board-member"]);
    link = `/assessments/${assessmentId}/review`;
  } else if (review.action === "returned") {
    kind = "assessment-returned";
    const themes = Object.keys(review.themeComments ?? {});
    const assignees =
      themes.length === 0
        ? []
        : await trx
            .selectFrom("theme_assignment")
            .select("person_id")
            .where("assessment_id", "=", assessmentId)
            .where("theme_id", "in", themes)
            .execute();
    recipients = [...(await leads()), ...assignees.map((a) => a.person_id)];
  } else {
    kind = "assessment-signed-off";
    recipients = await leads();
  }
  await recordNotification(
    trx,
    {
      draft: draftNotification(kind, { ...facts, comment: review.comment || undefined }, link),
      organisationCode,
      assessmentId,
      eventKey: `assessment ${assessmentId} ${review.action} at ${now.toISOString()}`,
      recipients: recipients.filter((id) => id !== actor.personId),
    },
    now,
  );
}

/** The regional team's decision, told to the leads: a query (with its words: what to answer) or a validation. */
export async function notifyValidation(
  trx: Db,
  assessmentId: number,
  decision: { status: "validated" } | { status: "queried"; comment: string },
  actor: Actor,
  now: Date,
) {
  const { organisationCode, facts } = await assessmentFacts(trx, assessmentId, actor.personId);
  const queried = decision.status === "queried";
  await recordNotification(
    trx,
    {
      draft: draftNotification(
        queried ? "assessment-queried" : "assessment-validated",
        { ...facts, comment: queried ? decision.comment : undefined },
        queried ? `/assessments/${assessmentId}/validation` : `/assessments/${assessmentId}`,
      ),
      organisationCode,
      assessmentId,
      eventKey: `assessment ${assessmentId} ${decision.status} at ${now.toISOString()}`,
      recipients: (await peopleWithRole(trx, organisationCode, ["organisation-lead"])).filter(
        (id) => id !== actor.personId,
      ),
    },
    now,
  );
}

/** A reply to a query, told to the analyst who asked the last query (if they still cover the region). */
export async function notifyQueryReplied(trx: Db, assessmentId: number, actor: Actor, now: Date) {
  const asker = await trx
    .selectFrom("assessment_query")
    .select("person_id")
    .where("assessment_id", "=", assessmentId)
    .where("from_role", "=", "analyst")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!asker?.person_id) return;
  const { organisationCode, facts } = await assessmentFacts(trx, assessmentId, actor.personId);
  await recordNotification(
    trx,
    {
      draft: draftNotification("query-replied", facts, `/assessments/${assessmentId}/validation`),
      organisationCode,
      assessmentId,
      eventKey: `assessment ${assessmentId} reply at ${now.toISOString()}`,
      recipients: [asker.person_id],
    },
    now,
  );
}

/** The person made the owner of an action is told (not when they made themselves its owner). */
export async function notifyActionAssigned(
  trx: Db,
  action: { id: number; assessmentId: number; title: string; due: string; ownerPersonId: number },
  actor: Actor,
  now: Date,
) {
  if (action.ownerPersonId === actor.personId) return;
  const { organisationCode, facts } = await assessmentFacts(trx, action.assessmentId, actor.personId);
  await recordNotification(
    trx,
    {
      draft: draftNotification(
        "action-assigned",
        { ...facts, actionTitle: action.title, due: action.due },
        `/assessments/${action.assessmentId}/plan/actions/${action.id}`,
      ),
      organisationCode,
      assessmentId: action.assessmentId,
      eventKey: `action ${action.id} owner at ${now.toISOString()}`,
      recipients: [action.ownerPersonId],
    },
    now,
  );
}
