import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "../auth/guard.server";
import { getDb } from "../db.server";
import { careSettingLabels } from "../domain/organisation";
import { publishedQuestionnaires } from "../fhir/questionnaires.server";
import { questionsFor } from "../questionnaire/fhir";
import {
  formatMinutes,
  minutesPerScoredQuestion,
  minutesPerUnscoredQuestion,
  readingTime,
  readingWordsPerMinute,
} from "../questionnaire/reading-time";

/** The human side of a Questionnaire's canonical URL: what one care setting is asked, in each version. */
export async function loader({ params }: LoaderFunctionArgs) {
  const matching = (await publishedQuestionnaires(getDb())).filter(
    (p) => p.questionnaire.id === params.questionnaireId && p.careSetting === params.careSetting,
  );
  const newest = matching.find((p) => p.questionnaire.status === "published") ?? matching[0];
  if (!newest) throw notFound();
  return {
    title: newest.questionnaire.title,
    description: newest.questionnaire.description,
    careSetting: careSettingLabels[newest.careSetting],
    canonical: newest.url,
    versions: matching.map((p) => ({
      version: p.questionnaire.version,
      status: p.questionnaire.status,
      fhirPath: `/fhir/Questionnaire/${p.id}`,
    })),
    version: newest.questionnaire.version,
    time: readingTime(newest.questionnaire, newest.careSetting),
    themes: questionsFor(newest.questionnaire, newest.careSetting)
      .filter((t) => t.questions.length > 0)
      .map(({ theme, questions }) => ({
        id: theme.id,
        title: theme.title,
        questions: questions.map((q) => ({ id: q.id, text: q.text })),
      })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title}: ${data.careSetting} – Digital maturity self-assessment` : "Questionnaire" },
];

export default function QuestionnaireQuestions() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <span className="nhsuk-caption-l">{data.careSetting}</span>
        <h1>{data.title}</h1>
        <p>{data.description}</p>
        <p>
          This page is the questionnaire's canonical address, <code>{data.canonical}</code>. FHIR clients that
          ask for <code>application/fhir+json</code> here receive it as an HL7 FHIR R4 Questionnaire. See{" "}
          <a href="/help/fhir-api">how to connect to the FHIR API</a>.
        </p>
        <h2>How long it takes</h2>
        <p>
          About <strong>{formatMinutes(data.time.totalMinutes)}</strong> in all for version {data.version},
          shared between the people who answer.
        </p>
        <ul className="nhsuk-list nhsuk-list--bullet">
          <li>
            Reading: {data.time.words.toLocaleString("en-GB")} words at {readingWordsPerMinute} words a
            minute, {formatMinutes(data.time.readingMinutes)}.
          </li>
          <li>
            Finding evidence you already hold and choosing each answer: {minutesPerScoredQuestion} minutes for
            each of {data.time.scored} scored questions
            {data.time.questions > data.time.scored
              ? ` and ${minutesPerUnscoredQuestion} minute for each of ${data.time.questions - data.time.scored} follow-ups`
              : ""}
            , {formatMinutes(data.time.answeringMinutes)}.
          </li>
          <li>Checking and submitting: {formatMinutes(data.time.checkMinutes)}.</li>
        </ul>
        <p className="nhsuk-body-s">
          An estimate from the words and questions this care setting is shown, not a measured trial. Gathering
          evidence you do not yet hold takes longer.
        </p>
        <h2>Versions</h2>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {data.versions.map((v) => (
            <li key={v.version}>
              Version {v.version} ({v.status}): <a href={v.fhirPath}>FHIR Questionnaire</a>
            </li>
          ))}
        </ul>
        <h2>Questions in version {data.version}</h2>
        {data.themes.map((theme) => (
          <section key={theme.id}>
            <h3>{theme.title}</h3>
            <ol className="nhsuk-list nhsuk-list--number">
              {theme.questions.map((q) => (
                <li key={q.id}>{q.text}</li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </div>
  );
}
