import { z } from "zod";
import type { Db } from "../../db/database";
import { answersAtVersions, getVersion, listVersions } from "../models/assessment-version.server";
import { fhirBase, fhirError } from "./http.server";
import { pageLinks, pageRequest } from "./paging";
import { assessmentResponse, responseId, type StoredAssessment } from "./responses.server";

/**
 * A QuestionnaireResponse's history (newest version first, in pages) and one version of it (vread). Every
 * version is rebuilt from the answer changes made up to it (app/models/assessment-version.server.ts).
 */
export async function responseHistory(db: Db, assessment: StoredAssessment, params: URLSearchParams) {
  const { count, cursor } = pageRequest(params, z.tuple([z.number().int().min(1)]));
  // Newest first: "after" a version means older ones; "before" means newer ones.
  const key = cursor?.key[0];
  const { total, versions: items } = await listVersions(db, assessment.id, {
    below: cursor?.direction === "after" ? key : undefined,
    above: cursor?.direction === "before" ? key : undefined,
    limit: count,
  });
  // Versions run from 1 to the assessment's current one without gaps.
  const page = {
    items,
    hasNext: items.length > 0 && items.at(-1)!.version > 1,
    hasPrevious: items.length > 0 && items[0]!.version < assessment.version,
  };
  const answers = await answersAtVersions(
    db,
    assessment.id,
    items.map((v) => v.version),
  );
  const id = responseId(assessment.id);
  const entries = [];
  for (const v of items) {
    const { resource } = await assessmentResponse(db, assessment, v, answers.get(v.version));
    entries.push({
      fullUrl: `${fhirBase()}/QuestionnaireResponse/${id}/_history/${v.version}`,
      resource,
      request: { method: v.version === 1 ? "POST" : "PUT", url: `QuestionnaireResponse/${id}` },
      response: {
        status: v.version === 1 ? "201 Created" : "200 OK",
        etag: `W/"${v.version}"`,
        lastModified: v.lastUpdated,
      },
    });
  }
  return {
    resourceType: "Bundle",
    type: "history",
    total,
    link: pageLinks(`QuestionnaireResponse/${id}/_history`, params, count, page, (v) => [v.version]),
    entry: entries,
  };
}

/** One version of the response, or a 404 OperationOutcome. */
export async function responseVersion(db: Db, assessment: StoredAssessment, vid: string | undefined) {
  const version = /^\d{1,9}$/.test(vid ?? "") ? await getVersion(db, assessment.id, Number(vid)) : undefined;
  if (!version)
    throw fhirError(404, {
      code: "not-found",
      diagnostics: `QuestionnaireResponse ${responseId(assessment.id)} has no version ${String(vid).slice(0, 20)}.`,
    });
  const { resource } = await assessmentResponse(db, assessment, version);
  return { version, resource };
}
