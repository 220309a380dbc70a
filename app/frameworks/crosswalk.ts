import { type EvidenceStatus, evidenceStatusLabels } from "../evidence/status";
import { type Answer, type Answers, describeAnswer, isNotApplicable, isShown } from "../assessment/answers";
import { csvRow } from "../csv";
import type { CareSetting } from "../domain/organisation";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { isScoredType, questionValue } from "../scoring/engine";
import { cafObjectives, type FrameworkId, wgllPillars } from "./catalogue";

/**
 * One assessment's answers seen through a framework (issue 23): every CAF contributing outcome or WGLL pillar,
 * the answers to the questions mapped to it, and a status derived by the rule in docs/scoring.md §12. Pure.
 */
export type OutcomeStatus = "achieved" | "partially-achieved" | "not-achieved" | "not-assessed";
/** What one mapped answer says about an outcome. */
export type Finding =
  | Exclude<OutcomeStatus, "not-assessed">
  | "not-applicable"
  | "not-answered"
  | "not-rated";

/** An answer worth this much or more on the common 0–100 scale achieves the outcome: level 4 of 5, CAF Achieved. */
export const achievedFrom = 75;
/** An answer worth this much or more partially achieves it: level 3 of 5, CAF Partially achieved. */
export const partiallyFrom = 50;

export const statusOfValue = (value: number): Exclude<OutcomeStatus, "not-assessed"> =>
  value >= achievedFrom ? "achieved" : value >= partiallyFrom ? "partially-achieved" : "not-achieved";

/** An answer's finding and its value on the 0–100 scale (null when it does not rate the outcome). */
export function findingOf(
  question: Question,
  questionnaire: Pick<Questionnaire, "scales">,
  answer: Answer | undefined,
): { finding: Finding; value: number | null } {
  if (isNotApplicable(answer)) return { finding: "not-applicable", value: null };
  if (!answer || answer.value === null) return { finding: "not-answered", value: null };
  const value = questionValue(question, questionnaire, answer);
  return value === null ? { finding: "not-rated", value } : { finding: statusOfValue(value), value };
}

/**
 * How the rated answers combine. CAF ("lowest"): an outcome is only as achieved as its weakest mapped answer,
 * as a CAF outcome is achieved only when all its indicators are; while a mapped question that would rate it
 * is unanswered (`pending`), the weakest answer is not known yet, so the outcome is not assessed unless an
 * answer already makes it Not achieved. WGLL ("mean"): a pillar is the mean of its answered values, as NHS
 * England's pillar scores are means of their domains.
 */
export function outcomeStatus(
  values: readonly number[],
  combine: "lowest" | "mean",
  pending = 0,
): OutcomeStatus {
  if (values.length === 0) return "not-assessed";
  if (combine === "mean") return statusOfValue(values.reduce((a, b) => a + b, 0) / values.length);
  const status = statusOfValue(Math.min(...values));
  return pending > 0 && status !== "not-achieved" ? "not-assessed" : status;
}

export interface MappedAnswer {
  questionId: string;
  themeId: string;
  question: string;
  answer: string;
  finding: Finding;
  evidence: string;
  evidenceLinks: string[];
}

export interface OutcomeRow {
  code: string;
  title: string;
  /** A CAF outcome's objective and principle; absent for a WGLL pillar. */
  within?: { objective: { code: string; title: string }; principle: { code: string; title: string } };
  status: OutcomeStatus;
  answers: MappedAnswer[];
}

/** An item of the organisation's evidence library, as a framework view links to it. */
export interface LibraryRef {
  title: string;
  href: string;
  reviewBy: string;
  status: EvidenceStatus;
}

/** The library beside a view: items each answer cites (by question), and items tagged with each outcome. */
export interface Library {
  cited: Record<string, LibraryRef[]>;
  tagged: Record<string, LibraryRef[]>;
}

export interface FrameworkView {
  framework: FrameworkId;
  /** Every outcome of the framework, in the catalogue's order. */
  outcomes: OutcomeRow[];
  counts: Record<OutcomeStatus, number>;
}

export function frameworkView(
  framework: FrameworkId,
  questionnaire: Questionnaire,
  careSetting: CareSetting,
  answers: Answers,
): FrameworkView {
  const byOutcome = new Map<string, { answer: MappedAnswer; value: number | null; pending: boolean }[]>();
  for (const theme of questionnaire.themes) {
    for (const question of theme.questions) {
      if (!isShown(question, careSetting, answers)) continue;
      const answer = answers.get(question.id);
      const { finding, value } = findingOf(question, questionnaire, answer);
      for (const mapping of question.mappings ?? []) {
        if (mapping.framework !== framework) continue;
        const list = byOutcome.get(mapping.code) ?? [];
        list.push({
          value,
          pending: finding === "not-answered" && isScoredType(question),
          answer: {
            questionId: question.id,
            themeId: theme.id,
            question: question.text,
            answer: describeAnswer(question, questionnaire, answer),
            finding,
            evidence: answer?.evidence ?? "",
            evidenceLinks: answer?.evidenceLinks ?? [],
          },
        });
        byOutcome.set(mapping.code, list);
      }
    }
  }
  const combine = framework === "caf" ? "lowest" : "mean";
  const row = ({ code, title }: { code: string; title: string }, within?: OutcomeRow["within"]) => {
    const mapped = byOutcome.get(code) ?? [];
    const values = mapped.flatMap((m) => (m.value === null ? [] : [m.value]));
    const status = outcomeStatus(values, combine, mapped.filter((m) => m.pending).length);
    return { code, title, ...(within && { within }), status, answers: mapped.map((m) => m.answer) };
  };
  const outcomes: OutcomeRow[] =
    framework === "caf"
      ? cafObjectives.flatMap((objective) =>
          objective.principles.flatMap((principle) =>
            principle.outcomes.map((outcome) => row(outcome, { objective, principle })),
          ),
        )
      : wgllPillars.map((pillar) => row(pillar));
  const counts: Record<OutcomeStatus, number> = {
    achieved: 0,
    "partially-achieved": 0,
    "not-achieved": 0,
    "not-assessed": 0,
  };
  for (const o of outcomes) counts[o.status]++;
  return { framework, outcomes, counts };
}

/** Library items in one CSV cell, a line each: title, review-by date and status. */
const libraryCell = (items: readonly LibraryRef[] | undefined) =>
  (items ?? [])
    .map((i) => `${i.title}; review by ${i.reviewBy}; ${evidenceStatusLabels[i.status]}`)
    .join("\n");

/**
 * The view as CSV rows (app/csv.ts): one row for each outcome and mapped answer, and one for an outcome with no
 * mapped answer. Status and finding words come from the caller, so the page and the file say the same. The
 * evidence library beside it, as on the page: the items each answer cites (on that answer's row) and the items
 * tagged with the outcome (on each of its rows, so a filter on one outcome keeps them).
 */
export function frameworkCsvRows(
  view: FrameworkView,
  subject: { odsCode: string; cycle: string },
  words: (status: OutcomeStatus | Finding) => string,
  library: Library = { cited: {}, tagged: {} },
): string[] {
  const caf = view.framework === "caf";
  const header = [
    "ods_code",
    "cycle",
    ...(caf ? ["objective", "principle"] : []),
    caf ? "outcome_code" : "pillar_code",
    caf ? "outcome" : "pillar",
    "status",
    "question_id",
    "question",
    "answer",
    "finding",
    "evidence",
    "evidence_links",
    "library_cited",
    "library_tagged",
  ];
  const rows = [csvRow(header)];
  for (const o of view.outcomes) {
    const lead = [
      subject.odsCode,
      subject.cycle,
      ...(caf
        ? [
            `${o.within?.objective.code} ${o.within?.objective.title}`,
            `${o.within?.principle.code} ${o.within?.principle.title}`,
          ]
        : []),
      o.code,
      o.title,
      words(o.status),
    ];
    const tagged = libraryCell(library.tagged[o.code]);
    if (o.answers.length === 0) rows.push(csvRow([...lead, "", "", "", "", "", "", "", tagged]));
    for (const a of o.answers)
      rows.push(
        csvRow([
          ...lead,
          a.questionId,
          a.question,
          a.answer,
          words(a.finding),
          a.evidence,
          a.evidenceLinks.join(" "),
          libraryCell(library.cited[a.questionId]),
          tagged,
        ]),
      );
  }
  return rows;
}
