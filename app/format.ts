/**
 * The one formatter for numbers and dates, used by the page, the PDF, the CSV, the JSON and the regional view,
 * so a figure shows the same everywhere. Pure (no clock, no locale of the machine): figures are kept unrounded
 * until they are shown, then rounded once here.
 *
 * Rounding is half-up (halves away from zero: 54.25 → 54.3, −0.25 → −0.3) on the decimal value. Binary
 * floating point cannot hold 54.25 − 0.0000000000001 apart from 54.25 once arithmetic has blurred it, so a
 * value is first read to 10 decimal places (far below anything a score can mean, far above the noise of
 * double arithmetic) and rounded from that decimal text, never by `Math.round(x * 10) / 10` or `toFixed`.
 */

/** Rounds half-up (away from zero) to `places` decimal places, from the value's decimal reading. */
export function roundHalfUp(value: number, places = 1): number {
  if (!Number.isFinite(value)) return value;
  if (!Number.isInteger(places) || places < 0 || places > 6) throw new RangeError("places must be 0–6");
  const negative = value < 0;
  const [whole, fraction = ""] = Math.abs(value).toFixed(10).split(".");
  const kept = `${whole}${fraction.slice(0, places)}`;
  const next = Number(fraction[places] ?? "0");
  let digits = BigInt(kept);
  if (next >= 5) digits += 1n;
  const rounded = Number(digits) / 10 ** places;
  // Number(digits) / 10 ** places is the nearest double to the decimal result (both are exact integers
  // below 2^53 and the division is correctly rounded).
  return negative && rounded !== 0 ? -rounded : rounded;
}

/** Text of a figure rounded half-up to `places` decimals, with exactly that many decimals ("54.0"). */
export function formatNumber(value: number, places = 1): string {
  const rounded = roundHalfUp(value, places);
  const text = Math.abs(rounded).toFixed(places); // exact: rounded already has at most `places` decimals
  return rounded < 0 ? `-${text}` : text;
}

/** A count, whole, with thousands separated as the NHS writes them: 2000 → "2,000". */
export function formatCount(value: number): string {
  return formatNumber(value, 0).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A score (0–100) or level as shown: one decimal, or the words for a missing one. */
export function formatScore(value: number | null | undefined, missing = "Not scored"): string {
  return value === null || value === undefined ? missing : formatNumber(value, 1);
}

/** A score as a whole number (the regional heatmap): rounded once, from the unrounded score. */
export function formatWhole(value: number | null | undefined, missing = "–"): string {
  return value === null || value === undefined ? missing : formatNumber(value, 0);
}

/**
 * A change, signed: "+1.2", "-0.4", "0.0". The sign follows the rounded figure, so a change too small to
 * show is "0.0", never "-0.0" or "+0.0".
 */
export function formatChange(value: number | null | undefined, places = 1, missing = "–"): string {
  if (value === null || value === undefined) return missing;
  const rounded = roundHalfUp(value, places);
  if (rounded === 0) return formatNumber(0, places);
  return rounded > 0 ? `+${formatNumber(rounded, places)}` : formatNumber(rounded, places);
}

/** A share (0–1) as a percentage: 0.6667 → "67%". */
export function formatPercent(share: number, places = 0): string {
  return `${formatNumber(share * 100, places)}%`;
}

/** A figure for a download (CSV, JSON): a number rounded once, half-up, or null. */
export function dataNumber(value: number | null | undefined, places = 1): number | null {
  return value === null || value === undefined ? null : roundHalfUp(value, places);
}

/**
 * Rounds parts so that the rounded parts add up to the rounded total (largest remainder, Hamilton's method):
 * every part is first rounded down, then the units still missing go to the parts that lost most. Used where a
 * table shows pieces of a figure it also shows whole ("points" that make a score, shares that make 100%).
 * Ties in the remainder go to the earlier part, so the result is the same every time.
 */
export function largestRemainder(parts: readonly number[], places = 1, total?: number): number[] {
  const scale = 10 ** places;
  const target = Math.round(roundHalfUp(total ?? parts.reduce((s, p) => s + p, 0), places) * scale);
  // Read each part in units of the last place shown, from its 10-decimal reading (no binary noise).
  const units = parts.map((p) => roundHalfUp(p * scale, 6));
  const floors = units.map((u) => Math.floor(u));
  let missing = target - floors.reduce((s, f) => s + f, 0);
  const order = units
    .map((u, i) => ({ i, remainder: u - Math.floor(u) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  const result = [...floors];
  for (let k = 0; missing > 0 && order.length > 0; k = (k + 1) % order.length, missing--) {
    result[order[k]!.i]! += 1;
  }
  for (
    let k = order.length - 1;
    missing < 0 && order.length > 0;
    k = (k - 1 + order.length) % order.length, missing++
  ) {
    result[order[k]!.i]! -= 1;
  }
  return result.map((r) => r / scale);
}

const london = "Europe/London";
const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: london,
});
const timeParts = new Intl.DateTimeFormat("en-GB", {
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: london,
});

const toDate = (when: string | Date) => (typeof when === "string" ? new Date(when) : when);

/** A date in words, in UK time: "1 December 2026". */
export function formatDate(when: string | Date): string {
  return dateFormat.format(toDate(when));
}

/** A time as the NHS writes it, in UK time: "9am", "2:05pm", "midday", "midnight". */
export function formatTime(when: string | Date): string {
  const parts = timeParts.formatToParts(toDate(when));
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = parts.find((p) => p.type === "minute")?.value ?? "00";
  if (minute === "00" && hour === 12) return "midday";
  if (minute === "00" && hour === 0) return "midnight";
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${minute === "00" ? "" : `:${minute}`}${hour < 12 ? "am" : "pm"}`;
}

/** A date and time in words, in UK time: "1 December 2026 at 2:05pm". */
export function formatDateTime(when: string | Date): string {
  return `${formatDate(when)} at ${formatTime(when)}`;
}

/**
 * The change between two figures as shown: the difference of the two rounded figures, so that a reader who
 * subtracts the numbers on the page gets the change the page states (54.3 and 52.1 show "+2.2", even when
 * the unrounded change is 2.11).
 */
export function formatChangeBetween(
  now: number | null | undefined,
  before: number | null | undefined,
  places = 1,
  missing = "–",
): string {
  if (now === null || now === undefined || before === null || before === undefined) return missing;
  const scale = 10 ** places;
  const units =
    Math.round(roundHalfUp(now, places) * scale) - Math.round(roundHalfUp(before, places) * scale);
  return formatChange(units / scale, places, missing);
}
