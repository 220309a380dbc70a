import type { ActionFunctionArgs } from "@remix-run/node";
import { isForCareSetting } from "../assessment/answers";
import { loadAssessment } from "../services/assessment-context.server";
import { saveAnswerForm } from "../services/save-answers.server";
import { clientAddress } from "../auth/guard.server";
import { content } from "../content";
import { readForm } from "../forms.server";

/**
 * Autosave: the theme page posts one question's fields here as soon as they change. Answers 200 with the
 * new revision, 409 with the other person's answer when someone saved it since, 400 for invalid input.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  let ctx: Awaited<ReturnType<typeof loadAssessment>>;
  try {
    ctx = await loadAssessment(request, params.assessmentId, "assessment.edit", { recent: true });
  } catch (thrown) {
    const refusal = thrownData(thrown);
    if (refusal) return Response.json({ error: refusal.message }, { status: refusal.status });
    if (thrown instanceof Response) {
      const signedOut = thrown.status >= 300 && thrown.status < 400;
      return Response.json(
        {
          error: signedOut
            ? "Your session has ended. Sign in again: your answers are kept on this computer."
            : "You cannot change this assessment.",
        },
        { status: signedOut ? 401 : thrown.status },
      );
    }
    throw thrown;
  }
  if (!ctx.may.edit) return Response.json({ error: content.assessmentClosed }, { status: 409 });
  // Only questions the organisation's care setting sees can be answered.
  const questions = ctx.questionnaire.themes.flatMap((theme) =>
    theme.questions
      .filter((question) => isForCareSetting(question, ctx.careSetting))
      .map((question) => ({ question, themeId: theme.id })),
  );
  let outcome: Awaited<ReturnType<typeof saveAnswerForm>>;
  try {
    outcome = await saveAnswerForm(
      ctx.db,
      {
        assessmentId: ctx.assessment.id,
        questionnaire: ctx.questionnaire,
        questions,
        viewer: ctx.viewer,
        address: clientAddress(context),
        requestId: context.requestId,
      },
      await readForm(request),
    );
  } catch (thrown) {
    const refusal = thrownData(thrown);
    if (refusal) return Response.json({ error: refusal.message }, { status: refusal.status });
    throw thrown;
  }
  // The assessment read for this request may be up to 5 s old; the save's own transaction knows it closed.
  if (outcome.results.some((r) => r.outcome === "closed")) {
    return Response.json({ error: content.assessmentClosed }, { status: 409 });
  }
  if (outcome.unavailable) return Response.json({ error: content.storageUnavailable }, { status: 503 });
  const status =
    Object.keys(outcome.errors).length > 0
      ? 400
      : outcome.results.some((r) => r.outcome === "conflict")
        ? 409
        : 200;
  return Response.json({ results: outcome.results, errors: outcome.errors }, { status });
}

export function loader() {
  return new Response("Not found", { status: 404 });
}

/** A refusal thrown with `data(message, { status })` (bad input, too large), as autosave's JSON. */
function thrownData(thrown: unknown): { message: string; status: number } | null {
  if (!thrown || typeof thrown !== "object" || !("data" in thrown) || !("init" in thrown)) return null;
  const t = thrown as { data: unknown; init: { status?: number } | null };
  return { message: String(t.data), status: t.init?.status ?? 400 };
}
