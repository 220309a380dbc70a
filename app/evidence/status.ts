/**
 * An evidence item's status, from its review-by date and today (both YYYY-MM-DD; today is passed in, never
 * read from a clock): expired once the review-by date has passed, due for review within `dueWindowDays` of
 * it, current before that. Pure and small, so pages may show it without loading anything else.
 */
export const evidenceStatuses = ["current", "due", "expired"] as const;
export type EvidenceStatus = (typeof evidenceStatuses)[number];

export const evidenceStatusLabels: Record<EvidenceStatus, string> = {
  current: "Current",
  due: "Due for review",
  expired: "Expired",
};

/** The design system's tag colour for each status. */
export const evidenceStatusTags: Record<EvidenceStatus, string> = {
  current: "nhsuk-tag--green",
  due: "nhsuk-tag--yellow",
  expired: "nhsuk-tag--red",
};

export { addDays, dayOf } from "../domain/dates";
import { addDays } from "../domain/dates";

export function evidenceStatus(reviewBy: string, today: string, dueWindowDays: number): EvidenceStatus {
  if (reviewBy < today) return "expired";
  if (reviewBy <= addDays(today, dueWindowDays)) return "due";
  return "current";
}

/**
 * The review-by dates each status covers on `today`, for filtering in SQL: expired is before `today`, due is
 * from `today` to `dueUntil`, current is after `dueUntil`.
 */
export function statusBounds(today: string, dueWindowDays: number) {
  return { today, dueUntil: addDays(today, dueWindowDays) };
}

/** Whether an item needs attention on a question or a check page: expired or due for review. */
export const needsReview = (status: EvidenceStatus) => status !== "current";
