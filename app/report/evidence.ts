import { addDays } from "../domain/dates";
import { type EvidenceStatus, evidenceStatus } from "../evidence/status";
import type { Report } from "./report";

/**
 * The library evidence a report's answers cite, as the report's page, PDF, CSV, JSON and Excel show it (issue
 * 23): one list, built once per request by the saved-report service from the assessment's citations. Pure.
 *
 * The status is the item's status on the day the report is read or downloaded (`asOf`), not on the day the
 * report was saved. The report's figures are frozen, but evidence goes out of date after it: a board reading a
 * report a year on needs to know that what it rests on has expired since, and when ("expired on 4 March 2027"),
 * so it can tell whether that was before or after the report was saved. ADR 022 records the choice.
 */
export interface CitedItem {
  questionId: string;
  themeId: string;
  title: string;
  owner: string;
  reviewBy: string;
  links: readonly string[];
  deletedAt: string | null;
}

export interface ReportEvidenceItem {
  themeId: string;
  /** The theme's title in the report ("" when the report has no such theme). */
  theme: string;
  questionId: string;
  /** The question's text in the report ("" when the report has no such question). */
  question: string;
  title: string;
  owner: string;
  reviewBy: string;
  status: EvidenceStatus;
  /** The first day the item counted as expired (the day after its review-by date), when it has. */
  expiredOn: string | null;
  /** Deleted from the library since it was cited; the report keeps showing it. */
  deleted: boolean;
  links: readonly string[];
}

export interface ReportEvidence {
  /** The day the statuses are for (YYYY-MM-DD). */
  asOf: string;
  items: ReportEvidenceItem[];
}

export function reportEvidence(
  report: Pick<Report, "themes">,
  citations: readonly CitedItem[],
  asOf: string,
  dueWindowDays: number,
): ReportEvidence {
  const order = new Map<string, number>();
  const questions = new Map<string, { theme: string; question: string }>();
  for (const theme of report.themes)
    for (const q of theme.questions) {
      order.set(q.id, order.size);
      questions.set(q.id, { theme: theme.title, question: q.text });
    }
  const items = citations.map((c): ReportEvidenceItem => {
    const status = evidenceStatus(c.reviewBy, asOf, dueWindowDays);
    return {
      themeId: c.themeId,
      theme: questions.get(c.questionId)?.theme ?? "",
      questionId: c.questionId,
      question: questions.get(c.questionId)?.question ?? "",
      title: c.title,
      owner: c.owner,
      reviewBy: c.reviewBy,
      status,
      expiredOn: status === "expired" ? addDays(c.reviewBy, 1) : null,
      deleted: c.deletedAt !== null,
      links: c.links,
    };
  });
  // In the questionnaire's order, as the report lists the answers; then by title.
  const at = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  items.sort((a, b) => at(a.questionId) - at(b.questionId) || a.title.localeCompare(b.title));
  return { asOf, items };
}

/** The items of one theme, in the report's order. */
export const evidenceOfTheme = (evidence: ReportEvidence, themeId: string) =>
  evidence.items.filter((i) => i.themeId === themeId);
