import type { Db } from "../../db/database";

/**
 * What the reminder sweep reads and writes (issue 24, app/services/reminders.server.ts). Reads are whole-table
 * scans of what is open, in a handful of queries however many organisations there are; writes are batched.
 */

/** Assessments being answered, with what their reminders need. */
export async function openAssessments(db: Db) {
  return db
    .selectFrom("assessment")
    .innerJoin("organisation", "organisation.ods_code", "assessment.organisation_code")
    .select([
      "assessment.id",
      "assessment.organisation_code",
      "assessment.cycle",
      "assessment.questionnaire_id",
      "assessment.questionnaire_version",
      "assessment.care_setting",
      "organisation.region_code",
      "organisation.name",
    ])
    .where("assessment.status", "=", "in-progress")
    .where("organisation.status", "=", "active")
    .execute();
}

/** Who has each theme of the open assessments, and its internal due date. */
export async function openThemeAssignments(db: Db) {
  return db
    .selectFrom("theme_assignment")
    .innerJoin("assessment", "assessment.id", "theme_assignment.assessment_id")
    .select([
      "theme_assignment.assessment_id",
      "theme_assignment.theme_id",
      "theme_assignment.person_id",
      "theme_assignment.due_on",
    ])
    .where("assessment.status", "=", "in-progress")
    .execute();
}

/** Every active person's organisation roles: who may be reminded of what. */
export async function organisationMembers(db: Db) {
  return db
    .selectFrom("role_assignment")
    .innerJoin("person", "person.id", "role_assignment.person_id")
    .select(["role_assignment.organisation_code", "role_assignment.person_id", "role_assignment.role"])
    .where("role_assignment.organisation_code", "is not", null)
    .where("person.deactivated_at", "is", null)
    .execute();
}

/** Submissions waiting for the board since before `submittedBefore` (an ISO instant). */
export async function pendingSignOffs(db: Db, submittedBefore: string) {
  return db
    .selectFrom("assessment")
    .innerJoin("organisation", "organisation.ods_code", "assessment.organisation_code")
    .select([
      "assessment.id",
      "assessment.organisation_code",
      "assessment.cycle",
      "assessment.submitted_at",
      "organisation.name",
    ])
    .where("assessment.status", "=", "submitted")
    .where("assessment.submitted_at", "<=", submittedBefore)
    .where("organisation.status", "=", "active")
    .execute();
}

/** Actions of plans not done or dropped that are due by `dueBy` (YYYY-MM-DD). */
export async function dueActions(db: Db, dueBy: string) {
  return db
    .selectFrom("plan_action")
    .innerJoin("plan", "plan.id", "plan_action.plan_id")
    .innerJoin("organisation", "organisation.ods_code", "plan.organisation_code")
    .select([
      "plan_action.id",
      "plan_action.title",
      "plan_action.due",
      "plan_action.owner_person_id",
      "plan.assessment_id",
      "plan.organisation_code",
      "plan.cycle",
      "organisation.name",
    ])
    .where("plan_action.status", "in", ["not-started", "in-progress"])
    .where("plan_action.due", "<=", dueBy)
    .where("organisation.status", "=", "active")
    .execute();
}

/** Evidence items (not deleted) whose review-by date is on or before `dueBy` (YYYY-MM-DD). */
export async function dueEvidence(db: Db, dueBy: string) {
  return db
    .selectFrom("evidence_item")
    .innerJoin("organisation", "organisation.ods_code", "evidence_item.organisation_code")
    .select([
      "evidence_item.id",
      "evidence_item.title",
      "evidence_item.review_by",
      "evidence_item.owner_person_id",
      "evidence_item.organisation_code",
      "organisation.name",
    ])
    .where("evidence_item.deleted_at", "is", null)
    .where("evidence_item.review_by", "<=", dueBy)
    .where("organisation.status", "=", "active")
    .execute();
}

/** Which of these reminder keys are written already. */
export async function writtenKeysAmong(db: Db, keys: readonly string[]) {
  const written = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom("reminder")
      .select("key")
      .where("key", "in", keys.slice(i, i + 500))
      .execute();
    for (const r of rows) written.add(r.key);
  }
  return written;
}

/** The reminder keys already written for these assessments: what is never written again. */
export async function writtenReminderKeys(db: Db, assessmentIds: readonly number[]) {
  const keys = new Set<string>();
  for (let i = 0; i < assessmentIds.length; i += 500) {
    const rows = await db
      .selectFrom("reminder")
      .select("key")
      .where("assessment_id", "in", assessmentIds.slice(i, i + 500))
      .execute();
    for (const r of rows) keys.add(r.key);
  }
  return keys;
}

export interface DigestToWrite {
  key: string;
  personId: number;
  /** Null for a digest about the organisation's evidence library. */
  assessmentId: number | null;
  organisationCode: string;
  subject: string;
  body: string;
  link: string;
  reminderKeys: string[];
}

/**
 * Writes a batch of digests, each with its reminders and its email, in one transaction. A reminder whose key
 * exists is not written again (another run or server wrote it: the unique key decides), and a digest left with
 * none is not written. A person already sent today's digest about the assessment gets the rest tomorrow (one
 * email a day): those reminders are taken back out, to be written then. Returns the digests written.
 */
export async function writeDigests(db: Db, digests: readonly DigestToWrite[], now: Date) {
  if (digests.length === 0) return 0;
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const fresh = new Set<string>();
    const rows = digests.flatMap((d) =>
      d.reminderKeys.map((key) => ({
        key,
        assessment_id: d.assessmentId,
        digest_key: d.key,
        created_at: at,
      })),
    );
    for (let i = 0; i < rows.length; i += 200) {
      const inserted = await trx
        .insertInto("reminder")
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column("key").doNothing())
        .returning("key")
        .execute();
      for (const r of inserted) fresh.add(r.key);
    }
    const written = digests.filter((d) => d.reminderKeys.some((k) => fresh.has(k)));
    if (written.length === 0) return 0;
    const notificationIds: number[] = [];
    const carried = new Set<string>();
    for (let i = 0; i < written.length; i += 100) {
      const inserted = await trx
        .insertInto("notification")
        .values(
          written.slice(i, i + 100).map((d) => ({
            person_id: d.personId,
            kind: "reminders",
            organisation_code: d.organisationCode,
            assessment_id: d.assessmentId,
            subject: d.subject,
            body: d.body,
            link: d.link,
            dedupe_key: d.key,
            created_at: at,
          })),
        )
        .onConflict((oc) => oc.column("dedupe_key").doNothing())
        .returning(["id", "dedupe_key"])
        .execute();
      for (const n of inserted) {
        notificationIds.push(n.id);
        carried.add(n.dedupe_key);
      }
    }
    const waiting = written
      .filter((d) => !carried.has(d.key))
      .flatMap((d) => d.reminderKeys.filter((k) => fresh.has(k)));
    for (let i = 0; i < waiting.length; i += 500)
      await trx
        .deleteFrom("reminder")
        .where("key", "in", waiting.slice(i, i + 500))
        .execute();
    for (let i = 0; i < notificationIds.length; i += 200)
      await trx
        .insertInto("email_outbox")
        .values(
          notificationIds
            .slice(i, i + 200)
            .map((id) => ({ notification_id: id, next_attempt_at: at, created_at: at })),
        )
        .execute();
    return notificationIds.length;
  });
}
