import type { Db } from "../../db/database";
import { isForCareSetting } from "../assessment/answers";
import type { CareSetting } from "../domain/organisation";
import { getQuestionnaireVersion } from "./questionnaire.server";
import { questionsNewSince, unchangedQuestions } from "../questionnaire/lineage";
import type { Questionnaire } from "../questionnaire/schema";
import { previousCycleAssessment } from "./assessment.server";
import type { CarryForward } from "./answer.server";

/**
 * What a new assessment of `questionnaire` could carry forward from the organisation's latest submitted or
 * signed-off assessment of an earlier cycle: the answers to questions whose lineage is unchanged since the
 * version that assessment used. Null when there is no earlier assessment.
 */
export async function carryForwardFor(
  db: Db,
  organisationCode: string,
  questionnaire: Questionnaire,
  cycle: string,
): Promise<(CarryForward & { fromVersion: number; newSince: Set<string> }) | null> {
  const previous = await previousCycleAssessment(db, organisationCode, questionnaire.id, cycle);
  if (!previous) return null;
  const versions: Questionnaire[] = [];
  for (let v = previous.questionnaire_version; v <= questionnaire.version; v++) {
    const version = await getQuestionnaireVersion(db, questionnaire.id, v);
    if (version) versions.push(version);
  }
  const source = versions.find((v) => v.version === previous.questionnaire_version);
  if (!source) return null;
  const mapping = unchangedQuestions(questionnaire, source, versions);
  return {
    fromAssessmentId: previous.id,
    fromCycle: previous.cycle,
    fromVersion: previous.questionnaire_version,
    // Asked in no wording by the earlier version: their answers start empty because they are new.
    newSince: questionsNewSince(questionnaire, source, versions),
    questions: questionnaire.themes.flatMap((theme) =>
      theme.questions.flatMap((q) => {
        const from = mapping.get(q.id);
        return from ? [{ questionId: q.id, themeId: theme.id, fromQuestionId: from }] : [];
      }),
    ),
  };
}

/** What starting with last cycle's answers would bring, said before the lead chooses (and why the rest do not). */
export interface CarryForwardPreview {
  fromCycle: string;
  fromVersion: number;
  /** Questions the organisation's care setting is asked. */
  asked: number;
  /** Of those, answers that would be copied (unchanged questions answered last cycle). */
  carried: number;
  /** Questions the earlier version asked, reworded or changed since: they start empty. */
  changed: number;
  /** Questions the earlier version did not ask (new in it or in any version since). */
  added: number;
  /** Unchanged questions that had no answer last cycle. */
  unanswered: number;
}

export async function carryForwardPreview(
  db: Db,
  organisationCode: string,
  careSetting: CareSetting,
  questionnaire: Questionnaire,
  cycle: string,
): Promise<CarryForwardPreview | null> {
  const carry = await carryForwardFor(db, organisationCode, questionnaire, cycle);
  if (!carry) return null;
  const answered = new Set(
    (
      await db
        .selectFrom("answer")
        .select("question_id")
        .where("assessment_id", "=", carry.fromAssessmentId)
        .where("carried_from_cycle", "is", null)
        .where((eb) => eb.or([eb("value", "is not", null), eb("not_applicable_reason", "is not", null)]))
        .execute()
    ).map((a) => a.question_id),
  );
  const from = new Map(carry.questions.map((q) => [q.questionId, q.fromQuestionId]));
  const preview = {
    fromCycle: carry.fromCycle,
    fromVersion: carry.fromVersion,
    asked: 0,
    carried: 0,
    changed: 0,
    added: 0,
    unanswered: 0,
  };
  for (const question of questionnaire.themes.flatMap((t) => t.questions)) {
    if (!isForCareSetting(question, careSetting)) continue;
    preview.asked++;
    const source = from.get(question.id);
    if (source) preview[answered.has(source) ? "carried" : "unanswered"]++;
    else preview[carry.newSince.has(question.id) ? "added" : "changed"]++;
  }
  return preview;
}
