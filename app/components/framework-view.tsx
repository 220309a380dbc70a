import { Link } from "@remix-run/react";
import { frameworksContent as words } from "../content/frameworks";
import { cafObjectives } from "../frameworks/catalogue";
import type {
  FrameworkView,
  Library,
  LibraryRef,
  MappedAnswer,
  OutcomeRow,
  OutcomeStatus,
} from "../frameworks/crosswalk";
import { evidenceStatusLabels, evidenceStatusTags } from "../evidence/status";
import { WarningCallout } from "./admin";
import { Table } from "./table";

/** An outcome's status as an NHS tag. */
export function OutcomeTag({ status }: { status: OutcomeStatus }) {
  return (
    <strong className={`nhsuk-tag nhsuk-tag--${words.statusColour[status]}`}>{words.status[status]}</strong>
  );
}

const anchor = (code: string) => `outcome-${code.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

/** Items of the evidence library, each a link with its status. */
function LibraryItems({ items }: { items: readonly LibraryRef[] }) {
  return (
    <ul className="nhsuk-list nhsuk-body-s app-evidence">
      {items.map((item) => (
        <li key={item.href}>
          <Link to={item.href}>{item.title}</Link>{" "}
          <strong className={`nhsuk-tag ${evidenceStatusTags[item.status]}`}>
            {evidenceStatusLabels[item.status]}
          </strong>
        </li>
      ))}
    </ul>
  );
}

function Evidence({ answer, cited }: { answer: MappedAnswer; cited: readonly LibraryRef[] }) {
  if (!answer.evidence && answer.evidenceLinks.length === 0 && cited.length === 0)
    return <span className="nhsuk-body-s">{words.noEvidence}</span>;
  return (
    <>
      {cited.length > 0 ? <LibraryItems items={cited} /> : null}
      {answer.evidence ? <p className="nhsuk-body-s app-evidence">{answer.evidence}</p> : null}
      {answer.evidenceLinks.length > 0 ? (
        <ul className="nhsuk-list nhsuk-body-s app-evidence">
          {answer.evidenceLinks.map((link) => (
            <li key={link}>
              <a href={link} rel="noreferrer">
                {link}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Outcome({
  outcome,
  assessmentId,
  library,
  heading: Heading,
}: {
  outcome: OutcomeRow;
  assessmentId: number;
  library: Library;
  heading: "h2" | "h4";
}) {
  const tagged = library.tagged[outcome.code] ?? [];
  const label = outcome.code.includes(".") ? `${outcome.code} ${outcome.title}` : outcome.title;
  return (
    <section className="app-outcome" aria-labelledby={`${anchor(outcome.code)}-heading`}>
      <Heading className="nhsuk-heading-s" id={`${anchor(outcome.code)}-heading`}>
        <span id={anchor(outcome.code)}>{label}</span> <OutcomeTag status={outcome.status} />
      </Heading>
      {outcome.answers.length === 0 ? (
        <p>{words.noQuestions}</p>
      ) : (
        <Table
          caption={`Answers that bear on ${label}`}
          captionHidden
          columns={[words.columns.question, words.columns.answer, words.columns.evidence]}
          rows={outcome.answers.map((a) => ({
            key: a.questionId,
            cells: [
              <Link key="q" to={`/assessments/${assessmentId}/themes/${a.themeId}#question-${a.questionId}`}>
                {a.question}
              </Link>,
              <>
                {a.answer}
                {a.finding === "not-rated" ? ` (${words.status["not-rated"].toLowerCase()})` : null}
              </>,
              <Evidence key="e" answer={a} cited={library.cited[a.questionId] ?? []} />,
            ],
          }))}
        />
      )}
      {tagged.length > 0 ? (
        <>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
            {words.taggedLead(outcome.code.includes(".") ? outcome.code : `wgll:${outcome.code}`)}
          </p>
          <LibraryItems items={tagged} />
        </>
      ) : null}
    </section>
  );
}

/** A framework view of an assessment: the plain statement, the rule, the outcomes at a glance, then each. */
export function FrameworkViewPage({
  view,
  library,
  assessmentId,
}: {
  view: FrameworkView;
  library: Library;
  assessmentId: number;
}) {
  const caf = view.framework === "caf";
  const other = caf ? "wgll" : "caf";
  const outcomes = view.outcomes;
  const byCode = new Map(outcomes.map((o) => [o.code, o]));
  const count = (status: OutcomeStatus) => `${view.counts[status]} ${words.status[status].toLowerCase()}`;
  return (
    <>
      <WarningCallout heading="Self-assessment, not a DSPT submission">
        <p>{words.notASubmission}</p>
      </WarningCallout>
      <p>{words.intro[view.framework]}</p>
      <p>
        {words.rule[view.framework]} <Link to="/help/scoring#framework-views">{words.ruleLink}</Link>.
      </p>
      <ul className="nhsuk-list">
        <li>
          <a href={`/assessments/${assessmentId}/frameworks/${view.framework}.csv`} download>
            {words.csvLink(view.framework)}
          </a>
        </li>
        <li>
          <Link to={`/assessments/${assessmentId}/frameworks/${other}`}>{words.links[other]}</Link>
        </li>
      </ul>
      <p>
        {words.countsLead(outcomes.length, view.framework)} {count("achieved")}, {count("partially-achieved")}
        , {count("not-achieved")} and {count("not-assessed")}.
      </p>
      <Table
        caption={words.atAGlance}
        captionSize="m"
        firstCellIsHeader
        columns={[caf ? "Outcome" : "Pillar", words.columns.status]}
        rows={outcomes.map((o) => ({
          key: o.code,
          cells: [
            <a key="o" href={`#${anchor(o.code)}`}>
              {caf ? `${o.code} ${o.title}` : o.title}
            </a>,
            <OutcomeTag key="s" status={o.status} />,
          ],
        }))}
      />
      {caf
        ? cafObjectives.map((objective) => (
            <section key={objective.code}>
              <h2>
                Objective {objective.code}: {objective.title}
              </h2>
              {objective.principles.map((principle) => (
                <section key={principle.code}>
                  <h3 className="nhsuk-heading-m">
                    {principle.code} {principle.title}
                  </h3>
                  {principle.outcomes.flatMap(({ code }) => {
                    const o = byCode.get(code);
                    return o
                      ? [
                          <Outcome
                            key={code}
                            outcome={o}
                            library={library}
                            assessmentId={assessmentId}
                            heading="h4"
                          />,
                        ]
                      : [];
                  })}
                </section>
              ))}
            </section>
          ))
        : outcomes.map((o) => (
            <Outcome key={o.code} outcome={o} library={library} assessmentId={assessmentId} heading="h2" />
          ))}
    </>
  );
}
