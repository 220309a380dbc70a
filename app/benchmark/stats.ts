/**
 * Distribution statistics for benchmarks. Pure. Quartiles use linear interpolation between order statistics
 * (Hyndman and Fan type 7, as R's default and Excel's QUARTILE.INC): position p × (n − 1) in the sorted values.
 */
export interface Distribution {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("quantile of no values");
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  return a + (b - a) * (position - lower);
}

export function distribution(
  values: readonly number[],
  { sorted: isSorted = false } = {},
): Distribution | null {
  if (values.length === 0) return null;
  const sorted = isSorted ? values : [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0]!,
    q1: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q3: quantile(sorted, 0.75),
    max: sorted[sorted.length - 1]!,
  };
}

/**
 * Percentile rank of a value in a group (mid-rank definition): the percentage of the group below it, counting
 * ties as half below. 0 means below everyone, 100 above everyone, 50 the middle.
 */
export function percentileRank(sorted: readonly number[], value: number): number {
  if (sorted.length === 0) throw new Error("percentile rank in no values");
  const below = firstIndex(sorted, (v) => v >= value);
  const equal = firstIndex(sorted, (v) => v > value) - below;
  return ((below + equal / 2) / sorted.length) * 100;
}

/** The first index whose value passes the test (binary search over ascending values), or the length. */
function firstIndex(sorted: readonly number[], test: (v: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(sorted[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
