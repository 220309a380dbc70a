import { type Answers, describeAnswer } from "../assessment/answers";
import type { Comparisons } from "../benchmark/compare";
import { type CareSetting, careSettingLabels, groupingLabel } from "../domain/organisation";
import type { PreviousPlan } from "../plan/plan";
import type { Questionnaire } from "../questionnaire/schema";
import { levelScaleOf, scoreAssessment } from "../scoring/engine";
import { type NextStep, nextSteps } from "../scoring/next-steps";

/**
 * The organisation report: everything a board reads, as plain data. Built from the engine's output only,
 * so a saved copy of it is the report exactly as it was.
 */
export interface ReportQuestion {
  id: string;
  text: string;
  answer: string;
  value: number;
  /** Share of the theme's scored weight (0–1) and the points it contributed (unrounded: see explain.ts). */
  share: number;
  points: number;
}

/** One step of the action plan: one answer to raise, or several that only lift the theme together. */
export interface ReportStep {
  themeId: string;
  /** Points the theme score would gain (unrounded, 0–100 scale). */
  gain: number;
  /** More than one: a gated theme held by equal answers, which must all rise for any gain. */
  questions: Pick<NextStep, "questionId" | "question" | "current" | "next" | "descriptor" | "advice">[];
}

export interface ReportTheme {
  id: string;
  title: string;
  /** Unrounded, as the engine worked it out; the formatter rounds once, at display. */
  score: number | null;
  level: number | null;
  coverage: number;
  previousScore: number | null;
  questions: ReportQuestion[];
  strongest: ReportQuestion[];
  weakest: ReportQuestion[];
  heldBy: string[];
  nextSteps: ReportStep[];
  /**
   * A cap the questionnaire declares held this theme down (docs/scoring.md §3a): why, the questions whose
   * answers set it off (e.g. CAF outcomes Not achieved), the highest level allowed and the score before it.
   * Absent when no cap applies, and in reports saved before scoring method 1.1.0.
   */
  cap?: {
    reason: string;
    maxLevel: number;
    uncappedScore: number;
    by: { id: string; text: string; answer: string }[];
  };
  /**
   * Next year's check (issue 22): the target last cycle's plan set for this theme, and whether this report's
   * level met it (null without a target). Fixed when the report is saved; absent from older reports.
   */
  previousTarget?: number | null;
  targetMet?: boolean | null;
  /** Why a theme has no score (absent from reports saved before it was recorded). */
  notScored?: "all-not-applicable" | "nothing-answered" | "below-minimum-coverage" | null;
}

export interface Report {
  organisation: { odsCode: string; name: string; careSetting: string; region: string };
  assessment: { id: number; cycle: string; status: string };
  questionnaire: {
    id: string;
    version: number;
    title: string;
    levelScale: { value: number; label: string }[];
    /** The minimum share of a theme that must be answered for a score (absent from older reports). */
    minimumCoverage?: number;
  };
  scoringMethodVersion: string;
  method: string;
  overall: { score: number | null; level: number | null; coverage: number; previousScore: number | null };
  /**
   * The earlier report compared with, matched on stable theme ids. Its questionnaire version, when it differs
   * from this report's, says the questions changed in between (absent from reports saved before v2).
   */
  previous: { cycle: string; reportId: number; questionnaireVersion?: number } | null;
  themes: ReportTheme[];
  /** Peer-group figures as they were when the report was made; null before benchmarks are worked out. */
  comparisons: Comparisons | null;
  /**
   * The overall score cycle by cycle, against the median of the organisation's care-setting peers (null where
   * that group was below the disclosure threshold). Absent from reports saved before trends existed.
   */
  /** Last cycle's improvement plan as this report checked it (absent from older reports; null: none). */
  previousPlan?: PreviousPlan | null;
  trend?: {
    cycle: string;
    score: number | null;
    peerMedian: number | null;
    peers: number;
    /** The questionnaire version that cycle's report used (absent from reports saved before it was recorded). */
    questionnaireVersion?: number;
  }[];
}

export interface PreviousScores {
  cycle: string;
  reportId: number;
  questionnaireVersion: number;
  overall: number | null;
  themes: Record<string, number | null>;
}

export interface ReportInput {
  questionnaire: Questionnaire;
  organisation: { odsCode: string; name: string; careSetting: CareSetting; regionCode: string | null };
  assessment: { id: number; cycle: string; status: string };
  answers: Answers;
  previous: PreviousScores | null;
}

/**
 * Steps that must be taken together (a gated theme held by several equal answers) become one step; the
 * engine lists one per question, each naming the others.
 */
function groupSteps(steps: NextStep[], q: Questionnaire): ReportStep[] {
  const byQuestion = new Map(steps.map((s) => [s.questionId, s]));
  const seen = new Set<string>();
  const grouped: ReportStep[] = [];
  for (const s of steps) {
    const ids = [s.questionId, ...s.together];
    const key = [...ids].sort().join(" ");
    if (seen.has(key)) continue;
    seen.add(key);
    const order = q.themes.find((t) => t.id === s.themeId)!.questions.map((x) => x.id);
    grouped.push({
      themeId: s.themeId,
      gain: s.gain,
      questions: ids
        .map((id) => byQuestion.get(id))
        .filter((x): x is NextStep => x !== undefined)
        .sort((a, b) => order.indexOf(a.questionId) - order.indexOf(b.questionId))
        .map(({ questionId, question, current, next, descriptor, advice }) => ({
          questionId,
          question,
          current,
          next,
          descriptor,
          advice,
        })),
    });
  }
  return grouped;
}

export function buildReport({
  questionnaire: q,
  organisation,
  assessment,
  answers,
  previous,
}: ReportInput): Report {
  const result = scoreAssessment(q, organisation.careSetting, answers);
  const steps = nextSteps(q, organisation.careSetting, answers, result);
  const levelScale = levelScaleOf(q);
  return {
    organisation: {
      odsCode: organisation.odsCode,
      name: organisation.name,
      careSetting: careSettingLabels[organisation.careSetting],
      region: organisation.regionCode ? groupingLabel(organisation.regionCode) : "",
    },
    assessment,
    questionnaire: {
      id: q.id,
      version: q.version,
      title: q.title,
      levelScale: levelScale.levels.map((l) => ({ value: l.value, label: l.label })),
      minimumCoverage: q.scoring.minimumCoverage,
    },
    scoringMethodVersion: result.scoringMethodVersion,
    method: result.method,
    overall: {
      score: result.overall.score,
      level: result.overall.level,
      coverage: result.overall.coverage,
      previousScore: previous ? previous.overall : null,
    },
    previous: previous
      ? {
          cycle: previous.cycle,
          reportId: previous.reportId,
          questionnaireVersion: previous.questionnaireVersion,
        }
      : null,
    themes: result.themes.map((t) => {
      const theme = q.themes.find((x) => x.id === t.themeId)!;
      const questions: ReportQuestion[] = t.contributions.map((c) => {
        const question = theme.questions.find((x) => x.id === c.id)!;
        return {
          id: c.id,
          text: question.text,
          answer: describeAnswer(question, q, answers.get(c.id)),
          value: c.value,
          share: c.share,
          points: c.points,
        };
      });
      const byValue = [...questions].sort((a, b) => b.value - a.value);
      const best = byValue[0]?.value;
      const worst = byValue[byValue.length - 1]?.value;
      const statuses = result.questions.filter((x) => x.themeId === t.themeId).map((x) => x.status);
      const notScored =
        t.score !== null
          ? null
          : statuses.includes("scored")
            ? "below-minimum-coverage"
            : statuses.includes("unanswered")
              ? "nothing-answered"
              : "all-not-applicable";
      return {
        id: t.themeId,
        title: t.title,
        score: t.score,
        level: t.level,
        coverage: t.coverage,
        previousScore: previous ? (previous.themes[t.themeId] ?? null) : null,
        questions,
        // With every answer equal there is nothing to single out.
        strongest: best === worst ? [] : byValue.filter((x) => x.value === best).slice(0, 3),
        weakest: best === worst ? [] : byValue.filter((x) => x.value === worst).slice(0, 3),
        heldBy: t.heldBy,
        ...(t.cap
          ? {
              cap: {
                reason: t.cap.reason,
                maxLevel: t.cap.maxLevel,
                uncappedScore: t.cap.uncappedScore,
                by: t.cap.by.map((id) => {
                  const question = theme.questions.find((x) => x.id === id)!;
                  return { id, text: question.text, answer: describeAnswer(question, q, answers.get(id)) };
                }),
              },
            }
          : {}),
        nextSteps: groupSteps(
          steps.filter((s) => s.themeId === t.themeId),
          q,
        ),
        notScored,
      };
    }),
    comparisons: null,
  };
}

/** The report's unrounded scores by theme id, with "overall", as benchmarks store them. */
export function scoresByTheme(report: Report): Record<string, number | null> {
  return { ...Object.fromEntries(report.themes.map((t) => [t.id, t.score])), overall: report.overall.score };
}
