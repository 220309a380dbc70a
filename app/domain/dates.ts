/**
 * Calendar dates as the service writes them (YYYY-MM-DD, UTC): the one place for their arithmetic. Pure:
 * "today" always comes from the caller (the one clock is the caller's `now`).
 */

/** A date some whole days after another, by the calendar (no time zones involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative once `to` has passed). */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** The date part of an instant (UTC). */
export const dayOf = (now: Date) => now.toISOString().slice(0, 10);
