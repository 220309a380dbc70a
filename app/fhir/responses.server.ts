import type { Db } from "../../db/database";
import { type CitedEvidence, toFhirQuestionnaireResponse } from "../assessment/export";
import { citationsOf } from "../models/evidence-citation.server";
import type { CareSetting } from "../domain/organisation";
import { getAssessment } from "../models/assessment.server";
import { loadAnswers, type StoredAnswer } from "../models/answer.server";
import { type ApiCaller, tokenCan } from "../models/api-token.server";
import { answersAtVersions } from "../models/assessment-version.server";
import { assessmentQuestionnaire } from "../models/questionnaire.server";
import { fhirError, publicUrl } from "./http.server";
import { parseId } from "../params";

export type StoredAssessment = NonNullable<Awaited<ReturnType<typeof getAssessment>>>;

/**
 * An assessment as its QuestionnaireResponse: as it stands now, or as it was at an earlier version (rebuilt
 * from its answer changes). Its Questionnaire is the one of the care setting and questionnaire version the
 * assessment was answered under, whatever the organisation's care setting is now.
 */
export async function assessmentResponse(
  db: Db,
  assessment: StoredAssessment,
  at?: { version: number; status: StoredAssessment["status"]; lastUpdated: string },
  /** The answers at that version, when the caller has rebuilt them already (a history page). */
  answersAt?: Map<string, StoredAnswer>,
) {
  const questionnaire = await assessmentQuestionnaire(db, assessment);
  const version = at ?? {
    version: assessment.version,
    status: assessment.status,
    lastUpdated: assessment.last_updated,
  };
  const answers = !at
    ? await loadAnswers(db, assessment.id)
    : (answersAt ?? (await answersAtVersions(db, assessment.id, [at.version])).get(at.version)!);
  const resource = toFhirQuestionnaireResponse(
    questionnaire,
    {
      assessmentId: assessment.id,
      odsCode: assessment.organisation_code,
      organisationName: assessment.organisation_name,
      careSetting: assessment.care_setting as CareSetting,
      cycle: assessment.cycle,
      status: version.status,
      // authored is the last answer change; before any, the start (which no later version changes).
      updatedAt: assessment.started_at,
      versionId: String(version.version),
      lastUpdated: version.lastUpdated,
    },
    answers,
    publicUrl(),
    // Citations are not versioned: the current response carries them, a rebuilt earlier version does not.
    at ? undefined : await citedByQuestion(db, assessment.id),
  );
  return { resource, version: version.version, lastUpdated: version.lastUpdated };
}

async function citedByQuestion(db: Db, assessmentId: number) {
  const byQuestion = new Map<string, CitedEvidence[]>();
  for (const c of await citationsOf(db, assessmentId))
    byQuestion.set(c.questionId, [
      ...(byQuestion.get(c.questionId) ?? []),
      { title: c.title, links: c.links },
    ]);
  return byQuestion;
}

export const responseId = (assessmentId: number) => `assessment-${assessmentId}`;
export function assessmentIdOf(id: string | undefined): number | null {
  return id?.startsWith("assessment-") ? parseId(id.slice("assessment-".length)) : null;
}

/** The assessment a token may read, or a 404 that does not confirm it exists. */
export async function readableAssessment(db: Db, caller: ApiCaller, id: string | undefined) {
  const assessmentId = assessmentIdOf(id);
  const assessment = assessmentId === null ? undefined : await getAssessment(db, assessmentId);
  const scope = assessment && {
    organisation: { odsCode: assessment.organisation_code, regionCode: assessment.region_code },
  };
  if (!assessment || !scope || !tokenCan(caller, "organisation.view", scope))
    throw fhirError(404, {
      code: "not-found",
      diagnostics: `There is no QuestionnaireResponse ${String(id).slice(0, 64)} for this token.`,
    });
  return assessment;
}

/** Splits a canonical questionnaire reference into our questionnaire id, care setting and version. */
export function parseCanonical(reference: string) {
  const [url, version, ...rest] = reference.split("|");
  const prefix = `${publicUrl()}/questionnaires/`;
  if (rest.length > 0 || !url?.startsWith(prefix)) return null;
  const [questionnaireId, careSetting, ...more] = url.slice(prefix.length).split("/");
  if (!questionnaireId || !careSetting || more.length > 0) return null;
  if (version !== undefined && !/^\d{1,9}$/.test(version)) return null;
  return { questionnaireId, careSetting, version: version === undefined ? undefined : Number(version) };
}
