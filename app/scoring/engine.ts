import { type Answer, type Answers, isShown } from "../assessment/answers";
import type { CareSetting } from "../domain/organisation";
import { roundHalfUp } from "../format";
import type { Question, Questionnaire, Scale, ScoreCap, Theme } from "../questionnaire/schema";
import { divide, exact, type Fraction, multiply, sum, toNumber } from "./exact";

/**
 * The scoring engine: a questionnaire version and answers in, scores out. Pure: no IO, no clock, no
 * randomness, so a result can be recomputed and explained at any time. Method: docs/scoring.md.
 */
export const scoringMethodVersion = "1.1.0";

export type QuestionStatus = "scored" | "not-applicable" | "unanswered" | "not-shown" | "not-scored-type";

export interface QuestionScore {
  questionId: string;
  themeId: string;
  weight: number;
  status: QuestionStatus;
  /** On the common 0–100 scale; null unless status is "scored". */
  value: number | null;
}

export interface Contribution {
  id: string;
  /** This item's share of the weight that was scored (0–1). */
  share: number;
  value: number;
  /** share × value: for weighted-mean scores the contributions add up to the score (a gated score is the lowest value). */
  points: number;
}

export interface ThemeScore {
  themeId: string;
  title: string;
  weight: number;
  /** 0–100, or null when coverage is below the questionnaire's minimum ("not scored", never zero). */
  score: number | null;
  /** On the questionnaire's level scale, to one decimal; null when not scored. */
  level: number | null;
  /** Share of the applicable weight that was answered (0–1). */
  coverage: number;
  contributions: Contribution[];
  /** For gated scoring: the questions holding the theme at its level. */
  heldBy: string[];
  /**
   * Present only when a cap the questionnaire declares (scoring.caps) lowered this theme's score: the
   * answers that set it off, the highest score and level allowed, and the score before the cap.
   */
  cap?: ThemeCap;
}

export interface ThemeCap {
  reason: string;
  /** The questions whose answers set the cap off (e.g. CAF outcomes Not achieved), in questionnaire order. */
  by: string[];
  maxScore: number;
  maxLevel: number;
  uncappedScore: number;
}

export interface ScoreResult {
  scoringMethodVersion: string;
  questionnaireId: string;
  questionnaireVersion: number;
  method: Questionnaire["scoring"]["method"];
  themes: ThemeScore[];
  overall: { score: number | null; level: number | null; coverage: number; contributions: Contribution[] };
  questions: QuestionScore[];
}

/** Levels are stated to one decimal place (docs/scoring.md), rounded half-up like every figure shown. */
const round1 = (n: number) => roundHalfUp(n, 1);

/** Where an answer sits on the 0–100 scale, as the questionnaire declares; null when it does not count. */
export function questionValue(
  question: Question,
  questionnaire: Pick<Questionnaire, "scales">,
  answer: Answer,
): number | null {
  const value = answer.value;
  if (value === null) return null;
  switch (question.type) {
    case "level":
    case "outcome":
      return (
        questionnaire.scales.find((s) => s.id === question.scale)?.levels.find((l) => l.value === value)
          ?.score ?? null
      );
    case "checklist":
      return Math.min(
        100,
        toNumber(
          sum(question.items.filter((i) => (value as string[]).includes(i.id)).map((i) => exact(i.share))),
        ),
      );
    case "yes-no":
      return question.scores ? question.scores[value === "yes" ? "yes" : "no"] : null;
    default:
      return null;
  }
}

/** Whether a question can carry a score at all (number and text questions, and unscored yes/no, cannot). */
export function isScoredType(question: Question): boolean {
  return (
    question.type === "level" ||
    question.type === "outcome" ||
    question.type === "checklist" ||
    (question.type === "yes-no" && question.scores !== undefined)
  );
}

/** A 0–100 score expressed on a level scale, interpolating between the scores the scale declares. */
export function levelFor(score: number, scale: Scale): number {
  const levels = [...scale.levels].sort((a, b) => a.score - b.score);
  const first = levels[0]!;
  const last = levels[levels.length - 1]!;
  if (score <= first.score) return first.value;
  if (score >= last.score) return last.value;
  for (let i = 1; i < levels.length; i++) {
    const lo = levels[i - 1]!;
    const hi = levels[i]!;
    if (score <= hi.score) {
      return hi.score === lo.score
        ? hi.value
        : lo.value + ((score - lo.score) / (hi.score - lo.score)) * (hi.value - lo.value);
    }
  }
  return last.value;
}

function scoreQuestions(
  q: Questionnaire,
  theme: Theme,
  careSetting: CareSetting,
  answers: Answers,
): QuestionScore[] {
  return theme.questions.map((question) => {
    const base = { questionId: question.id, themeId: theme.id, weight: question.weight };
    if (!isShown(question, careSetting, answers)) return { ...base, status: "not-shown", value: null };
    if (!isScoredType(question)) return { ...base, status: "not-scored-type", value: null };
    const answer = answers.get(question.id);
    if (answer?.notApplicableReason != null) return { ...base, status: "not-applicable", value: null };
    const value = answer ? questionValue(question, q, answer) : null;
    return value === null
      ? { ...base, status: "unanswered", value: null }
      : { ...base, status: "scored", value };
  });
}

/**
 * Σ weight × value / Σ weight, exactly (docs/scoring.md §1): equal scores are equal fractions, so they are the
 * same number and tie. The contributions explain it and are for showing only.
 */
function weightedMean(items: { id: string; weight: number; value: Fraction }[]) {
  const total = sum(items.map((i) => exact(i.weight)));
  if (total.n === 0n) return { score: null, exact: null, contributions: [] };
  const mean = divide(sum(items.map((i) => multiply(exact(i.weight), i.value))), total);
  const contributions = items.map((i) => {
    const share = divide(exact(i.weight), total);
    return {
      id: i.id,
      share: toNumber(share),
      value: toNumber(i.value),
      points: toNumber(multiply(share, i.value)),
    };
  });
  return { score: toNumber(mean), exact: mean, contributions };
}

/** One theme's score, level, coverage and explanation (and its questions' values). */
export function scoreTheme(q: Questionnaire, theme: Theme, careSetting: CareSetting, answers: Answers) {
  const { exact: _, ...scored } = scoreThemeExactly(q, theme, careSetting, answers);
  return scored;
}

type Scored = { theme: ThemeScore; questions: QuestionScore[]; exact: Fraction | null };

/**
 * The caps the questionnaire declares for this theme (docs/scoring.md §3a): when a named question is scored at
 * or below the cap's answer, the theme's score is at most the score of the cap's level. A theme that is not
 * scored stays not scored; one already at or below the cap keeps its score, but still names what caps it.
 */
function applyCaps(q: Questionnaire, scale: Scale, scored: Scored, answers: Answers): Scored {
  const caps = (q.scoring.caps ?? []).filter((c: ScoreCap) => c.theme === scored.theme.themeId);
  if (caps.length === 0 || scored.exact === null || scored.theme.score === null) return scored;
  let result = scored;
  for (const cap of caps) {
    const by = scored.questions
      .filter((s) => s.status === "scored" && cap.questions.includes(s.questionId))
      .filter((s) => {
        const value = answers.get(s.questionId)?.value;
        return typeof value === "number" && value <= cap.atOrBelow;
      })
      .map((s) => s.questionId);
    if (by.length === 0) continue;
    const maxScore = scale.levels.find((l) => l.value === cap.maxLevel)?.score;
    if (maxScore === undefined) continue;
    const current = result.theme.score!;
    const capped = current > maxScore;
    const score = capped ? maxScore : current;
    result = {
      ...result,
      exact: capped ? exact(maxScore) : result.exact,
      theme: {
        ...result.theme,
        score,
        level: capped ? round1(levelFor(maxScore, scale)) : result.theme.level,
        cap: {
          reason: cap.reason,
          by,
          maxScore,
          maxLevel: cap.maxLevel,
          uncappedScore: scored.theme.score!,
        },
      },
    };
  }
  return result;
}

function scoreThemeExactly(
  q: Questionnaire,
  theme: Theme,
  careSetting: CareSetting,
  answers: Answers,
): Scored {
  const scale = levelScaleOf(q);
  return applyCaps(q, scale, scoreThemeUncapped(q, theme, careSetting, answers), answers);
}

function scoreThemeUncapped(
  q: Questionnaire,
  theme: Theme,
  careSetting: CareSetting,
  answers: Answers,
): Scored {
  const scale = levelScaleOf(q);
  const scores = scoreQuestions(q, theme, careSetting, answers);
  const applicable = scores.filter((s) => s.status === "scored" || s.status === "unanswered");
  const scored = scores.filter((s): s is QuestionScore & { value: number } => s.status === "scored");
  const applicableWeight = applicable.reduce((s, x) => s + x.weight, 0);
  const coverage = applicableWeight === 0 ? 0 : scored.reduce((s, x) => s + x.weight, 0) / applicableWeight;
  const base = { themeId: theme.id, title: theme.title, weight: theme.weight, coverage };
  if (scored.length === 0 || coverage < q.scoring.minimumCoverage) {
    return {
      theme: { ...base, score: null, level: null, contributions: [], heldBy: [] },
      questions: scores,
      exact: null,
    };
  }
  const {
    score,
    exact: mean,
    contributions,
  } = weightedMean(scored.map((s) => ({ id: s.questionId, weight: s.weight, value: exact(s.value) })));
  if (q.scoring.method === "gated") {
    // A theme reaches a level only when every question in it does: the lowest answer sets it.
    const floor = Math.min(...scored.map((s) => s.value));
    return {
      theme: {
        ...base,
        score: floor,
        level: round1(levelFor(floor, scale)),
        contributions,
        heldBy: scored.filter((s) => s.value === floor).map((s) => s.questionId),
      },
      questions: scores,
      exact: exact(floor),
    };
  }
  return {
    theme: { ...base, score: score!, level: round1(levelFor(score!, scale)), contributions, heldBy: [] },
    questions: scores,
    exact: mean,
  };
}

/** The scale theme and overall levels are read on (checkQuestionnaire makes sure it is there). */
export const levelScaleOf = (q: Questionnaire): Scale => q.scales.find((s) => s.id === q.scoring.levelScale)!;

export function scoreAssessment(q: Questionnaire, careSetting: CareSetting, answers: Answers): ScoreResult {
  const scale = levelScaleOf(q);
  const questions: QuestionScore[] = [];
  const exactScores = new Map<string, Fraction>();
  const themes: ThemeScore[] = q.themes.map((theme) => {
    const result = scoreThemeExactly(q, theme, careSetting, answers);
    questions.push(...result.questions);
    if (result.exact) exactScores.set(theme.id, result.exact);
    return result.theme;
  });

  const scoredThemes = themes.filter((t): t is ThemeScore & { score: number } => t.score !== null);
  // From the themes' exact scores, not their rounded numbers, so the overall score is exact too.
  const overall = weightedMean(
    scoredThemes.map((t) => ({ id: t.themeId, weight: t.weight, value: exactScores.get(t.themeId)! })),
  );
  const totalWeight = themes.reduce((s, t) => s + t.weight, 0);
  return {
    scoringMethodVersion,
    questionnaireId: q.id,
    questionnaireVersion: q.version,
    method: q.scoring.method,
    themes,
    overall: {
      score: overall.score,
      level: overall.score === null ? null : round1(levelFor(overall.score, scale)),
      coverage: totalWeight === 0 ? 0 : scoredThemes.reduce((s, t) => s + t.weight, 0) / totalWeight,
      contributions: overall.contributions,
    },
    questions,
  };
}
