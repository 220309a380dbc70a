import { pageTitle } from "../content";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form as GetForm, Link, useLoaderData } from "@remix-run/react";
import { isForCareSetting } from "../assessment/answers";
import { fieldsFromAnswer } from "../assessment/fields";
import { authorise, notFound } from "../auth/guard.server";
import { Button, Select } from "../components/form";
import { QuestionFields } from "../components/question";
import { getDb } from "../db.server";
import { careSettingLabels } from "../domain/organisation";
import { getQuestionnaireVersion } from "../models/questionnaire.server";
import { parseId } from "../params";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Questionnaire version"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  const version = parseId(params.version);
  const questionnaire =
    version !== null
      ? await getQuestionnaireVersion(getDb(), params.questionnaireId ?? "", version)
      : undefined;
  if (!questionnaire) throw notFound();
  const requested = new URL(request.url).searchParams.get("careSetting");
  const careSetting =
    questionnaire.careSettings.find((c) => c === requested) ?? questionnaire.careSettings[0]!;
  return { questionnaire, careSetting };
}

/** An administrator's preview of a questionnaire version, as a respondent in one care setting sees it. */
export default function PreviewQuestionnaire() {
  const { questionnaire: q, careSetting } = useLoaderData<typeof loader>();
  let number = 0;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to="/admin/questionnaires">
          Questionnaires
        </Link>
        <span className="nhsuk-caption-l">
          Preview of version {q.version} ({q.status})
        </span>
        <h1>{q.title}</h1>
        <p>{q.description}</p>
        <GetForm method="get">
          <Select
            name="careSetting"
            label="Preview as a respondent in"
            value={careSetting}
            options={q.careSettings.map((c) => ({ value: c, label: careSettingLabels[c] }))}
          />
          <Button secondary>Show questions</Button>
        </GetForm>
        {/* A form that goes nowhere: the preview shows the controls, it does not save. */}
        <form aria-label="Preview of the questions">
          {q.themes.map((theme) => (
            <section key={theme.id}>
              <h2 className="nhsuk-heading-l">{theme.title}</h2>
              <p>{theme.description}</p>
              {theme.questions
                .filter((question) => isForCareSetting(question, careSetting))
                .map((question) => (
                  <QuestionFields
                    key={question.id}
                    question={question}
                    questionnaire={q}
                    fields={fieldsFromAnswer(question, undefined, 0)}
                    number={++number}
                  >
                    {question.showWhen ? (
                      <p className="nhsuk-body-s">
                        Shown only when:{" "}
                        {question.showWhen
                          .map((c) => `${c.question} is ${c.anyOf.join(" or ")}`)
                          .join(", and ")}
                      </p>
                    ) : null}
                  </QuestionFields>
                ))}
            </section>
          ))}
        </form>
      </div>
    </div>
  );
}
