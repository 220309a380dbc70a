/**
 * The words of a question's evidence area (issue 23), apart from app/content/evidence.ts so that the theme
 * page loads only these (its JavaScript budget, bench/run.ts); evidence.ts spreads them into its own.
 */
export const evidenceQuestionContent = {
  evidenceArea: "Evidence from the library",
  noneCited: "No evidence from the library is cited yet.",
  useExisting: "Use existing evidence",
  addNew: "Add new evidence",
} as const;
