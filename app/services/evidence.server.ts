import { data, redirect } from "@remix-run/node";
import type { Actor } from "../models/audit.server";
import { clientAddress, forbidden, notFound, authoriseOrganisation } from "../auth/guard.server";
import { evidenceContent } from "../content/evidence";
import { csvDownload, csvRow } from "../csv";
import { getDb } from "../db.server";
import { can } from "../domain/roles";
import { attachmentDisposition, safeFileName } from "../evidence/names";
import { evidenceItemSchema, registerQuerySchema } from "../evidence/schemas";
import { fileKinds, sniffFile } from "../evidence/sniff";
import { dayOf, evidenceStatus, evidenceStatusLabels } from "../evidence/status";
import { type FieldErrors, fieldErrors, formValues, textValues } from "../forms";
import { readForm } from "../forms.server";
import { evidenceLimits, limits } from "../limits";
import { getAssessment } from "../models/assessment.server";
import {
  addEvidenceFile,
  deleteEvidenceFile,
  downloadEvidenceFile,
  filesOf,
} from "../models/evidence-file.server";
import {
  citationsOf,
  citedBySubmitted,
  citersOf,
  openCitationCount,
} from "../models/evidence-citation.server";
import {
  createEvidenceItem,
  deleteEvidenceItem,
  type EvidenceItem,
  evidenceOwners,
  evidenceRegister,
  getEvidenceItem,
  updateEvidenceItem,
} from "../models/evidence.server";
import { possibleOwners } from "../models/plan.server";
import { assessmentQuestionnaire, getQuestionnaireVersion } from "../models/questionnaire.server";
import { parseId } from "../params";

/**
 * The evidence library's use cases (issue 23): each authorised through the guard on the organisation in the
 * address, then scoped to it in every query. Anyone who may see the organisation reads its library (analysts
 * of its region included); only those who may answer its assessments change it.
 */
export type LibraryContext = Awaited<ReturnType<typeof loadLibrary>>;

const e = evidenceContent.errors;

export async function loadLibrary(
  request: Request,
  odsCode: string | undefined,
  context: { clientAddress?: unknown } = {},
) {
  if (!odsCode || !/^[A-Za-z0-9]{3,10}$/.test(odsCode)) throw notFound();
  const { viewer, organisation } = await authoriseOrganisation(request, odsCode, "organisation.view");
  const scope = { organisation: { odsCode: organisation.ods_code, regionCode: organisation.region_code } };
  return {
    db: getDb(),
    viewer,
    organisation: { odsCode: organisation.ods_code, name: organisation.name },
    actor: { personId: viewer.id, address: clientAddress(context) } satisfies Actor,
    mayEdit: can(viewer.grants, "assessment.edit", scope),
  };
}

const requireEdit = (ctx: LibraryContext) => {
  if (!ctx.mayEdit) throw forbidden();
};

/** An item of the library's organisation, or 404; a deleted one only while a submitted assessment cites it. */
export async function itemOf(ctx: LibraryContext, itemIdParam: string | undefined) {
  const id = parseId(itemIdParam);
  if (id === null) throw notFound();
  const item = await getEvidenceItem(ctx.db, ctx.organisation.odsCode, id, { deleted: true });
  if (!item) throw notFound();
  if (item.deletedAt && !(await citedBySubmitted(ctx.db, ctx.organisation.odsCode, id))) throw notFound();
  return item;
}

export const statusOn = (reviewBy: string, now: Date) =>
  evidenceStatus(reviewBy, dayOf(now), evidenceLimits.dueWindowDays);

export const itemPath = (odsCode: string, id: number) => `/organisations/${odsCode}/evidence/${id}`;

/** The register: filters from the query string, one page of rows, what cites them and their files. */
export async function registerPage(ctx: LibraryContext, url: URL, now: Date) {
  const query = registerQuerySchema.parse(Object.fromEntries(url.searchParams));
  const { db, organisation } = ctx;
  const { total, items } = await evidenceRegister(
    db,
    organisation.odsCode,
    query,
    dayOf(now),
    evidenceLimits.dueWindowDays,
    { size: evidenceLimits.pageSize, number: query.page },
  );
  const ids = items.map((i) => i.id);
  const [citers, files, owners, themes] = await Promise.all([
    citersOf(db, organisation.odsCode, ids),
    filesOf(db, organisation.odsCode, ids),
    evidenceOwners(db, organisation.odsCode),
    themesCited(ctx),
  ]);
  return {
    organisation,
    mayEdit: ctx.mayEdit,
    query,
    total,
    pages: Math.max(1, Math.ceil(total / evidenceLimits.pageSize)),
    owners,
    themes,
    items: items.map((item) => ({
      ...summaryOf(item, now),
      citedBy: citers.filter((c) => c.itemId === item.id),
      files: files.filter((f) => f.itemId === item.id).map((f) => f.fileName),
    })),
  };
}

const summaryOf = (item: EvidenceItem, now: Date) => ({
  id: item.id,
  title: item.title,
  owner: item.owner,
  producedOn: item.producedOn,
  reviewBy: item.reviewBy,
  status: statusOn(item.reviewBy, now),
  outcomes: item.outcomes,
  links: item.links,
});

/**
 * The themes the organisation's citations are under, with their titles (for the register's theme filter):
 * each theme's title from the questionnaire version of its newest citing assessment.
 */
async function themesCited(ctx: LibraryContext) {
  const rows = await ctx.db
    .selectFrom("evidence_citation")
    .innerJoin("assessment", "assessment.id", "evidence_citation.assessment_id")
    .select((eb) => [
      "evidence_citation.theme_id",
      "assessment.questionnaire_id",
      eb.fn.max("assessment.questionnaire_version").as("questionnaire_version"),
    ])
    .where("evidence_citation.organisation_code", "=", ctx.organisation.odsCode)
    .groupBy(["evidence_citation.theme_id", "assessment.questionnaire_id"])
    .execute();
  const themes = new Map<string, string>();
  for (const r of rows) {
    const questionnaire = await getQuestionnaireVersion(
      ctx.db,
      r.questionnaire_id,
      Number(r.questionnaire_version),
    );
    themes.set(r.theme_id, questionnaire?.themes.find((t) => t.id === r.theme_id)?.title ?? r.theme_id);
  }
  return [...themes]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** The whole register as CSV, with the page's filters. */
export async function registerCsv(ctx: LibraryContext, url: URL, now: Date) {
  const query = registerQuerySchema.parse(Object.fromEntries(url.searchParams));
  const { db, organisation } = ctx;
  const { items } = await evidenceRegister(
    db,
    organisation.odsCode,
    query,
    dayOf(now),
    evidenceLimits.dueWindowDays,
  );
  const ids = items.map((i) => i.id);
  const [citers, files] = await Promise.all([
    citersOf(db, organisation.odsCode, ids),
    filesOf(db, organisation.odsCode, ids),
  ]);
  const rows = [
    csvRow([
      "Title",
      "Owner",
      "Produced",
      "Review by",
      "Status",
      "Cited by question ids",
      "Links",
      "File names",
      "Outcomes",
      "Description",
    ]),
    ...items.map((item) =>
      csvRow([
        item.title,
        item.owner,
        item.producedOn,
        item.reviewBy,
        evidenceStatusLabels[statusOn(item.reviewBy, now)],
        [...new Set(citers.filter((c) => c.itemId === item.id).map((c) => c.questionId))].join("; "),
        item.links.join(" "),
        files
          .filter((f) => f.itemId === item.id)
          .map((f) => f.fileName)
          .join("; "),
        item.outcomes.join("; "),
        item.description,
      ]),
    ),
  ];
  return csvDownload(`${organisation.odsCode}-evidence-${dayOf(now)}.csv`, rows);
}

/** An item's page: the item, its files, what cites it, the owners to choose from (editors only). */
export async function itemPage(ctx: LibraryContext, itemIdParam: string | undefined, now: Date) {
  const item = await itemOf(ctx, itemIdParam);
  const [files, citers, owners] = await Promise.all([
    filesOf(ctx.db, ctx.organisation.odsCode, [item.id]),
    citersOf(ctx.db, ctx.organisation.odsCode, [item.id]),
    ctx.mayEdit && !item.deletedAt ? possibleOwners(ctx.db, ctx.organisation.odsCode) : [],
  ]);
  return {
    organisation: ctx.organisation,
    mayEdit: ctx.mayEdit && !item.deletedAt,
    item: { ...item, status: statusOn(item.reviewBy, now) },
    files,
    citedBy: citers,
    owners,
  };
}

/** The item form, validated: the shared schema, then the owner checked against the organisation's people. */
async function parseItemForm(ctx: LibraryContext, posted: Record<string, string | string[]>) {
  const parsed = evidenceItemSchema.safeParse(posted);
  if (!parsed.success) return { ok: false as const, errors: fieldErrors(parsed.error) };
  const input = parsed.data;
  if ("personId" in input.owner) {
    const ownerId = input.owner.personId;
    const owners = await possibleOwners(ctx.db, ctx.organisation.odsCode);
    if (!owners.some((o) => o.id === ownerId))
      return { ok: false as const, errors: { owner: e.ownerNotOfOrganisation } as FieldErrors };
  }
  return { ok: true as const, input };
}

/**
 * Where a new item added from a question is cited: an open assessment of the same organisation, and a
 * question of its questionnaire. Anything else is a 400 (the form names it), never a citation elsewhere.
 */
async function citeTarget(ctx: LibraryContext, cite: string) {
  const [idText, questionId] = cite.split(":") as [string, string];
  const assessment = await getAssessment(ctx.db, Number(idText));
  if (!assessment || assessment.organisation_code !== ctx.organisation.odsCode) return null;
  if (assessment.status !== "in-progress") return null;
  const questionnaire = await assessmentQuestionnaire(ctx.db, assessment);
  const theme = questionnaire.themes.find((t) => t.questions.some((q) => q.id === questionId));
  return theme ? { assessmentId: assessment.id, questionId, themeId: theme.id } : null;
}

export const themePath = (at: { assessmentId: number; themeId: string; questionId: string }) =>
  `/assessments/${at.assessmentId}/themes/${at.themeId}#question-${at.questionId}`;

export async function newItemAction(ctx: LibraryContext, request: Request, now: Date) {
  requireEdit(ctx);
  const posted = formValues(await readForm(request));
  const values = textValues(posted);
  const parsed = await parseItemForm(ctx, posted);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const { cite, revision: _revision, ...input } = parsed.input;
  const at = cite ? await citeTarget(ctx, cite) : undefined;
  if (at === null) return data({ errors: { form: e.closed } as FieldErrors, values }, { status: 400 });
  const id = await createEvidenceItem(ctx.db, ctx.organisation.odsCode, input, ctx.actor, now, at);
  return redirect(at ? themePath(at) : itemPath(ctx.organisation.odsCode, id));
}

export async function editItemAction(
  ctx: LibraryContext,
  itemIdParam: string | undefined,
  request: Request,
  now: Date,
) {
  requireEdit(ctx);
  const item = await itemOf(ctx, itemIdParam);
  if (item.deletedAt) throw forbidden();
  const posted = formValues(await readForm(request));
  const values = textValues(posted);
  const parsed = await parseItemForm(ctx, posted);
  if (!parsed.ok) return data({ errors: parsed.errors, values, conflict: null }, { status: 400 });
  const { cite: _cite, revision, ...input } = parsed.input;
  if (revision === undefined)
    return data({ errors: { form: e.reload } as FieldErrors, values, conflict: null }, { status: 400 });
  const result = await updateEvidenceItem(
    ctx.db,
    ctx.organisation.odsCode,
    item.id,
    input,
    revision,
    ctx.actor,
    now,
  );
  if (result.outcome === "missing") throw notFound();
  if (result.outcome === "conflict")
    return data(
      {
        errors: {} as FieldErrors,
        values,
        conflict: { ...result.current, status: statusOn(result.current.reviewBy, now) },
      },
      { status: 409 },
    );
  return redirect(itemPath(ctx.organisation.odsCode, item.id));
}

/** The deletion's confirmation page: how many open assessments' answers cite the item. */
export async function deletePage(ctx: LibraryContext, itemIdParam: string | undefined) {
  requireEdit(ctx);
  const item = await itemOf(ctx, itemIdParam);
  if (item.deletedAt) throw notFound();
  return {
    organisation: ctx.organisation,
    item: { id: item.id, title: item.title },
    openCitations: await openCitationCount(ctx.db, ctx.organisation.odsCode, item.id),
  };
}

export async function deleteAction(
  ctx: LibraryContext,
  itemIdParam: string | undefined,
  request: Request,
  now: Date,
) {
  requireEdit(ctx);
  const item = await itemOf(ctx, itemIdParam);
  const form = await readForm(request);
  if (form.get("confirm") !== "yes") throw data("Confirm the deletion.", { status: 400 });
  if (!(await deleteEvidenceItem(ctx.db, ctx.organisation.odsCode, item.id, ctx.actor, now)))
    throw notFound();
  return redirect(`/organisations/${ctx.organisation.odsCode}/evidence`);
}

/**
 * A file added to an item: the body is read within the upload's limit (413 past it, before the rest is
 * read), then the name is checked, the type sniffed from the content, and the quota checked in the write's
 * transaction. Any refusal is a 400 naming the file field, with nothing stored.
 */
export async function uploadAction(
  ctx: LibraryContext,
  itemIdParam: string | undefined,
  request: Request,
  now: Date,
) {
  requireEdit(ctx);
  const item = await itemOf(ctx, itemIdParam);
  if (item.deletedAt) throw notFound();
  const form = await readForm(request, limits.evidenceUpload);
  const refuse = (file: string, status = 400) => data({ errors: { file } as FieldErrors }, { status });
  if (form.get("intent") === "delete") {
    const fileId = parseId(String(form.get("fileId") ?? ""));
    if (
      fileId === null ||
      !(await deleteEvidenceFile(ctx.db, ctx.organisation.odsCode, item.id, fileId, ctx.actor, now))
    )
      throw notFound();
    return redirect(itemPath(ctx.organisation.odsCode, item.id));
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return refuse(e.noFile);
  if (file.size > evidenceLimits.fileBytes) return refuse(e.fileTooLarge, 413);
  const content = new Uint8Array(await file.arrayBuffer());
  const sniffed = sniffFile(content, file.name);
  if (!sniffed.ok) return refuse(sniffed.error);
  const kind = fileKinds[sniffed.kind];
  const name = safeFileName(file.name, kind.extensions, evidenceLimits.fileNameChars);
  if (!name.ok) return refuse(name.error);
  const added = await addEvidenceFile(
    ctx.db,
    ctx.organisation.odsCode,
    item.id,
    { fileName: name.name, mediaType: kind.mediaType, content },
    ctx.actor,
    now,
  );
  if (!added.ok) {
    if (added.reason === "missing") throw notFound();
    return refuse(added.reason === "quota" ? e.quota : e.tooManyFiles);
  }
  return redirect(`${itemPath(ctx.organisation.odsCode, item.id)}?uploaded=${added.id}`);
}

/** A file, always as an attachment of its sniffed type with nosniff: never rendered by the browser. */
export async function fileDownload(
  ctx: LibraryContext,
  itemIdParam: string | undefined,
  fileIdParam: string | undefined,
  now: Date,
) {
  const item = await itemOf(ctx, itemIdParam);
  const fileId = parseId(fileIdParam);
  if (fileId === null) throw notFound();
  const file = await downloadEvidenceFile(ctx.db, ctx.organisation.odsCode, item.id, fileId, ctx.actor, now);
  if (!file) throw notFound();
  return new Response(file.content, {
    headers: {
      "Content-Type": file.media_type,
      "Content-Length": String(file.size),
      "Content-Disposition": attachmentDisposition(file.file_name),
      // X-Content-Type-Options: nosniff is on every response (server.mjs).
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}

/** The cited items of some questions, with their status today (the theme page, the check page, the report). */
export async function citedEvidence(
  db: LibraryContext["db"],
  assessmentId: number,
  now: Date,
  questionIds?: readonly string[],
) {
  const citations = await citationsOf(db, assessmentId, questionIds);
  return citations.map((c) => ({ ...c, status: statusOn(c.reviewBy, now) }));
}
