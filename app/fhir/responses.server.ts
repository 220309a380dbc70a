import type { Db } from "../../db/database";
import { toFhirQuestionnaireResponse } from "../assessment/export";
import type { CareSetting } from "../domain/organisation";
import { getAssessment, loadAnswers } from "../models/assessment.server";
import { type ApiCaller, tokenCan } from "../models/api-token.server";
import { answerVersion } from "../models/fhir.server";
import { odsSystem } from "../questionnaire/fhir";
import { getQuestionnaireVersion } from "../models/questionnaire.server";
import { fhirBase, fhirError, publicUrl } from "./http.server";
import { dateMatcher } from "./search.server";
import { parseId } from "../params";

export type StoredAssessment = NonNullable<Awaited<ReturnType<typeof getAssessment>>>;

/** An assessment as its QuestionnaireResponse, with the answer version (meta.versionId, ETag). */
export async function assessmentResponse(db: Db, assessment: StoredAssessment) {
  const questionnaire = await getQuestionnaireVersion(
    db,
    assessment.questionnaire_id,
    assessment.questionnaire_version,
  );
  if (!questionnaire)
    throw new Error(
      `Questionnaire ${assessment.questionnaire_id} v${assessment.questionnaire_version} is missing`,
    );
  const versionId = await answerVersion(db, assessment.id);
  const resource = toFhirQuestionnaireResponse(
    questionnaire,
    {
      assessmentId: assessment.id,
      odsCode: assessment.organisation_code,
      organisationName: assessment.organisation_name,
      careSetting: assessment.care_setting as CareSetting,
      cycle: assessment.cycle,
      status: assessment.status,
      updatedAt: assessment.updated_at,
      versionId,
    },
    await loadAnswers(db, assessment.id),
    publicUrl(),
  );
  return { resource, versionId };
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

/** QuestionnaireResponse search within a token's scope. */
export async function searchResponses(db: Db, caller: ApiCaller, params: URLSearchParams) {
  const bad = (diagnostics: string) => fhirError(400, { code: "invalid", diagnostics });
  let query = db
    .selectFrom("assessment")
    .innerJoin("organisation", "organisation.ods_code", "assessment.organisation_code")
    .select(["assessment.id", "assessment.organisation_code", "organisation.region_code"])
    .orderBy("assessment.id", "desc");
  query = caller.organisationCode
    ? query.where("assessment.organisation_code", "=", caller.organisationCode)
    : query.where("organisation.region_code", "=", caller.regionCode ?? "");
  const subject = params.get("subject:identifier");
  if (subject !== null) {
    const [system, code] = subject.includes("|") ? subject.split("|", 2) : [undefined, subject];
    if ((system && system !== odsSystem) || !code)
      throw bad(`subject:identifier must be ${odsSystem}|<ODS code>.`);
    query = query.where("assessment.organisation_code", "=", code.toUpperCase());
  }
  const questionnaire = params.get("questionnaire");
  if (questionnaire !== null) {
    const canonical = parseCanonical(questionnaire);
    if (!canonical)
      throw bad(
        `questionnaire must be a canonical URL under ${publicUrl()}/questionnaires/, optionally with |version.`,
      );
    query = query
      .where("assessment.questionnaire_id", "=", canonical.questionnaireId)
      .where("organisation.care_setting", "=", canonical.careSetting);
    if (canonical.version !== undefined)
      query = query.where("assessment.questionnaire_version", "=", canonical.version);
  }
  const status = params.get("status");
  if (status !== null) {
    const wanted = status.split(",");
    const ours = [
      ...(wanted.includes("in-progress") ? (["in-progress"] as const) : []),
      ...(wanted.includes("completed") ? (["submitted", "signed-off"] as const) : []),
    ];
    if (ours.length === 0) return { total: 0, entries: [] };
    query = query.where("assessment.status", "in", ours);
  }
  const authored = params.getAll("authored").map((value) => {
    const matcher = dateMatcher(value);
    if (!matcher)
      throw bad(
        `authored "${value.slice(0, 40)}" is not a date with an optional prefix (eq, ne, gt, ge, lt, le).`,
      );
    return matcher;
  });
  const countParam = params.get("_count");
  const count = countParam === null ? 50 : Number(countParam);
  if (!Number.isInteger(count) || count < 0 || count > 100)
    throw bad("_count must be a whole number from 0 to 100.");

  const candidates = (await query.execute()).filter((row) =>
    tokenCan(caller, "organisation.view", {
      organisation: { odsCode: row.organisation_code, regionCode: row.region_code },
    }),
  );
  let matching = candidates.map((c) => c.id);
  if (authored.length > 0 && matching.length > 0) {
    const latest = await db
      .selectFrom("answer")
      .select(["assessment_id", (eb) => eb.fn.max("updated_at").as("at")])
      .where("assessment_id", "in", matching)
      .groupBy("assessment_id")
      .execute();
    const at = new Map(latest.map((r) => [r.assessment_id, String(r.at)]));
    const fallback = new Map(
      (
        await db.selectFrom("assessment").select(["id", "updated_at"]).where("id", "in", matching).execute()
      ).map((r) => [r.id, r.updated_at]),
    );
    matching = matching.filter((id) => {
      const when = at.get(id) ?? fallback.get(id) ?? "";
      return authored.every((m) => m(when));
    });
  }
  const entries = [];
  for (const id of matching.slice(0, count)) {
    const assessment = await getAssessment(db, id);
    if (!assessment) continue;
    const { resource } = await assessmentResponse(db, assessment);
    entries.push({ fullUrl: `${fhirBase()}/QuestionnaireResponse/${responseId(id)}`, resource });
  }
  return { total: matching.length, entries };
}
