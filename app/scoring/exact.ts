/**
 * Exact arithmetic for scores: fractions of integers, kept in lowest terms. Scores are weighted means of
 * decimals from the questionnaire (levels' scores, checklist shares, weights), so every score is a fraction
 * exactly; adding the parts in floating point made equal scores differ in their last bits (54 1/6 stored as
 * 54.166666666666664 and as 54.16666666666666), which ranked exact ties apart. Computed here, equal scores
 * are the same fraction, and so the same number when shown or stored (`toNumber` divides lowest terms once).
 */
export interface Fraction {
  readonly n: bigint;
  /** Always positive. */
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

function fraction(n: bigint, d: bigint): Fraction {
  if (d === 0n) throw new Error("a fraction over zero");
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const zero: Fraction = { n: 0n, d: 1n };

/** The decimal a questionnaire file wrote (25, 12.5, 0.1), exactly: the shortest decimal of the number. */
export function exact(value: number): Fraction {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const [mantissa, exponentText] = String(value).toLowerCase().split("e") as [string, string | undefined];
  const [whole, decimals = ""] = mantissa.split(".") as [string, string | undefined];
  const exponent = Number(exponentText ?? 0) - decimals.length;
  const digits = BigInt(`${whole}${decimals}`);
  return exponent >= 0
    ? fraction(digits * 10n ** BigInt(exponent), 1n)
    : fraction(digits, 10n ** BigInt(-exponent));
}

export const add = (a: Fraction, b: Fraction) => fraction(a.n * b.d + b.n * a.d, a.d * b.d);
export const multiply = (a: Fraction, b: Fraction) => fraction(a.n * b.n, a.d * b.d);
export const divide = (a: Fraction, b: Fraction) => fraction(a.n * b.d, a.d * b.n);
export const sum = (values: readonly Fraction[]) => values.reduce(add, zero);

/** The nearest number to the fraction, the same for every equal fraction (lowest terms, one division). */
export const toNumber = (f: Fraction) => Number(f.n) / Number(f.d);
