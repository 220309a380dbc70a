import type { Db } from "../../db/database";
import { type CareSetting, careSettings } from "../domain/organisation";
import { questionnaireResourceId, questionnaireUrl, toFhirQuestionnaire } from "../questionnaire/fhir";
import { getQuestionnaireVersion, listQuestionnaireVersions } from "../models/questionnaire.server";
import type { Questionnaire } from "../questionnaire/schema";
import { z } from "zod";
import { fhirBase, publicUrl } from "./http.server";
import { pageLinks, pageOfList, pageRequest } from "./paging";

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

/** Questionnaire search by url, version, name and status, ordered by id, in pages. */
export async function searchQuestionnaires(db: Db, params: URLSearchParams) {
  const { count, cursor } = pageRequest(params, z.tuple([z.string().max(64)]));
  const url = params.get("url");
  const version = params.get("version");
  const name = params.get("name");
  const status = params.get("status");
  const matches = (await publishedQuestionnaires(db))
    .map((p) => questionnaireResource(p))
    .filter((resource) => {
      if (
        url &&
        !url.split(",").some((u) => u === resource.url || u === `${resource.url}|${resource.version}`)
      )
        return false;
      if (version && !version.split(",").includes(resource.version)) return false;
      // FHIR string search: case-insensitive "starts with".
      if (name && !resource.name.toLowerCase().startsWith(name.toLowerCase())) return false;
      if (status && !status.split(",").includes(resource.status)) return false;
      return true;
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const keyOf = (resource: { id: string }) => [resource.id];
  const page = pageOfList(matches, keyOf, { count, cursor });
  return {
    total: matches.length,
    entries: page.items.map((resource) => ({
      fullUrl: `${fhirBase()}/Questionnaire/${resource.id}`,
      resource,
    })),
    links: pageLinks("Questionnaire", params, count, page, keyOf),
  };
}
