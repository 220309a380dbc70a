/**
 * Outcome tags on evidence items: plain codes of framework outcomes, checked for shape only. The catalogue
 * of outcomes (their titles, and whether a code exists) is the crosswalk's; here a tag is "B4.a" (a CAF
 * contributing outcome: objective A–D, principle number, outcome letter) or "wgll:<pillar>" (a What Good
 * Looks Like pillar, lower-case words joined by hyphens).
 */
export const outcomeCodePattern = /^(?:[A-D][1-9][0-9]?\.[a-z]|wgll:[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/;

export const isOutcomeCode = (code: string) => code.length <= 60 && outcomeCodePattern.test(code);

/** Tags as typed (separated by commas, spaces or lines), normalised: CAF codes in their usual case. */
export function parseOutcomeCodes(text: string): string[] {
  const codes = text
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) =>
      /^wgll:/i.test(c) ? c.toLowerCase() : c.length > 2 ? c[0]!.toUpperCase() + c.slice(1).toLowerCase() : c,
    );
  return [...new Set(codes)];
}
