import { isOutcomeCode as inCatalogue } from "../frameworks/catalogue";

/**
 * Outcome tags on evidence items: "B4.a" (a CAF contributing outcome) or "wgll:<pillar>" (a What Good Looks
 * Like pillar, e.g. "wgll:well-led"), each checked against the crosswalk's catalogue (app/frameworks/), so a
 * tag always names an outcome the framework views know.
 */
export const isOutcomeCode = (code: string) =>
  code.startsWith("wgll:") ? inCatalogue("wgll", code.slice("wgll:".length)) : inCatalogue("caf", code);

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
