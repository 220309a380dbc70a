import { formatNumber, formatPercent, formatScore, largestRemainder } from "../format";
import type { Report, ReportTheme } from "./report";

/**
 * "How this score was worked out", as the method actually works it out, with figures that add up: the page,
 * the PDF and the JSON show these rows. Pure.
 *
 * - Weighted mean: each answer's share of the theme times its value gives its points. Shares and points are
 *   rounded by largest remainder, so the shown shares add to 100% and the shown points to the shown score.
 * - Gated: the theme score is its lowest counted value. The rows say which answers hold the theme there (the
 *   gate); there are no shares or points, because no answer contributes a share.
 */
export interface ExplanationRow {
  id: string;
  text: string;
  answer: string;
  value: number;
  /** Weighted mean only: the rounded share (whole percent) and points (one decimal), adding up. */
  share: number | null;
  points: number | null;
  /** Gated only: this answer is at the gate and holds the theme's score. */
  holds: boolean;
}

export interface Explanation {
  method: Report["method"];
  rows: ExplanationRow[];
  /** The sentence above the rows. */
  summary: string;
}

export function explain(theme: ReportTheme, method: Report["method"]): Explanation | null {
  if (theme.score === null || theme.questions.length === 0) return null;
  if (method === "gated") {
    const held = new Set(theme.heldBy);
    const holders = theme.questions.filter((q) => held.has(q.id));
    return {
      method,
      rows: theme.questions.map((q) => ({
        id: q.id,
        text: q.text,
        answer: q.answer,
        value: q.value,
        share: null,
        points: null,
        holds: held.has(q.id),
      })),
      summary: `A gated theme reaches a level only when every answer does, so its score is its lowest answer's value, ${formatScore(theme.score)}. ${
        holders.length === 1
          ? `One answer holds it there: "${holders[0]!.text}".`
          : `${holders.length} answers hold it there, and all of them must rise to raise it.`
      }`,
    };
  }
  const shares = largestRemainder(
    theme.questions.map((q) => q.share * 100),
    0,
    100,
  );
  const points = largestRemainder(
    theme.questions.map((q) => q.points),
    1,
    theme.score,
  );
  return {
    method,
    rows: theme.questions.map((q, i) => ({
      id: q.id,
      text: q.text,
      answer: q.answer,
      value: q.value,
      share: shares[i]! / 100,
      points: points[i]!,
      holds: false,
    })),
    summary: `Each answer's share of the theme times its value gives its points, and the points add up to the score, ${formatScore(theme.score)}. Shares and points are rounded so that they add up (largest remainder).`,
  };
}

/** The row's share and points as text. */
export const shareText = (row: ExplanationRow) => (row.share === null ? "–" : formatPercent(row.share));
export const pointsText = (row: ExplanationRow) => (row.points === null ? "–" : formatNumber(row.points, 1));
