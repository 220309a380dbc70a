import type { Db } from "../../db/database";
import { getQuestionnaireVersion } from "../questionnaire/library.server";
import { unchangedQuestions } from "../questionnaire/lineage";
import type { Questionnaire } from "../questionnaire/schema";
import { type CarryForward, previousCycleAssessment } from "./assessment.server";

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
): Promise<(CarryForward & { fromVersion: number }) | null> {
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
    questions: questionnaire.themes.flatMap((theme) =>
      theme.questions.flatMap((q) => {
        const from = mapping.get(q.id);
        return from ? [{ questionId: q.id, themeId: theme.id, fromQuestionId: from }] : [];
      }),
    ),
  };
}
