import type { Db } from "../../db/database";
import { type CareSetting, careSettings } from "../domain/organisation";
import { questionnaireResourceId, questionnaireUrl, toFhirQuestionnaire } from "../questionnaire/fhir";
import { getQuestionnaireVersion, listQuestionnaireVersions } from "../models/questionnaire.server";
import type { Questionnaire } from "../questionnaire/schema";
import { publicUrl } from "./http.server";

export interface PublishedQuestionnaire {
  questionnaire: Questionnaire;
  careSetting: CareSetting;
  id: string;
  url: string;
}

/**
 * Every FHIR Questionnaire the service publishes: each published or retired questionnaire version, once per
 * care setting it lists. Drafts are not published (they may still change).
 */
export async function publishedQuestionnaires(db: Db): Promise<PublishedQuestionnaire[]> {
  const versions = await listQuestionnaireVersions(db);
  const out: PublishedQuestionnaire[] = [];
  for (const v of versions) {
    if (v.status === "draft") continue;
    const questionnaire = await getQuestionnaireVersion(db, v.questionnaire_id, v.version);
    if (!questionnaire) continue;
    // The stored row's status is authoritative (retiring a version changes only the status).
    const current = { ...questionnaire, status: v.status };
    for (const careSetting of careSettings) {
      if (!(current.careSettings as string[]).includes(careSetting)) continue;
      out.push({
        questionnaire: current,
        careSetting,
        id: questionnaireResourceId(current, careSetting),
        url: questionnaireUrl(publicUrl(), current.id, careSetting),
      });
    }
  }
  return out;
}

export const questionnaireResource = (p: PublishedQuestionnaire) =>
  toFhirQuestionnaire(p.questionnaire, p.careSetting, publicUrl());
