import type { Answer, Answers } from "../assessment/answers";
import type { CareSetting } from "../domain/organisation";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { type ScoreResult, scoreAssessment, scoreTheme } from "./engine";

/**
 * The action plan: for each theme, the answers that hold it back, with the next level's descriptor and the
 * questionnaire's advice, ordered by how much reaching that next level would raise the theme's score.
 */
export interface NextStep {
  themeId: string;
  questionId: string;
  question: string;
  current: string;
  next: string;
  /** What must be true at the next level. */
  descriptor: string | null;
  advice: string | null;
  /** Points the theme score would gain (0–100 scale). */
  gain: number;
  /** Other questions that must rise with this one for the gain (a gated theme held by several answers). */
  together: string[];
}

function raised(
  question: Question,
  q: Questionnaire,
  answer: Answer,
): {
  value: Answer["value"];
  current: string;
  next: string;
  descriptor: string | null;
  advice: string | null;
} | null {
  const value = answer.value;
  if (value === null || answer.notApplicableReason != null) return null;
  switch (question.type) {
    case "level":
    case "outcome": {
      const levels = q.scales.find((s) => s.id === question.scale)?.levels ?? [];
      const i = levels.findIndex((l) => l.value === value);
      const up = levels[i + 1];
      if (i < 0 || !up) return null;
      return {
        value: up.value,
        current: levels[i]!.label,
        next: up.label,
        descriptor: question.levels.find((d) => d.level === up.value)?.descriptor ?? null,
        advice: question.levels.find((d) => d.level === value)?.nextStep ?? null,
      };
    }
    case "checklist": {
      const chosen = value as string[];
      const missing = question.items.filter((i) => !chosen.includes(i.id)).sort((a, b) => b.share - a.share);
      const first = missing[0];
      if (!first) return null;
      return {
        value: [...chosen, first.id],
        current: `${chosen.length} of ${question.items.length} in place`,
        next: `Add: ${first.label}`,
        descriptor: `Not yet in place: ${missing.map((m) => m.label).join("; ")}`,
        advice: question.nextStep ?? null,
      };
    }
    case "yes-no": {
      if (!question.scores) return null;
      const better = question.scores.yes >= question.scores.no ? "yes" : "no";
      if (value === better) return null;
      return {
        value: better,
        current: value === "yes" ? "Yes" : "No",
        next: better === "yes" ? "Yes" : "No",
        descriptor: null,
        advice: question.nextStep ?? null,
      };
    }
    default:
      return null;
  }
}

export function nextSteps(
  q: Questionnaire,
  careSetting: CareSetting,
  answers: Answers,
  result: ScoreResult = scoreAssessment(q, careSetting, answers),
): NextStep[] {
  const steps: NextStep[] = [];
  for (const theme of q.themes) {
    const before = result.themes.find((t) => t.themeId === theme.id)?.score;
    if (before == null) continue;
    const themeSteps: NextStep[] = [];
    for (const question of theme.questions) {
      const status = result.questions.find((s) => s.questionId === question.id)?.status;
      const answer = answers.get(question.id);
      if (status !== "scored" || !answer) continue;
      const up = raised(question, q, answer);
      if (!up) continue;
      // In a gated theme held by several equal answers, no one answer lifts it alone: they rise together.
      const themeResult = result.themes.find((t) => t.themeId === theme.id)!;
      const together =
        result.method === "gated" && themeResult.heldBy.includes(question.id)
          ? themeResult.heldBy
          : [question.id];
      const trial = new Map(answers);
      for (const id of together) {
        const other = answers.get(id)!;
        const otherUp = id === question.id ? up : raised(theme.questions.find((x) => x.id === id)!, q, other);
        if (otherUp) trial.set(id, { ...other, value: otherUp.value });
      }
      const after = scoreTheme(q, theme, careSetting, trial).theme.score ?? before;
      if (after <= before) continue; // does not hold the theme back (a gated theme waits on its lowest answers)
      themeSteps.push({
        themeId: theme.id,
        questionId: question.id,
        question: question.text,
        current: up.current,
        next: up.next,
        descriptor: up.descriptor,
        advice: up.advice,
        gain: after - before,
        together: together.filter((id) => id !== question.id),
      });
    }
    // Biggest gain first; ties keep questionnaire order (sort is stable).
    steps.push(...themeSteps.sort((a, b) => b.gain - a.gain));
  }
  return steps;
}
