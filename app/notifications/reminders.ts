/**
 * Reminders from deadlines (issue 24), pure: "today" is passed in as YYYY-MM-DD. The sweep
 * (app/services/reminders.server.ts) loads what is open, asks these rules which reminders are due, and writes
 * each one once: its key names the kind, the stage, the subject, the person and the due date, so a second run,
 * a second server or a restart cannot remind anyone twice; a changed due date makes new reminders.
 */

import { daysBetween } from "../domain/dates";

export type ReminderKind = "theme-due" | "sign-off-pending" | "action-due" | "evidence-review";

/** Where a reminder stands against its date: ahead of it, or past it. */
export type ReminderStage = "30-days" | "14-days" | "7-days" | "3-days" | "overdue";

/** Whole days from `today` to `date` (negative once it has passed). */
export const daysUntil = (today: string, date: string) => daysBetween(today, date);

/**
 * A theme not finished: reminded 14 and 3 days before its due date and once when overdue. Only the stage
 * reached is sent: a sweep that did not run for a week does not send a stale "14 days" beside a "3 days".
 */
export function themeStage(today: string, due: string): ReminderStage | null {
  const days = daysUntil(today, due);
  if (days < 0) return "overdue";
  if (days <= 3) return "3-days";
  if (days <= 14) return "14-days";
  return null;
}

/** An action of the plan not done or dropped: reminded 7 days before its due date and once when overdue. */
export function actionStage(today: string, due: string): ReminderStage | null {
  const days = daysUntil(today, due);
  if (days < 0) return "overdue";
  if (days <= 7) return "7-days";
  return null;
}

/** An evidence item: reminded 30 days before its review-by date and once when it has expired. */
export function evidenceStage(today: string, reviewBy: string): ReminderStage | null {
  const days = daysUntil(today, reviewBy);
  if (days < 0) return "overdue";
  if (days <= 30) return "30-days";
  return null;
}

/** A submission the board has not signed off or returned after 7 days: reminded once. */
export const signOffPending = (today: string, submittedOn: string) => daysUntil(submittedOn, today) >= 7;

export interface Deadline {
  dueOn: string;
  /** "national", or the region that set an earlier one. */
  scope: string;
}

/** The deadline an organisation works to: its region's when the region set one earlier, else the national one. */
export function effectiveDeadline(
  national: string | null | undefined,
  regional: string | null | undefined,
  regionCode: string | null,
): Deadline | null {
  if (regional && regionCode && (!national || regional <= national))
    return { dueOn: regional, scope: regionCode };
  return national ? { dueOn: national, scope: "national" } : null;
}

export interface ReminderItem {
  key: string;
  kind: ReminderKind;
  stage: ReminderStage;
  /** The assessment it is about, or null for the organisation's evidence library. */
  assessmentId: number | null;
  organisationCode: string;
  personId: number;
  /** The thing reminded of: a theme's title, an action's title. */
  title: string;
  due: string;
  /** The page that deals with it. */
  link: string;
}

export function reminderKey(
  item: Pick<ReminderItem, "kind" | "stage" | "personId" | "due">,
  subject: string,
): string {
  return `${item.kind}:${item.stage}:${subject}:person ${item.personId}:due ${item.due}`;
}

/**
 * One email a day to one person about one assessment (or about their organisation's evidence library): the
 * reminders due together become one digest.
 */
export const digestKey = (
  about: { assessmentId: number | null; organisationCode: string },
  personId: number,
  today: string,
) =>
  `reminders:${about.assessmentId === null ? `evidence of ${about.organisationCode}` : `assessment ${about.assessmentId}`}:person ${personId}:${today}`;

export function groupIntoDigests(items: readonly ReminderItem[], today: string) {
  const digests = new Map<string, ReminderItem[]>();
  for (const item of items) {
    const key = digestKey(item, item.personId, today);
    const list = digests.get(key);
    if (list) list.push(item);
    else digests.set(key, [item]);
  }
  return digests;
}
