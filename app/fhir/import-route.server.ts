import type { ActionFunctionArgs } from "@remix-run/node";
import { type Answer, answerFieldsSchema, isShown } from "../assessment/answers";
import { getDb } from "../db.server";
import type { CareSetting } from "../domain/organisation";
import { readJsonBody } from "../forms.server";
import { limits } from "../limits";
import { getAssessment } from "../models/assessment.server";
import { loadAnswers, saveAnswers } from "../models/answer.server";
import { tokenCan } from "../models/api-token.server";
import { baseRevisionsAt } from "../models/assessment-version.server";
import { assessmentSystem, odsSystem } from "../questionnaire/fhir";
import { getQuestionnaireVersion } from "../models/questionnaire.server";
import { withApiCaller } from "./auth.server";
import { fhirBase, fhirError, fhirJson, fhirRoute, type Issue, publicUrl } from "./http.server";
import { fhirMethodNotAllowed } from "./search.server";
import { mergeFields, QuestionnaireResponseSchema, responseToFields, storedToFields } from "./import";
import { assessmentResponse, parseCanonical, responseId } from "./responses.server";
import { parseId } from "../params";

/**
 * POST /fhir/QuestionnaireResponse: imports a response's answers into the organisation's open assessment.
 * Refused whole (nothing written) when it does not validate against its Questionnaire (422), names another
 * organisation (403) or questionnaire (422), or when any answer was changed by someone else since the
 * version the client edited (409). Each answer is saved through saveAnswers, as autosave saves it.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  return fhirRoute(request, async () => {
    const db = getDb();
    const details: Record<string, unknown> = {};
    return withApiCaller(
      db,
      request,
      context,
      async (caller) => {
        if (request.method !== "POST") return fhirMethodNotAllowed("GET, POST")({ request });
        const type = request.headers.get("Content-Type") ?? "";
        if (!/^application\/(fhir\+)?json\b/.test(type))
          return fhirError(415, {
            code: "not-supported",
            diagnostics: "Send the resource as application/fhir+json.",
          });
        const body = await readJsonBody(request, {
          maxBytes: limits.fhirResourceBytes,
          maxDepth: limits.fhirResourceDepth,
        });
        if (!body.ok)
          return fhirError(body.status, {
            code: body.status === 413 ? "too-costly" : "structure",
            diagnostics: body.message,
          });
        const json = body.json;
        const parsed = QuestionnaireResponseSchema.safeParse(json);
        if (!parsed.success)
          return fhirError(
            400,
            parsed.error.issues.slice(0, 20).map((i) => ({
              code: "structure" as const,
              diagnostics: i.message,
              expression: ["QuestionnaireResponse", ...i.path].join("."),
            })),
          );
        const resource = parsed.data;
        if (caller.access !== "write" || !caller.organisationCode)
          return fhirError(403, {
            code: "forbidden",
            diagnostics: "This token may read, not import answers.",
          });
        const subject = resource.subject.identifier;
        if (subject.system !== odsSystem)
          return fhirError(422, {
            code: "value",
            diagnostics: `subject.identifier.system must be ${odsSystem}.`,
            expression: "QuestionnaireResponse.subject.identifier.system",
          });
        const odsCode = subject.value.toUpperCase();
        const organisation = await db
          .selectFrom("organisation")
          .select(["ods_code", "region_code", "care_setting"])
          .where("ods_code", "=", odsCode)
          .executeTakeFirst();
        const scope = organisation && {
          organisation: { odsCode: organisation.ods_code, regionCode: organisation.region_code },
        };
        if (!organisation || !scope || !tokenCan(caller, "assessment.edit", scope))
          return fhirError(403, {
            code: "forbidden",
            diagnostics: `This token may not import answers for ${odsCode.slice(0, 10)}.`,
            expression: "QuestionnaireResponse.subject",
          });
        const canonical = parseCanonical(resource.questionnaire);
        if (!canonical || canonical.version === undefined)
          return fhirError(422, {
            code: "value",
            diagnostics: `questionnaire must be a canonical URL of this service with its version: ${publicUrl()}/questionnaires/<id>/<care setting>|<version>.`,
            expression: "QuestionnaireResponse.questionnaire",
          });

        // The open assessments of that questionnaire: the one the response identifies, or all of them.
        let open = db
          .selectFrom("assessment")
          .select(["id", "questionnaire_version", "care_setting"])
          .where("organisation_code", "=", odsCode)
          .where("questionnaire_id", "=", canonical.questionnaireId)
          .where("status", "=", "in-progress");
        const identifier = resource.identifier;
        if (identifier?.system === assessmentSystem(publicUrl()) && identifier.value)
          open = open.where("id", "=", parseId(String(identifier.value)) ?? 0);
        const opened = await open.execute();
        // An assessment is answered under the care setting it started with; a new one takes the organisation's.
        const answeredAs =
          opened.length > 0 ? opened.map((o) => o.care_setting) : [organisation.care_setting];
        if (!answeredAs.includes(canonical.careSetting))
          return fhirError(422, {
            code: "value",
            diagnostics: `${odsCode} answers the ${answeredAs[0]} Questionnaire, not the ${canonical.careSetting.slice(0, 30)} one.`,
            expression: "QuestionnaireResponse.questionnaire",
          });
        const candidates = opened.filter(
          (o) => o.questionnaire_version === canonical.version && o.care_setting === canonical.careSetting,
        );
        if (candidates.length !== 1)
          return fhirError(409, {
            code: "conflict",
            diagnostics:
              candidates.length === 0
                ? `${odsCode} has no open assessment of ${canonical.questionnaireId} version ${canonical.version}${identifier?.value ? ` with identifier ${identifier.value.slice(0, 20)}` : ""}.`
                : `${odsCode} has ${candidates.length} open assessments of that questionnaire: give the identifier (${assessmentSystem(publicUrl())}|<id>).`,
          });
        const assessment = (await getAssessment(db, candidates[0]!.id))!;
        details.assessment = assessment.id;
        const questionnaire = (await getQuestionnaireVersion(
          db,
          canonical.questionnaireId,
          canonical.version,
        ))!;
        const careSetting = assessment.care_setting as CareSetting;

        const stored = await loadAnswers(db, assessment.id);
        const { fields, problems } = responseToFields(questionnaire, careSetting, resource, publicUrl());
        const issues: Issue[] = problems.map((p) => ({
          code: "invalid",
          diagnostics: p.diagnostics,
          expression: p.expression,
        }));
        const imported = new Map<string, Answer>();
        for (const [questionId, { fields: f, given, question }] of fields) {
          // Parts of the answer the response leaves out (a client that drops links, say) stay as stored.
          const merged = mergeFields(storedToFields(stored.get(questionId)), f, given);
          const clean = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
          const result = answerFieldsSchema(question, questionnaire).safeParse({ ...clean, revision: "0" });
          if (!result.success) {
            for (const i of result.error.issues)
              issues.push({
                code: "value",
                diagnostics: `${questionId}: ${i.message}`,
                expression: `QuestionnaireResponse.item.where(linkId='${questionId}')`,
              });
            continue;
          }
          const { revision: _revision, ...answer } = result.data;
          imported.set(questionId, answer);
        }
        // Answers to questions their conditions hide (on the answers as they would be after the import).
        const after = new Map<string, Answer>([...stored, ...imported]);
        for (const [questionId, { question }] of fields) {
          if (!isShown(question, careSetting, after))
            issues.push({
              code: "invalid",
              diagnostics: `${questionId} is not enabled by the answers it depends on.`,
              expression: `QuestionnaireResponse.item.where(linkId='${questionId}')`,
            });
        }
        if (issues.length > 0) {
          details.refused = issues.length;
          return fhirError(422, issues.slice(0, 100));
        }

        // The revision each answer was edited from: as of the version the client read (If-Match, or
        // meta.versionId); without one, from nothing, so any stored answer that differs is a conflict.
        const ifMatch = request.headers.get("If-Match")?.match(/^(?:W\/)?"(\d{1,15})"$/)?.[1];
        const version = ifMatch ?? resource.meta?.versionId;
        if (version !== undefined && (!/^\d{1,15}$/.test(version) || Number(version) > assessment.version))
          return fhirError(412, {
            code: "conflict",
            diagnostics: "If-Match (or meta.versionId) must be a version this service gave out.",
          });
        const bases =
          version === undefined
            ? new Map<string, number>()
            : await baseRevisionsAt(db, assessment.id, Number(version));
        const edits = [...imported].map(([questionId, answer]) => ({
          themeId: fields.get(questionId)!.themeId,
          answer,
          baseRevision: bases.get(questionId) ?? 0,
        }));
        const results = await saveAnswers(
          db,
          assessment.id,
          edits,
          { personId: caller.personId, address: null },
          new Date(),
          { allOrNothing: true },
        );
        const conflicts = results.filter((r) => r.outcome === "conflict");
        if (results.some((r) => r.outcome === "closed"))
          return fhirError(409, {
            code: "conflict",
            diagnostics: "The assessment is no longer open: nothing was imported.",
          });
        if (conflicts.length > 0) {
          details.conflicts = conflicts.map((c) => c.questionId);
          return fhirError(
            409,
            conflicts.map((c) => ({
              code: "conflict" as const,
              diagnostics: `${c.questionId} was changed by someone else since version ${version ?? "(none given)"}: nothing was imported. Read the response again, merge, and send it with its new version.`,
              expression: `QuestionnaireResponse.item.where(linkId='${c.questionId}')`,
            })),
          );
        }
        details.saved = results.filter((r) => r.outcome === "saved").length;
        details.unchanged = results.filter((r) => r.outcome === "unchanged").length;
        const saved = (await getAssessment(db, assessment.id))!;
        const { resource: current } = await assessmentResponse(db, saved);
        return fhirJson(current, {
          status: 200,
          headers: {
            ETag: `W/"${saved.version}"`,
            "Content-Location": `${fhirBase()}/QuestionnaireResponse/${responseId(assessment.id)}`,
          },
        });
      },
      () => details,
    );
  });
}
