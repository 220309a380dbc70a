import { type Db, dialectOf } from "../../db/database";
import { retryOnConflict } from "../../db/errors";
import type { AssessmentStatus } from "../../db/schema";
import type { Answer } from "../assessment/answers";
import { recordFirstVersion, recordVersion } from "./assessment-version.server";
import { type Actor, recordAuditEvent } from "./audit.server";

export interface StoredAnswer extends Answer {
  revision: number;
  updatedBy: string | null;
  updatedAt: string;
  /**
   * A copy of last cycle's answer that nobody has confirmed yet. The answer's own fields are then empty, so
   * scoring, completion, submission checks and exports all treat the question as unanswered.
   */
  carriedForward?: Answer & { fromCycle: string };
}

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

/** Answers to copy from an earlier assessment, for questions whose lineage says they are unchanged. */
export interface CarryForward {
  fromAssessmentId: number;
  fromCycle: string;
  /** Each question of the new assessment to fill, its theme, and the question it continues. */
  questions: { questionId: string; themeId: string; fromQuestionId: string }[];
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

/** Copies confirmed answers (never copies of copies) into a new assessment, marked as carried forward. */
async function copyAnswers(trx: Db, assessmentId: number, carry: CarryForward, actor: Actor, at: string) {
  if (carry.questions.length === 0) return 0;
  const source = await trx
    .selectFrom("answer")
    .select(["question_id", "value", "not_applicable_reason", "evidence", "evidence_links"])
    .where("assessment_id", "=", carry.fromAssessmentId)
    .where("question_id", "in", [...new Set(carry.questions.map((q) => q.fromQuestionId))])
    .where("carried_from_cycle", "is", null)
    .where((eb) => eb.or([eb("value", "is not", null), eb("not_applicable_reason", "is not", null)]))
    .execute();
  const bySource = new Map(source.map((r) => [r.question_id, r]));
  const rows = carry.questions.flatMap((q) => {
    const from = bySource.get(q.fromQuestionId);
    return from ? [{ ...q, from }] : [];
  });
  if (rows.length === 0) return 0;
  await trx
    .insertInto("answer")
    .values(
      rows.map(({ questionId, themeId, from }) => ({
        assessment_id: assessmentId,
        question_id: questionId,
        theme_id: themeId,
        value: from.value,
        not_applicable_reason: from.not_applicable_reason,
        evidence: from.evidence,
        evidence_links: from.evidence_links,
        revision: 1,
        updated_by: actor.personId,
        updated_at: at,
        carried_from_cycle: carry.fromCycle,
      })),
    )
    .execute();
  await trx
    .insertInto("answer_change")
    .values(
      rows.map(({ questionId, from }) => ({
        assessment_id: assessmentId,
        question_id: questionId,
        revision: 1,
        before: null,
        after: JSON.stringify({
          value: from.value === null ? null : JSON.parse(from.value),
          notApplicableReason: from.not_applicable_reason,
          evidence: from.evidence,
          evidenceLinks: JSON.parse(from.evidence_links),
          carriedFromCycle: carry.fromCycle,
        }),
        changed_by: actor.personId,
        changed_at: at,
        version: 1,
      })),
    )
    .execute();
  return rows.length;
}

function toAnswer(row: {
  question_id: string;
  value: string | null;
  not_applicable_reason: string | null;
  evidence: string;
  evidence_links: string;
  revision: number;
  updated_at: string;
  updated_by_name?: string | null;
  carried_from_cycle: string | null;
}): StoredAnswer {
  const answer: Answer = {
    questionId: row.question_id,
    value: row.value === null ? null : JSON.parse(row.value),
    notApplicableReason: row.not_applicable_reason,
    evidence: row.evidence,
    evidenceLinks: JSON.parse(row.evidence_links),
  };
  const stored = {
    revision: row.revision,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by_name ?? null,
  };
  if (row.carried_from_cycle === null) return { ...answer, ...stored };
  return {
    questionId: row.question_id,
    value: null,
    notApplicableReason: null,
    evidence: "",
    evidenceLinks: [],
    ...stored,
    carriedForward: { ...answer, fromCycle: row.carried_from_cycle },
  };
}

/** What a stored answer is read with (`toAnswer`), joined to the person who last saved it. */
const storedAnswerColumns = [
  "answer.question_id",
  "answer.value",
  "answer.not_applicable_reason",
  "answer.evidence",
  "answer.evidence_links",
  "answer.revision",
  "answer.updated_at",
  "answer.carried_from_cycle",
  "person.name as updated_by_name",
] as const;

export async function loadAnswers(
  db: Db,
  assessmentId: number,
  themeId?: string,
): Promise<Map<string, StoredAnswer>> {
  let query = db
    .selectFrom("answer")
    .leftJoin("person", "person.id", "answer.updated_by")
    .select(storedAnswerColumns)
    .where("answer.assessment_id", "=", assessmentId);
  if (themeId) query = query.where("answer.theme_id", "=", themeId);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.question_id, toAnswer(r)]));
}

const emptyAnswer = (questionId: string): Answer => ({
  questionId,
  value: null,
  notApplicableReason: null,
  evidence: "",
  evidenceLinks: [],
});

const snapshot = (a: Answer) =>
  JSON.stringify({
    value: a.value,
    notApplicableReason: a.notApplicableReason,
    evidence: a.evidence,
    evidenceLinks: a.evidenceLinks,
  });

export type SaveResult =
  | { questionId: string; outcome: "saved"; revision: number; updatedAt: string }
  | { questionId: string; outcome: "unchanged"; revision: number; updatedAt: string }
  | { questionId: string; outcome: "conflict"; current: StoredAnswer }
  | { questionId: string; outcome: "closed" };

/**
 * Saves answers that were edited from the given revisions, in one transaction. An answer someone else saved
 * since (a newer revision with different content) is not overwritten: its result is a conflict carrying
 * their version. Every change is kept in answer_change. With `allOrNothing` (imports), any conflict means
 * nothing of the call is written.
 *
 * The database decides who wins, so this holds with several servers on one PostgreSQL database too: an
 * update only applies `where revision = base`, and a first answer is inserted `on conflict do nothing`; a
 * write that applies to no row lost the race and reports the winner's answer as a conflict. The assessment's
 * row is read `for update` on PostgreSQL, so a submission waits for saves under way and later saves see it,
 * and saves to one assessment take turns at its version counter (recordVersion): a save that changes
 * anything makes the next version, and its answer_change rows say so.
 */
export async function saveAnswers(
  db: Db,
  assessmentId: number,
  edits: { themeId: string; answer: Answer; baseRevision: number }[],
  actor: Actor,
  now = new Date(),
  { allOrNothing = false }: { allOrNothing?: boolean } = {},
): Promise<SaveResult[]> {
  const at = now.toISOString();
  const questionIds = edits.map((e) => e.answer.questionId);
  if (new Set(questionIds).size !== questionIds.length) throw new Error("saveAnswers: a question twice");
  try {
    return await saveInTransaction();
  } catch (error) {
    if (error instanceof RolledBack) return error.results;
    throw error;
  }
  function saveInTransaction() {
    return db.transaction().execute(async (trx) => {
      let statusQuery = trx.selectFrom("assessment").select("status").where("id", "=", assessmentId);
      if (dialectOf(trx) === "postgres") statusQuery = statusQuery.forUpdate();
      const assessment = await statusQuery.executeTakeFirst();
      if (assessment?.status !== "in-progress")
        return edits.map((e) => ({ questionId: e.answer.questionId, outcome: "closed" as const }));
      if (edits.length === 0) return [];
      const rows = await trx
        .selectFrom("answer")
        .select([
          "question_id",
          "value",
          "not_applicable_reason",
          "evidence",
          "evidence_links",
          "revision",
          "updated_at",
          "updated_by",
          "carried_from_cycle",
        ])
        .where("assessment_id", "=", assessmentId)
        .where("question_id", "in", questionIds)
        .execute();
      const stored = new Map(rows.map((r) => [r.question_id, r]));

      /** The answer as another person saved it, for a conflict (their name only needed then). */
      const conflict = async (questionId: string): Promise<SaveResult> => {
        const row = await trx
          .selectFrom("answer")
          .leftJoin("person", "person.id", "answer.updated_by")
          .select(storedAnswerColumns)
          .where("answer.assessment_id", "=", assessmentId)
          .where("answer.question_id", "=", questionId)
          .executeTakeFirst();
        // A base revision for an answer that was never saved (a made-up one): a conflict with nothing.
        const current: StoredAnswer = row
          ? toAnswer(row)
          : { ...emptyAnswer(questionId), revision: 0, updatedBy: null, updatedAt: at };
        return { questionId, outcome: "conflict", current };
      };

      const results: (SaveResult | undefined)[] = [];
      const inserts: { index: number; themeId: string; answer: Answer; columns: AnswerColumns }[] = [];
      const changes: { index: number; answer: Answer; before: string | null; revision: number }[] = [];
      for (const [index, { themeId, answer, baseRevision }] of edits.entries()) {
        const row = stored.get(answer.questionId);
        const current = row ? toAnswer(row) : undefined;
        const blank =
          answer.value === null &&
          answer.notApplicableReason === null &&
          answer.evidence === "" &&
          answer.evidenceLinks.length === 0;
        if (!current && blank) {
          // An untouched question posted with its page: nothing to keep.
          results[index] = {
            questionId: answer.questionId,
            outcome: "unchanged",
            revision: 0,
            updatedAt: at,
          };
          continue;
        }
        if (current && snapshot(current) === snapshot(answer)) {
          results[index] = {
            questionId: answer.questionId,
            outcome: "unchanged",
            revision: current.revision,
            updatedAt: current.updatedAt,
          };
          continue;
        }
        if ((current?.revision ?? 0) !== baseRevision) {
          results[index] = await conflict(answer.questionId);
          continue;
        }
        const revision = baseRevision + 1;
        const columns = answerColumns(answer, revision, actor.personId, at);
        if (current) {
          const updated = await trx
            .updateTable("answer")
            .set(columns)
            .where("assessment_id", "=", assessmentId)
            .where("question_id", "=", answer.questionId)
            .where("revision", "=", baseRevision)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1) {
            results[index] = await conflict(answer.questionId);
            continue;
          }
          changes.push({ index, answer, before: snapshot(current), revision });
          results[index] = { questionId: answer.questionId, outcome: "saved", revision, updatedAt: at };
        } else {
          inserts.push({ index, themeId, answer, columns });
        }
      }
      if (inserts.length > 0) {
        const inserted = await trx
          .insertInto("answer")
          .values(
            inserts.map(({ themeId, answer, columns }) => ({
              assessment_id: assessmentId,
              question_id: answer.questionId,
              theme_id: themeId,
              ...columns,
            })),
          )
          .onConflict((oc) => oc.columns(["assessment_id", "question_id"]).doNothing())
          .returning("question_id")
          .execute();
        const won = new Set(inserted.map((r) => r.question_id));
        for (const { index, answer, columns } of inserts) {
          if (!won.has(answer.questionId)) {
            results[index] = await conflict(answer.questionId);
            continue;
          }
          changes.push({ index, answer, before: null, revision: columns.revision });
          results[index] = {
            questionId: answer.questionId,
            outcome: "saved",
            revision: columns.revision,
            updatedAt: at,
          };
        }
      }
      if (changes.length > 0) {
        const version = await recordVersion(trx, assessmentId, at);
        await trx
          .insertInto("answer_change")
          .values(
            changes
              .sort((a, b) => a.index - b.index)
              .map(({ answer, before, revision }) => ({
                assessment_id: assessmentId,
                question_id: answer.questionId,
                revision,
                before,
                after: snapshot(answer),
                changed_by: actor.personId,
                changed_at: at,
                version,
              })),
          )
          .execute();
      }
      // With allOrNothing (imports), one conflict undoes every write of the call.
      if (allOrNothing && results.some((r) => r?.outcome === "conflict"))
        throw new RolledBack(results as SaveResult[]);
      // assessment.updated_at marks state changes (start, submit, return, sign-off); last_updated and version
      // (recordVersion, above) mark any change to what the QuestionnaireResponse shows.
      return results as SaveResult[];
    });
  }
}

/** Thrown inside saveAnswers' transaction to roll it back, carrying what each answer's outcome would be. */
class RolledBack extends Error {
  constructor(readonly results: SaveResult[]) {
    super("rolled back");
  }
}

type AnswerColumns = ReturnType<typeof answerColumns>;
const answerColumns = (answer: Answer, revision: number, personId: number, at: string) => ({
  value: answer.value === null ? null : JSON.stringify(answer.value),
  not_applicable_reason: answer.notApplicableReason,
  evidence: answer.evidence,
  evidence_links: JSON.stringify(answer.evidenceLinks),
  revision,
  updated_by: personId,
  updated_at: at,
  // Saving a carried-forward answer, changed or not, is what confirms it.
  carried_from_cycle: null,
});

/** How many of an answer's latest changes a page shows (autosave keeps every change, so there can be many). */
export const historyShown = 10;

/** The latest changes of each answer, newest first; every answer's revision says how many there are in all. */
export async function answerHistory(db: Db, assessmentId: number, questionIds: string[]) {
  if (questionIds.length === 0) return [];
  return db
    .selectFrom("answer_change")
    .innerJoin("answer", (join) =>
      join
        .onRef("answer.assessment_id", "=", "answer_change.assessment_id")
        .onRef("answer.question_id", "=", "answer_change.question_id"),
    )
    .leftJoin("person", "person.id", "answer_change.changed_by")
    .where((eb) => eb("answer_change.revision", ">", eb("answer.revision", "-", historyShown)))
    .select([
      "answer_change.question_id",
      "answer_change.revision",
      "answer_change.before",
      "answer_change.after",
      "answer_change.changed_at",
      "person.name as changed_by",
    ])
    .where("answer_change.assessment_id", "=", assessmentId)
    .where("answer_change.question_id", "in", questionIds)
    .orderBy("answer_change.id", "desc")
    .execute();
}

/** Per theme: who last edited an answer in it, and when. */
export async function themeActivity(db: Db, assessmentId: number) {
  const rows = await db
    .selectFrom("answer")
    .leftJoin("person", "person.id", "answer.updated_by")
    .select(["answer.theme_id", "answer.updated_at", "person.name"])
    .where("answer.assessment_id", "=", assessmentId)
    // A copy from last cycle is nobody's edit yet.
    .where("answer.carried_from_cycle", "is", null)
    .orderBy("answer.updated_at", "desc")
    .execute();
  const latest = new Map<string, { at: string; by: string | null }>();
  for (const r of rows) if (!latest.has(r.theme_id)) latest.set(r.theme_id, { at: r.updated_at, by: r.name });
  return latest;
}

export async function themeAssignments(db: Db, assessmentId: number) {
  const rows = await db
    .selectFrom("theme_assignment")
    .innerJoin("person", "person.id", "theme_assignment.person_id")
    .select(["theme_assignment.theme_id", "person.id", "person.name"])
    .where("theme_assignment.assessment_id", "=", assessmentId)
    .execute();
  return new Map(rows.map((r) => [r.theme_id, { id: r.id, name: r.name }]));
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

export async function assignThemes(
  db: Db,
  assessmentId: number,
  assignments: { themeId: string; personId: number | null }[],
  actor: Actor,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    for (const { themeId, personId } of assignments) {
      await trx
        .deleteFrom("theme_assignment")
        .where("assessment_id", "=", assessmentId)
        .where("theme_id", "=", themeId)
        .execute();
      if (personId !== null) {
        await trx
          .insertInto("theme_assignment")
          .values({ assessment_id: assessmentId, theme_id: themeId, person_id: personId })
          .execute();
      }
    }
    await recordAuditEvent(
      trx,
      {
        action: "assessment.themes-assigned",
        personId: actor.personId,
        subject: `assessment ${assessmentId}`,
        details: { assignments },
        address: actor.address,
      },
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
