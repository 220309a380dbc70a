import type { Db } from "../../db/database";
import { retryOnConflict } from "../../db/errors";
import type { AssessmentStatus } from "../../db/schema";
import { type CarryForward, copyAnswers } from "./answer.server";
import { copyCitations } from "./evidence-citation.server";
import { recordFirstVersion, recordVersion } from "./assessment-version.server";
import { type Actor, recordAuditEvent } from "./audit.server";
import { notifyReviewed, notifyThemesAssigned } from "./notification.server";

export async function getAssessment(db: Db, id: number) {
  return db
    .selectFrom("assessment")
    .innerJoin("organisation", "organisation.ods_code", "assessment.organisation_code")
    .select([
      "assessment.id",
      "assessment.organisation_code",
      "assessment.questionnaire_id",
      "assessment.questionnaire_version",
      "assessment.cycle",
      "assessment.status",
      "assessment.started_at",
      "assessment.submitted_at",
      "assessment.updated_at",
      // What it was answered under, fixed at its start: the organisation's care setting may have changed since.
      "assessment.care_setting",
      "assessment.version",
      "assessment.last_updated",
      "organisation.name as organisation_name",
      "organisation.region_code",
      "organisation.icb_code",
    ])
    .where("assessment.id", "=", id)
    .executeTakeFirst();
}

export async function listAssessments(db: Db, organisationCode: string) {
  return db
    .selectFrom("assessment")
    .innerJoin("questionnaire_version as qv", (join) =>
      join
        .onRef("qv.questionnaire_id", "=", "assessment.questionnaire_id")
        .onRef("qv.version", "=", "assessment.questionnaire_version"),
    )
    .select([
      "assessment.id",
      "assessment.cycle",
      "assessment.status",
      "assessment.questionnaire_id",
      "assessment.questionnaire_version",
      "assessment.updated_at",
      "qv.title",
    ])
    .where("assessment.organisation_code", "=", organisationCode)
    .orderBy("assessment.cycle", "desc")
    .orderBy("assessment.id", "desc")
    .execute();
}

export type StartResult =
  | { started: true; id: number; carried: number }
  | { started: false; existingId: number; status: AssessmentStatus };

/** The assessment an organisation already has for a questionnaire and cycle, whatever its state. */
export async function findCycleAssessment(
  db: Db,
  organisationCode: string,
  questionnaireId: string,
  cycle: string,
) {
  return db
    .selectFrom("assessment")
    .select(["id", "status"])
    .where("organisation_code", "=", organisationCode)
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "=", cycle)
    .executeTakeFirst();
}

/** The latest submitted or signed-off assessment of the questionnaire from a cycle before this one. */
export async function previousCycleAssessment(
  db: Db,
  organisationCode: string,
  questionnaireId: string,
  cycle: string,
) {
  return db
    .selectFrom("assessment")
    .select(["id", "cycle", "questionnaire_version", "status"])
    .where("organisation_code", "=", organisationCode)
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "<", cycle)
    .where("status", "in", ["submitted", "signed-off"])
    .orderBy("cycle", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Starts an assessment, optionally filled with the previous cycle's answers to unchanged questions, marked
 * as carried forward until someone confirms or changes them. An organisation has one assessment for each
 * questionnaire and cycle: the database's unique index refuses a second, whatever state the first is in.
 */
export async function startAssessment(
  db: Db,
  input: {
    organisationCode: string;
    questionnaireId: string;
    version: number;
    cycle: string;
    carryForward?: CarryForward;
  },
  actor: Actor,
  now = new Date(),
): Promise<StartResult> {
  // Two people starting the same assessment at once: the unique index assessment_one_per_cycle lets one
  // insert win; the other's transaction is run again, finds the winner's assessment and answers "already
  // open" (or "already submitted/signed off"), on SQLite and PostgreSQL alike.
  return retryOnConflict(() => startInTransaction(db, input, actor, now));
}

function startInTransaction(
  db: Db,
  input: Parameters<typeof startAssessment>[1],
  actor: Actor,
  now: Date,
): Promise<StartResult> {
  const { carryForward, ...details } = input;
  return db.transaction().execute(async (trx) => {
    const existing = await findCycleAssessment(
      trx,
      input.organisationCode,
      input.questionnaireId,
      input.cycle,
    );
    if (existing) return { started: false, existingId: existing.id, status: existing.status };
    const at = now.toISOString();
    // The organisation's care setting now: the assessment keeps it, whatever the organisation changes to.
    const { care_setting } = await trx
      .selectFrom("organisation")
      .select("care_setting")
      .where("ods_code", "=", input.organisationCode)
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("assessment")
      .values({
        organisation_code: input.organisationCode,
        questionnaire_id: input.questionnaireId,
        questionnaire_version: input.version,
        cycle: input.cycle,
        care_setting,
        status: "in-progress",
        started_by: actor.personId,
        started_at: at,
        updated_at: at,
        version: 1,
        last_updated: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordFirstVersion(trx, id, at);
    const carried = carryForward ? await copyAnswers(trx, id, carryForward, actor, at) : 0;
    // Last cycle's citations come with the answers (issue 23): the evidence is cited again, its status shown.
    if (carryForward)
      await copyCitations(trx, id, carryForward.fromAssessmentId, carryForward.questions, actor, at);
    await recordAuditEvent(
      trx,
      {
        action: "assessment.started",
        personId: actor.personId,
        subject: `assessment ${id}`,
        details: carryForward
          ? { ...details, carriedFrom: carryForward.fromCycle, carriedAnswers: carried }
          : details,
        address: actor.address,
      },
      now,
    );
    return { started: true, id, carried };
  });
}

export async function themeAssignments(db: Db, assessmentId: number) {
  const rows = await db
    .selectFrom("theme_assignment")
    .innerJoin("person", "person.id", "theme_assignment.person_id")
    .select(["theme_assignment.theme_id", "theme_assignment.due_on", "person.id", "person.name"])
    .where("theme_assignment.assessment_id", "=", assessmentId)
    .execute();
  return new Map(rows.map((r) => [r.theme_id, { id: r.id, name: r.name, dueOn: r.due_on }]));
}

/** People who may be given a theme: the organisation's contributors and leads. */
export async function assignablePeople(db: Db, organisationCode: string) {
  return db
    .selectFrom("role_assignment")
    .innerJoin("person", "person.id", "role_assignment.person_id")
    .select(["person.id", "person.name"])
    .distinct()
    .where("role_assignment.organisation_code", "=", organisationCode)
    .where("role_assignment.role", "in", ["contributor", "organisation-lead"])
    .orderBy("person.name")
    .execute();
}

/** Gives each theme to a person (or no one); whoever is newly given one is told (notifyThemesAssigned). */
export async function assignThemes(
  db: Db,
  assessmentId: number,
  assignments: { themeId: string; themeTitle: string; personId: number | null; dueOn?: string | null }[],
  actor: Actor,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    const before = new Map(
      (
        await trx
          .selectFrom("theme_assignment")
          .select(["theme_id", "person_id"])
          .where("assessment_id", "=", assessmentId)
          .execute()
      ).map((r) => [r.theme_id, r.person_id]),
    );
    for (const { themeId, personId, dueOn } of assignments) {
      await trx
        .deleteFrom("theme_assignment")
        .where("assessment_id", "=", assessmentId)
        .where("theme_id", "=", themeId)
        .execute();
      if (personId !== null) {
        await trx
          .insertInto("theme_assignment")
          .values({
            assessment_id: assessmentId,
            theme_id: themeId,
            person_id: personId,
            due_on: dueOn ?? null,
          })
          .execute();
      }
    }
    await recordAuditEvent(
      trx,
      {
        action: "assessment.themes-assigned",
        personId: actor.personId,
        subject: `assessment ${assessmentId}`,
        details: {
          assignments: assignments.map(({ themeId, personId, dueOn }) => ({ themeId, personId, dueOn })),
        },
        address: actor.address,
      },
      now,
    );
    await notifyThemesAssigned(
      trx,
      assessmentId,
      assignments.flatMap((a) =>
        a.personId !== null && before.get(a.themeId) !== a.personId
          ? [{ themeId: a.themeId, themeTitle: a.themeTitle, personId: a.personId }]
          : [],
      ),
      actor,
      now,
    );
  });
}

export async function listReviews(db: Db, assessmentId: number) {
  const rows = await db
    .selectFrom("assessment_review")
    .leftJoin("person", "person.id", "assessment_review.person_id")
    .select([
      "assessment_review.id",
      "assessment_review.action",
      "assessment_review.signed_name",
      "assessment_review.comment",
      "assessment_review.theme_comments",
      "assessment_review.occurred_at",
      "person.name as person_name",
    ])
    .where("assessment_review.assessment_id", "=", assessmentId)
    .orderBy("assessment_review.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, theme_comments: JSON.parse(r.theme_comments) as Record<string, string> }));
}

export type ReviewAction =
  | { action: "submitted" }
  | { action: "returned"; comment: string; themeComments: Record<string, string> }
  | { action: "signed-off"; signedName: string; comment: string };

const transitions: Record<ReviewAction["action"], { from: AssessmentStatus; to: AssessmentStatus }> = {
  submitted: { from: "in-progress", to: "submitted" },
  returned: { from: "submitted", to: "in-progress" },
  "signed-off": { from: "submitted", to: "signed-off" },
};

/**
 * Moves an assessment through submit → sign off (or return), recording the review and the audit entry in the
 * same transaction. Returns false when the assessment is not in the state the step starts from.
 */
export async function reviewAssessment(
  db: Db,
  assessmentId: number,
  review: ReviewAction,
  actor: Actor,
  now = new Date(),
  alsoInTransaction?: (trx: Db) => Promise<void>,
): Promise<boolean> {
  const { from, to } = transitions[review.action];
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable("assessment")
      .set({ status: to, updated_at: at, ...(review.action === "submitted" ? { submitted_at: at } : {}) })
      .where("id", "=", assessmentId)
      .where("status", "=", from)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    await recordVersion(trx, assessmentId, at);
    await trx
      .insertInto("assessment_review")
      .values({
        assessment_id: assessmentId,
        action: review.action,
        person_id: actor.personId,
        signed_name: review.action === "signed-off" ? review.signedName : null,
        comment: review.action === "submitted" ? "" : review.comment,
        theme_comments: JSON.stringify(review.action === "returned" ? review.themeComments : {}),
        occurred_at: at,
      })
      .execute();
    await recordAuditEvent(
      trx,
      {
        action: `assessment.${review.action}`,
        personId: actor.personId,
        subject: `assessment ${assessmentId}`,
        address: actor.address,
      },
      now,
    );
    await alsoInTransaction?.(trx);
    await notifyReviewed(trx, assessmentId, review, actor, now);
    return true;
  });
}

/**
 * What an organisation's people must be told on its pages: assessments the board returned (still open)
 * and assessments the regional team queried (awaiting a reply). One query for any number of organisations.
 */
export async function assessmentNotices(db: Db, organisationCodes: string[]) {
  if (organisationCodes.length === 0) return [];
  const rows = await db
    .selectFrom("assessment")
    .leftJoin("assessment_validation", "assessment_validation.assessment_id", "assessment.id")
    .select((eb) => [
      "assessment.id",
      "assessment.organisation_code",
      "assessment.cycle",
      "assessment.status",
      "assessment_validation.status as validation",
      eb
        .selectFrom("assessment_review")
        .select("assessment_review.action")
        .whereRef("assessment_review.assessment_id", "=", "assessment.id")
        .orderBy("assessment_review.id", "desc")
        .limit(1)
        .as("last_review"),
    ])
    .where("assessment.organisation_code", "in", organisationCodes)
    .execute();
  return rows.flatMap((r) => {
    const returned = r.status === "in-progress" && r.last_review === "returned";
    const queried = r.validation === "queried";
    return returned || queried
      ? [{ id: r.id, organisationCode: r.organisation_code, cycle: r.cycle, returned, queried }]
      : [];
  });
}
