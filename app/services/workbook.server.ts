import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { clientAddress } from "../auth/guard.server";
import { content } from "../content";
import { workbookContent } from "../content/workbook";
import { readForm } from "../forms.server";
import { limits } from "../limits";
import { loadAnswers, type SaveResult, saveAnswers } from "../models/answer.server";
import { answersAtRevisions } from "../models/answer-history.server";
import { recordAuditEvent } from "../models/audit.server";
import { claimWorkbookPreview, keepWorkbookPreview, workbookPreview } from "../models/workbook-upload.server";
import { asStorageFault } from "../storage.server";
import { buildAssessmentWorkbook, xlsxDownload } from "../workbook/build.server";
import { classify, identityProblem, parseWorkbookAnswers } from "../workbook/preview";
import { readWorkbook } from "../workbook/read.server";
import { checkWorkbookZip } from "../workbook/zip";
import { assessmentSummary, loadAssessment } from "./assessment-context.server";

/**
 * The assessment workbook's use cases: download it, upload a filled one for a preview kept on the server, and
 * confirm the preview, which saves through the same model as autosave (revisions, conflicts, history, the
 * assessment's versions). Authorised through loadAssessment: anyone who may see the assessment downloads;
 * only those who may answer it, while it is open, upload and confirm.
 */

/** The file name of an assessment's workbook: organisation, cycle and questionnaire, as the CSV's. */
const fileNameOf = (a: { organisation_code: string; cycle: string }, questionnaireId: string) =>
  `${a.organisation_code}-${a.cycle.replace("/", "-")}-${questionnaireId}.xlsx`;

export async function downloadWorkbook(request: Request, assessmentId: string | undefined, now: Date) {
  const { db, assessment, questionnaire, careSetting } = await loadAssessment(
    request,
    assessmentId,
    "organisation.view",
  );
  const answers = await loadAnswers(db, assessment.id);
  const body = await buildAssessmentWorkbook(
    questionnaire,
    {
      assessmentId: assessment.id,
      odsCode: assessment.organisation_code,
      organisationName: assessment.organisation_name,
      cycle: assessment.cycle,
      careSetting,
      downloadedAt: now.toISOString(),
    },
    answers,
  );
  return xlsxDownload(fileNameOf(assessment, questionnaire.id), body);
}

/** The upload page: the assessment, and the viewer's own preview when `?upload=` names one. */
export async function workbookPage(request: Request, assessmentId: string | undefined, now: Date) {
  const ctx = await loadAssessment(request, assessmentId, "assessment.edit");
  const search = new URL(request.url).searchParams;
  const uploadId = z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31)
    .safeParse(search.get("upload"));
  const upload = uploadId.success
    ? await workbookPreview(
        ctx.db,
        { id: uploadId.data, assessmentId: ctx.assessment.id, personId: ctx.viewer.id },
        now,
      )
    : undefined;
  const count = (name: string) => {
    const parsed = z.coerce
      .number()
      .int()
      .min(0)
      .max(100_000)
      .safeParse(search.get(name) ?? undefined);
    return parsed.success ? parsed.data : null;
  };
  return {
    assessment: assessmentSummary(ctx),
    open: ctx.assessment.status === "in-progress",
    upload: upload ?? null,
    /** An upload id that opens nothing (saved already, expired, or someone else's): said, not hidden. */
    uploadGone: uploadId.success && !upload,
    saved: count("saved"),
    conflicts: count("conflicts") ?? 0,
  };
}

type ActionErrors = { file?: string; saveValid?: string; form?: string };
const failure = (errors: ActionErrors, status = 400) => data({ errors }, { status });

const confirmSchema = z.strictObject({
  csrf: z.string(),
  intent: z.literal("confirm"),
  upload: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
  saveValid: z.literal("yes").optional(),
});

/** The upload page's post: a workbook to preview (multipart), or the confirmation of a preview. */
export async function workbookAction(
  request: Request,
  assessmentId: string | undefined,
  context: { clientAddress?: unknown; requestId?: unknown },
  now: Date,
) {
  const ctx = await loadAssessment(request, assessmentId, "assessment.edit");
  const { db, assessment, questionnaire, careSetting, viewer } = ctx;
  if (assessment.status !== "in-progress") return failure({ form: content.assessmentClosed }, 409);
  const form = await readForm(request, limits.workbookUpload);

  if (form.get("intent") === "confirm") {
    const parsed = confirmSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return failure({ form: "Upload the workbook again." });
    const upload = await workbookPreview(
      db,
      { id: parsed.data.upload, assessmentId: assessment.id, personId: viewer.id },
      now,
    );
    if (!upload) return failure({ form: workbookContent.previewGone }, 409);
    const { preview } = upload;
    if (preview.invalidCount > 0 && parsed.data.saveValid !== "yes")
      return failure({ saveValid: workbookContent.invalidStopsSave(preview.invalidCount) });
    if (preview.edits.length === 0) return failure({ form: workbookContent.nothingToSave });
    const actor = { personId: viewer.id, address: clientAddress(context) };
    const count = (results: SaveResult[], outcome: SaveResult["outcome"]) =>
      results.filter((r) => r.outcome === outcome).length;
    let results: SaveResult[];
    try {
      // The preview is used once: claimed in the save's own transaction, with the save's audit event, so a
      // second confirm, a failed save or a crash leaves no half of it.
      results = await saveAnswers(db, assessment.id, preview.edits, actor, now, {
        alsoInTransaction: async (trx, saving) => {
          if (!(await claimWorkbookPreview(trx, upload.id, now))) throw new PreviewGone();
          await recordAuditEvent(
            trx,
            {
              action: "assessment.workbook-saved",
              personId: viewer.id,
              subject: `assessment:${assessment.id}`,
              details: {
                upload: upload.id,
                file: upload.fileName,
                saved: count(saving, "saved"),
                conflicts: count(saving, "conflict"),
                invalid: preview.invalidCount,
              },
              address: actor.address,
            },
            now,
          );
        },
      });
    } catch (error) {
      if (error instanceof PreviewGone) return failure({ form: workbookContent.previewGone }, 409);
      if (!asStorageFault(error, context)) throw error;
      return failure({ form: content.storageUnavailable }, 503);
    }
    if (results.some((r) => r.outcome === "closed")) return failure({ form: content.assessmentClosed }, 409);
    const saved = count(results, "saved");
    const conflicts = count(results, "conflict");
    return redirect(`/assessments/${assessment.id}/workbook?saved=${saved}&conflicts=${conflicts}`);
  }

  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return failure({ file: workbookContent.chooseFile });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const zip = checkWorkbookZip(bytes);
  if (!zip.ok) return failure({ file: zip.error });
  const read = await readWorkbook(bytes);
  if ("error" in read) return failure({ file: read.error });
  const problem = identityProblem(read.identity, {
    assessmentId: assessment.id,
    odsCode: assessment.organisation_code,
    questionnaireId: questionnaire.id,
    questionnaireVersion: questionnaire.version,
    careSetting,
  });
  if (problem) return failure({ file: problem });
  const stored = await loadAnswers(db, assessment.id);
  const parsed = parseWorkbookAnswers(read, questionnaire, careSetting, stored);
  if (parsed.rows.length === 0)
    return failure({
      file: "The selected workbook has no question rows: download the assessment's workbook and fill that in",
    });
  const moved = parsed.rows.flatMap((r) =>
    r.ok && (stored.get(r.question.id)?.revision ?? 0) !== r.baseRevision
      ? [{ questionId: r.question.id, revision: r.baseRevision }]
      : [],
  );
  const atDownload = await answersAtRevisions(db, assessment.id, moved);
  const preview = classify(parsed, questionnaire, careSetting, stored, atDownload);
  const id = await keepWorkbookPreview(
    db,
    { assessmentId: assessment.id, personId: viewer.id, fileName: file.name, preview },
    now,
  );
  return redirect(`/assessments/${assessment.id}/workbook?upload=${id}`);
}

/** A preview confirmed already (a second confirm, or two at once): the save it came with is undone. */
class PreviewGone extends Error {}
