/**
 * The board pack's headings (app/report/pdf/): kept here with the rest of the interface's words, so the PDF
 * and the page can be read and changed in one place.
 */
export const boardPackHeadings = {
  summary: "Summary",
  strongest: "Strongest themes",
  weakest: "Weakest themes",
  notScored: "Themes not scored",
  trend: "Trend across cycles",
  largestGains: "Largest gains in a theme score",
  themeScores: "Theme scores",
  compare: "How you compare",
  eachTheme: (group: string) => `Each theme against ${group.replace(/^./, (ch) => ch.toLowerCase())}`,
  overallByGroup: "Overall score in each peer group",
  nextSteps: "Next steps",
  about: "About the figures",
  signOff: "Board sign-off",
  inThisPack: "In this pack",
  evidence: "Evidence cited",
  evidenceInThisPack:
    "Evidence cited: the library evidence each answer cites, with its owner, review-by date and status on the day this pack was made; expired evidence says when it expired.",
} as const;
