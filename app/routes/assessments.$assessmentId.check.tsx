import { AssessmentHeader } from "../components/assessment-header";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { describeAnswer, isAnswered, missingAnswers, shownQuestions } from "../assessment/answers";
import { loadAssessment, assessmentSummary } from "../services/assessment-context.server";
import { clientAddress } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form } from "../components/form";
import { SummaryList } from "../components/summary-list";
import { pageTitle } from "../content";
import { formValues } from "../forms";
import { loadAnswers } from "../models/answer.server";
import { submitAssessment } from "../models/report.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";
import { WarningCallout } from "../components/admin";
import { EvidenceStatusTag } from "../components/evidence/status-tag";
import { evidenceContent } from "../content/evidence";
import { evidenceStatusLabels, needsReview } from "../evidence/status";
import { citedEvidence } from "../services/evidence.server";

export const handle = titled(() => pageTitle("Check your answers"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, assessment, questionnaire, careSetting, may } = await loadAssessment(
    request,
    params.assessmentId,
    "organisation.view",
  );
  const answers = await loadAnswers(db, assessment.id);
  // Cited library evidence that is expired or due for review: a warning, never a block (issue 23).
  const toReview = (await citedEvidence(db, assessment.id, new Date())).filter((c) => needsReview(c.status));
  return {
    assessment: assessmentSummary({ assessment, questionnaire }),
    toReview: toReview.map((c) => ({
      questionId: c.questionId,
      themeId: c.themeId,
      itemId: c.itemId,
      title: c.title,
      status: c.status,
    })),
    mayEdit: may.edit,
    maySubmit: may.manage && assessment.status === "in-progress",
    missing: missingAnswers(questionnaire, careSetting, answers).length,
    themes: questionnaire.themes.map((theme) => ({
      id: theme.id,
      title: theme.title,
      questions: shownQuestions(theme, careSetting, answers).map((question) => {
        const answer = answers.get(question.id);
        return {
          id: question.id,
          text: question.text,
          answer: describeAnswer(question, questionnaire, answer),
          unanswered: question.required && !isAnswered(answer),
          optional: !question.required,
        };
      }),
    })),
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  const { db, viewer, assessment, questionnaire, careSetting } = await loadAssessment(
    request,
    params.assessmentId,
    "assessment.manage",
  );
  const values = formValues(await readForm(request));
  if (values.intent !== "submit" || Object.keys(values).length !== 1)
    throw data("Unexpected form fields.", { status: 400 });
  if (assessment.status !== "in-progress")
    throw data("This assessment has already been submitted.", { status: 409 });
  const missing = missingAnswers(questionnaire, careSetting, await loadAnswers(db, assessment.id));
  if (missing.length > 0) {
    return data(
      {
        // One line a theme, linking to its first unanswered question: a list of 44 questions helps nobody.
        errors: Object.fromEntries(
          questionnaire.themes.flatMap((theme) => {
            const open = missing.filter((m) => m.themeId === theme.id);
            if (open.length === 0) return [];
            const n = open.length === 1 ? "1 question is" : `${open.length} questions are`;
            return [[`answer-${open[0]!.questionId}`, `${theme.title}: ${n} not answered`]];
          }),
        ),
        count: missing.length,
      },
      { status: 400 },
    );
  }
  const moved = await submitAssessment(db, assessment, questionnaire, {
    personId: viewer.id,
    address: clientAddress(context),
  });
  if (!moved) throw data("This assessment has already been submitted.", { status: 409 });
  return redirect(`/assessments/${assessment.id}?submitted=1`);
});

export default function CheckAnswers() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const a = page.assessment;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary
          errors={outcome?.errors}
          description={
            outcome?.count
              ? `You cannot submit yet: ${outcome.count} required ${outcome.count === 1 ? "question is" : "questions are"} not answered.`
              : undefined
          }
        />
        <AssessmentHeader
          assessment={a}
          title={a.status === "in-progress" ? "Check your answers" : "Answers"}
        />
        {page.toReview.length > 0 ? (
          <WarningCallout heading={evidenceContent.needsReviewHeading}>
            <p>{evidenceContent.needsReview(new Set(page.toReview.map((r) => r.itemId)).size)}</p>
            <ul>
              {page.toReview.map((r) => (
                <li key={`${r.questionId}-${r.itemId}`}>
                  <Link to={`/assessments/${a.id}/themes/${r.themeId}#question-${r.questionId}`}>
                    {r.title}
                  </Link>{" "}
                  ({evidenceStatusLabels[r.status].toLowerCase()}), cited by {r.questionId}
                </li>
              ))}
            </ul>
          </WarningCallout>
        ) : null}
        {page.themes.map((theme) => (
          <section key={theme.id}>
            <h2 className="nhsuk-heading-m">{theme.title}</h2>
            <SummaryList
              rows={theme.questions.map((q) => ({
                key: q.id,
                id: `answer-${q.id}`,
                label: q.text,
                value: (
                  <>
                    {q.unanswered ? (
                      <strong className="nhsuk-tag nhsuk-tag--red">Not answered</strong>
                    ) : (
                      q.answer
                    )}
                    {q.optional && q.answer === "Not answered" ? " (optional)" : null}
                    {page.toReview
                      .filter((r) => r.questionId === q.id)
                      .map((r) => (
                        <span key={r.itemId} className="app-evidence-review">
                          {" "}
                          <EvidenceStatusTag status={r.status} /> {r.title}
                        </span>
                      ))}
                  </>
                ),
                actions: page.mayEdit ? (
                  <Link to={`/assessments/${a.id}/themes/${theme.id}#question-${q.id}`}>
                    Change<span className="nhsuk-u-visually-hidden"> {q.text}</span>
                  </Link>
                ) : null,
              }))}
            />
          </section>
        ))}
        {page.maySubmit ? (
          <>
            <h2 className="nhsuk-heading-m">Submit the assessment</h2>
            {page.missing > 0 ? (
              <p>
                {page.missing} required {page.missing === 1 ? "question is" : "questions are"} not answered
                yet. You can submit once every required question is answered.
              </p>
            ) : (
              <p>
                Once you submit, the answers cannot change unless the board returns the assessment to you.
              </p>
            )}
            <Form method="post">
              <Button name="intent" value="submit">
                Submit assessment
              </Button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
