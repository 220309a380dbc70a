import type { Answer } from "../assessment/answers";

/** An answer as stored: its revision and who saved it last; the answer model and its versions read it so. */
export interface StoredAnswer extends Answer {
  revision: number;
  updatedBy: string | null;
  updatedAt: string;
  /**
   * A copy of last cycle's answer that nobody has confirmed yet. The answer's own fields are then empty, so
   * scoring, completion, submission checks and exports all treat the question as unanswered.
   */
  carriedForward?: Answer & { fromCycle: string };
}

/** No answer to a question: what an unconfirmed copy shows, and what an answer is before its first save. */
export const emptyAnswer = (questionId: string): Answer => ({
  questionId,
  value: null,
  notApplicableReason: null,
  evidence: "",
  evidenceLinks: [],
});

/**
 * A stored answer, or, when it is an unconfirmed copy from last cycle, an empty answer carrying the copy
 * (so every reader treats the question as unanswered until someone saves it).
 */
export function withCarry(
  answer: Answer,
  stored: { revision: number; updatedAt: string; updatedBy: string | null },
  carriedFromCycle: string | null | undefined,
): StoredAnswer {
  if (!carriedFromCycle) return { ...answer, ...stored };
  return {
    ...emptyAnswer(answer.questionId),
    ...stored,
    carriedForward: { ...answer, fromCycle: carriedFromCycle },
  };
}
