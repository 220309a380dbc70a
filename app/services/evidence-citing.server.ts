import { data, redirect } from "@remix-run/node";
import { clientAddress, notFound } from "../auth/guard.server";
import { isForCareSetting } from "../assessment/answers";
import { evidenceContent } from "../content/evidence";
import { registerQuerySchema } from "../evidence/schemas";
import { addDays, dayOf } from "../evidence/status";
import type { FieldErrors } from "../forms";
import { readForm } from "../forms.server";
import { evidenceLimits } from "../limits";
import { loadAnswers } from "../models/answer.server";
import { citeEvidence, unciteEvidence } from "../models/evidence-citation.server";
import { createEvidenceItem, evidenceRegister } from "../models/evidence.server";
import { parseId } from "../params";
import { loadAssessment } from "./assessment-context.server";
import { citedEvidence, statusOn, themePath } from "./evidence.server";

/**
 * Citing library evidence from a question (issue 23): "use existing evidence" (search the organisation's
 * library, then cite), removing a citation, and offering an answer's free-text evidence as an item on first
 * use. Authorised through loadAssessment; only someone who may answer an open assessment cites, and only
 * items of the assessment's own organisation can be found or cited (the database refuses any other).
 */
const e = evidenceContent.errors;

async function loadQuestion(
  request: Request,
  assessmentId: string | undefined,
  themeId: string | undefined,
  questionId: unknown,
  permission: "organisation.view" | "assessment.edit",
) {
  const ctx = await loadAssessment(request, assessmentId, permission);
  const theme = ctx.questionnaire.themes.find((t) => t.id === themeId);
  if (!theme) throw notFound();
  const question = theme.questions.find((q) => q.id === questionId && isForCareSetting(q, ctx.careSetting));
  if (!question) throw notFound();
  return { ...ctx, theme, question };
}

/** The question's evidence page: what it cites now, and the library searched by title, owner or outcome. */
export async function citePage(
  request: Request,
  assessmentId: string | undefined,
  themeId: string | undefined,
  now: Date,
) {
  const url = new URL(request.url);
  const ctx = await loadQuestion(
    request,
    assessmentId,
    themeId,
    url.searchParams.get("question"),
    "organisation.view",
  );
  const { db, assessment, question, theme } = ctx;
  const q = registerQuerySchema.shape.q.parse(url.searchParams.get("q") ?? "");
  const cited = await citedEvidence(db, assessment.id, now, [question.id]);
  const found = await evidenceRegister(
    db,
    assessment.organisation_code,
    { status: "", owner: "", theme: "", outcome: "", q },
    dayOf(now),
    evidenceLimits.dueWindowDays,
    { size: evidenceLimits.pageSize, number: 1 },
  );
  const answer = (await loadAnswers(db, assessment.id)).get(question.id);
  const freeText = answer && (answer.evidence || answer.evidenceLinks.length > 0) ? answer : null;
  return {
    assessment: {
      id: assessment.id,
      cycle: assessment.cycle,
      organisationName: assessment.organisation_name,
      odsCode: assessment.organisation_code,
    },
    theme: { id: theme.id, title: theme.title },
    question: { id: question.id, text: question.text },
    mayEdit: ctx.may.edit,
    q,
    cited: cited.map((c) => ({ itemId: c.itemId, title: c.title, owner: c.owner, status: c.status })),
    found: found.items.map((item) => ({
      id: item.id,
      title: item.title,
      owner: item.owner,
      outcomes: item.outcomes,
      status: statusOn(item.reviewBy, now),
      cited: cited.some((c) => c.itemId === item.id),
    })),
    total: found.total,
    freeText:
      freeText && cited.length === 0 ? { evidence: freeText.evidence, links: freeText.evidenceLinks } : null,
  };
}

/** Cite, remove, or make the answer's free-text evidence an item: each then back to the question. */
export async function citeAction(
  request: Request,
  assessmentId: string | undefined,
  themeId: string | undefined,
  context: { clientAddress?: unknown },
  now: Date,
) {
  const form = await readForm(request);
  const ctx = await loadQuestion(request, assessmentId, themeId, form.get("question"), "assessment.edit");
  const { db, assessment, question, theme, viewer } = ctx;
  const refuse = (message: string, status = 400) =>
    data({ errors: { itemId: message } as FieldErrors }, { status });
  if (!ctx.may.edit) return refuse(e.closed, 409);
  const actor = { personId: viewer.id, address: clientAddress(context) };
  const at = { assessmentId: assessment.id, questionId: question.id, themeId: theme.id };
  const back = redirect(themePath(at));
  const intent = form.get("intent");
  if (intent === "adopt") {
    const answer = (await loadAnswers(db, assessment.id)).get(question.id);
    if (!answer || (!answer.evidence && answer.evidenceLinks.length === 0)) return back;
    const produced = answer.updatedAt.slice(0, 10);
    const firstLine = answer.evidence.split(/\r?\n/)[0]?.trim() ?? "";
    await createEvidenceItem(
      db,
      assessment.organisation_code,
      {
        title: (firstLine || `Evidence for ${question.id}`).slice(0, evidenceLimits.titleChars),
        description: answer.evidence.slice(0, evidenceLimits.descriptionChars),
        owner: { personId: viewer.id },
        producedOn: produced,
        reviewBy: addDays(produced, 365),
        links: answer.evidenceLinks.slice(0, evidenceLimits.links),
        outcomes: [],
      },
      actor,
      now,
      at,
    );
    return back;
  }
  const itemId = parseId(String(form.get("itemId") ?? ""));
  if (itemId === null) return refuse(e.notFound);
  if (intent === "uncite") {
    await unciteEvidence(db, assessment.organisation_code, itemId, at, actor, now);
    return back;
  }
  if (intent !== "cite") return refuse(e.reload);
  const result = await citeEvidence(db, assessment.organisation_code, itemId, at, actor, now);
  // An item that is not found here is another organisation's, or deleted: nothing was written.
  if (result === "not-found") return refuse(e.otherOrganisation);
  return back;
}
