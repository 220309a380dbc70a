import type { FrameworkId } from "../frameworks/catalogue";
import type { Finding, OutcomeStatus } from "../frameworks/crosswalk";

/**
 * The framework views' words (issue 23): the CAF and WGLL pages, their CSVs, and the links to them from the
 * assessment and its report say these, so each is written once.
 */
export const frameworksContent = {
  names: {
    caf: "Cyber Assessment Framework (CAF) outcomes",
    wgll: "What Good Looks Like pillars",
  } satisfies Record<FrameworkId, string>,
  links: {
    caf: "Answers as CAF outcomes",
    wgll: "Answers as What Good Looks Like pillars",
  } satisfies Record<FrameworkId, string>,
  csvLink: (framework: FrameworkId) =>
    framework === "caf"
      ? "Download the CAF outcomes (CSV)"
      : "Download the What Good Looks Like pillars (CSV)",
  notASubmission:
    "This is a self-assessment mapped by this service: your answers to this questionnaire, shown against the framework. It is not a Data Security and Protection Toolkit (DSPT) submission and no one has assured it.",
  intro: {
    caf: "Every contributing outcome of the NCSC Cyber Assessment Framework (CAF 3.2, objectives A to D), with the answers that bear on it and the evidence given with them, and objective E, information governance, which the CAF-aligned DSPT adds. Objective E shows only the outcomes whose codes and titles this service has checked against NHS England's DSPT guidance (E1.a, E3.a and E4.a), not all of them yet.",
    wgll: "NHS England's seven What Good Looks Like pillars, with the answers that bear on each and the evidence given with them.",
  } satisfies Record<FrameworkId, string>,
  rule: {
    caf: "An outcome's status is that of its weakest rated answer: an outcome answer of Achieved, Partially achieved or Not achieved counts as it is; a maturity level of 4 or 5 counts as achieved, 3 as partially achieved, 1 or 2 as not achieved. While a question that bears on it is unanswered, an outcome is not assessed, unless an answer already makes it not achieved.",
    wgll: "A pillar's status comes from the mean of its rated answers: 75 or more on the 0 to 100 scale (level 4) is achieved, 50 or more (level 3) partially achieved, below that not achieved.",
  } satisfies Record<FrameworkId, string>,
  ruleLink: "How statuses are worked out",
  atAGlance: "At a glance",
  countsLead: (n: number, framework: FrameworkId) =>
    `Of the ${n} ${framework === "caf" ? "outcomes" : "pillars"}:`,
  noQuestions: "No question of this questionnaire maps to this outcome.",
  columns: { question: "Question", answer: "Answer", evidence: "Evidence", status: "Status" },
  noEvidence: "None given",
  taggedLead: (code: string) => `In the evidence library, tagged ${code}:`,
  status: {
    achieved: "Achieved",
    "partially-achieved": "Partially achieved",
    "not-achieved": "Not achieved",
    "not-assessed": "Not assessed",
    "not-applicable": "Does not apply",
    "not-answered": "Not answered",
    "not-rated": "Context only",
  } satisfies Record<OutcomeStatus | Finding, string>,
  statusColour: {
    achieved: "green",
    "partially-achieved": "yellow",
    "not-achieved": "red",
    "not-assessed": "grey",
  } satisfies Record<OutcomeStatus, string>,
} as const;

export const statusWords = (status: OutcomeStatus | Finding) => frameworksContent.status[status];
