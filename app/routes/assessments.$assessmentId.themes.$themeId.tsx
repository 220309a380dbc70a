import { AssessmentHeader } from "../components/assessment-header";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { type AnswerFields, describeAnswer, isForCareSetting, isShown } from "../assessment/answers";
import { loadAssessment, assessmentSummary } from "../services/assessment-context.server";
import { fieldsFromAnswer } from "../assessment/fields";
import { saveAnswerForm } from "../services/save-answers.server";
import { clientAddress, forbidden, notFound } from "../auth/guard.server";
import { WarningCallout } from "../components/admin";
import { SummaryList } from "../components/summary-list";
import { NotificationBanner } from "../components/notification-banner";
import { ThemeForm, type ThemeQuestion } from "../components/theme-form";
import { content, pageTitle } from "../content";
import { listReviews } from "../models/assessment.server";
import { loadAnswers, type StoredAnswer } from "../models/answer.server";
import { answerHistory } from "../models/answer-history.server";
import { failedPost, failedPostLocation, keepFailedPost } from "../models/failed-post.server";
import { cumulativeLevelsNote } from "../questionnaire/reading-time";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";
import { QuestionEvidence } from "../components/evidence/question-evidence";
import { citedEvidence } from "../services/evidence.server";

// A failed save is shown by this GET (post/redirect/get) with the failure's status: its title says "Error: ".
export const handle = titled<typeof loader>((data) => pageTitle(data?.theme.title ?? "Theme"));

function findTheme(questionnaire: Questionnaire, themeId: string | undefined) {
  const index = questionnaire.themes.findIndex((t) => t.id === themeId);
  if (index < 0) throw notFound();
  return { theme: questionnaire.themes[index]!, next: questionnaire.themes[index + 1]?.id ?? null };
}

const parseSnapshot = (question: Question, questionnaire: Questionnaire, json: string | null) =>
  json === null
    ? "Not answered"
    : describeAnswer(question, questionnaire, { questionId: question.id, ...JSON.parse(json) });

/** What a failed "Save and continue" kept for the page it redirects to: errors, what was typed, conflicts. */
interface FailedSave {
  status: 400 | 409;
  errors: Record<string, string | undefined>;
  posted: Record<string, AnswerFields>;
  conflicts: Record<string, { current: StoredAnswer; theirs: string }>;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadAssessment(request, params.assessmentId, "organisation.view");
  const { db, assessment, questionnaire, careSetting } = ctx;
  const { theme, next } = findTheme(questionnaire, params.themeId);
  const url = new URL(request.url);
  const failedKey = url.searchParams.get("failed");
  const failed =
    failedKey && /^[0-9a-f]{16}$/.test(failedKey)
      ? await failedPost<FailedSave>(db, ctx.viewer.sessionId, url.pathname, failedKey)
      : null;
  const answers = await loadAnswers(db, assessment.id);
  // Questions the organisation's care setting never sees are not sent at all.
  const questions = theme.questions.filter((q) => isForCareSetting(q, careSetting));
  const keep = url.searchParams.get("keep");
  const history = await answerHistory(
    db,
    assessment.id,
    questions.map((q) => q.id),
  );
  const otherIds = new Set(questions.flatMap((q) => (q.showWhen ?? []).map((c) => c.question)));
  for (const q of questions) otherIds.delete(q.id);
  const returned = (await listReviews(db, assessment.id))[0];
  const cited = await citedEvidence(
    db,
    assessment.id,
    new Date(),
    questions.map((q) => q.id),
  );
  const odsCode = assessment.organisation_code;
  return data(
    {
      failed,
      assessment: assessmentSummary({ assessment, questionnaire }),
      theme: { id: theme.id, title: theme.title, description: theme.description },
      // Cumulative questionnaires (core v3 on) state once what "All of level 2, and" said on every level.
      cumulativeNote: questionnaire.cumulativeLevels ? cumulativeLevelsNote : null,
      next,
      keep,
      revealed: theme.questions.find((q) => q.id === url.searchParams.get("revealed"))?.text ?? null,
      careSetting,
      mayEdit: ctx.may.edit,
      scales: questionnaire.scales,
      boardComment:
        returned?.action === "returned" && assessment.status === "in-progress"
          ? (returned.theme_comments[theme.id] ?? null)
          : null,
      questions: questions.map((question) => {
        const answer = answers.get(question.id);
        return {
          question,
          // A carried-forward answer fills the form for the person to confirm or change; it is not yet an answer.
          fields: fieldsFromAnswer(question, answer?.carriedForward ?? answer, answer?.revision ?? 0),
          carriedFrom: answer?.carriedForward?.fromCycle ?? null,
          shown: isShown(question, careSetting, answers),
          summary: describeAnswer(question, questionnaire, answer),
          evidence: answer?.evidence ?? "",
          cited: {
            items: cited
              .filter((c) => c.questionId === question.id)
              .map((c) => ({ itemId: c.itemId, title: c.title, owner: c.owner, status: c.status })),
            libraryPath: `/organisations/${odsCode}/evidence`,
            citePath: ctx.may.edit
              ? `/assessments/${assessment.id}/themes/${theme.id}/evidence?question=${question.id}`
              : undefined,
            newPath: ctx.may.edit
              ? `/organisations/${odsCode}/evidence/new?cite=${assessment.id}:${question.id}`
              : undefined,
          },
          history: history
            .filter((h) => h.question_id === question.id)
            .map((h) => ({
              at: h.changed_at,
              by: h.changed_by,
              from: parseSnapshot(question, questionnaire, h.before),
              to: parseSnapshot(question, questionnaire, h.after),
            })),
        };
      }),
      otherValues: Object.fromEntries([...otherIds].map((id) => [id, answers.get(id)?.value ?? null])),
    },
    { status: failed?.status ?? 200 },
  );
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const ctx = await loadAssessment(request, params.assessmentId, "assessment.edit");
  if (!ctx.may.edit) throw data(content.assessmentClosed, { status: 409 });
  const { theme, next } = findTheme(ctx.questionnaire, params.themeId);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent !== "continue" && intent !== "later")
    throw data("Choose Save and continue or Save and come back later.", { status: 400 });
  const before = await loadAnswers(ctx.db, ctx.assessment.id);
  const outcome = await saveAnswerForm(
    ctx.db,
    {
      assessmentId: ctx.assessment.id,
      questionnaire: ctx.questionnaire,
      questions: theme.questions
        .filter((question) => isForCareSetting(question, ctx.careSetting))
        .map((question) => ({ question, themeId: theme.id })),
      viewer: ctx.viewer,
      address: clientAddress(context),
      requestId: context.requestId,
    },
    formData,
  );
  const conflicts = outcome.results.filter(
    (r): r is Extract<typeof r, { outcome: "conflict" }> & { theirs: string } => r.outcome === "conflict",
  );
  if (Object.keys(outcome.errors).length > 0 || conflicts.length > 0) {
    const failed: FailedSave = {
      status: conflicts.length > 0 && Object.keys(outcome.errors).length === 0 ? 409 : 400,
      errors: outcome.errors,
      posted: outcome.posted,
      conflicts: Object.fromEntries(
        conflicts.map((c) => [c.questionId, { current: c.current, theirs: c.theirs }]),
      ),
    };
    // Nothing could be written, so neither can the failed post be kept: answer this post directly.
    if (outcome.unavailable) return data(failed, { status: 503 });
    // Post/redirect/get, for failures too: Back and Reload then repeat a GET, never this post.
    const path = new URL(request.url).pathname;
    return redirect(
      failedPostLocation(path, await keepFailedPost(ctx.db, ctx.viewer.sessionId, path, failed)),
    );
  }
  if (outcome.results.some((r) => r.outcome === "closed")) throw forbidden();
  // An answer on this page may reveal a question further down: come back to it rather than move on.
  const after = await loadAnswers(ctx.db, ctx.assessment.id, theme.id);
  const merged = new Map([...before, ...after]);
  const revealed = theme.questions.find(
    (q) => isShown(q, ctx.careSetting, merged) && !isShown(q, ctx.careSetting, before) && !merged.get(q.id),
  );
  if (revealed)
    return redirect(
      `/assessments/${ctx.assessment.id}/themes/${theme.id}?revealed=${revealed.id}#question-${revealed.id}`,
    );
  if (intent === "later") return redirect(`/assessments/${ctx.assessment.id}`);
  return redirect(
    next ? `/assessments/${ctx.assessment.id}/themes/${next}` : `/assessments/${ctx.assessment.id}/check`,
  );
});

export default function ThemePage() {
  const page = useLoaderData<typeof loader>();
  // A failed save comes back through the loader (post/redirect/get); only "nothing could be written" is answered directly.
  const outcome = useActionData<typeof action>() ?? page.failed;
  const questionnaire = { scales: page.scales };
  const questions: ThemeQuestion[] = page.questions.map((q) => {
    const conflicted = outcome?.conflicts?.[q.question.id];
    const conflict = conflicted?.current;
    const posted = outcome?.posted?.[q.question.id] as AnswerFields | undefined;
    return {
      question: q.question as Question,
      // What was posted comes back as typed; a conflict keeps yours in the form, on top of their revision.
      fields: posted
        ? { ...posted, revision: conflict ? String(conflict.revision) : posted.revision }
        : q.fields,
      history: q.history,
      carriedFrom: q.carriedFrom,
      evidence: q.cited,
      conflict: conflict
        ? {
            theirs: conflicted.theirs,
            by: conflict.updatedBy,
            at: conflict.updatedAt,
          }
        : null,
    };
  });
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <AssessmentHeader assessment={page.assessment} title={page.theme.title} />
        <p>{page.theme.description}</p>
        {page.cumulativeNote ? <p className="nhsuk-inset-text">{page.cumulativeNote}</p> : null}
        {page.revealed ? (
          <NotificationBanner heading="Your answers were saved">
            <p>Because of your answers, another question now applies: “{page.revealed}”. Answer it below.</p>
          </NotificationBanner>
        ) : null}
        {page.boardComment ? (
          <WarningCallout heading={"The board's comment on this theme"} level={2}>
            <p>{page.boardComment}</p>
          </WarningCallout>
        ) : null}
        {page.mayEdit ? (
          <ThemeForm
            key={page.theme.id}
            assessmentId={page.assessment.id}
            questionnaire={questionnaire}
            careSetting={page.careSetting}
            questions={questions}
            otherValues={page.otherValues}
            errors={outcome?.errors}
          />
        ) : (
          <>
            <p>
              {page.assessment.status === "in-progress"
                ? "You can read these answers but not change them."
                : content.assessmentClosed}
            </p>
            <SummaryList
              rows={page.questions
                .filter((q) => q.shown)
                .map((q) => ({
                  key: q.question.text,
                  // The anchor the framework views and the check page link to, as the form's question has.
                  id: `question-${q.question.id}`,
                  value: (
                    <>
                      {q.summary}
                      {q.evidence ? <p className="nhsuk-body-s">Evidence: {q.evidence}</p> : null}
                      <QuestionEvidence questionId={q.question.id} {...q.cited} />
                    </>
                  ),
                }))}
            />
          </>
        )}
      </div>
    </div>
  );
}
