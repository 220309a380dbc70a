/**
 * The outcomes a question can be mapped to (issue 23): the NCSC Cyber Assessment Framework's objectives A–D,
 * their 14 principles and 39 contributing outcomes (CAF 3.2, the version the CAF-aligned DSPT of 2024–25 is
 * built on), the DSPT's own objective E (information governance, "Using and sharing information
 * appropriately"), and NHS England's seven What Good Looks Like pillars. Pure: the questionnaire check refuses
 * a mapping whose code or title is not here. Titles are the frameworks' own, in sentence case.
 *
 * Objective E holds only the principles and outcomes whose codes and titles were read in NHS England's
 * "2024-25 CAF-aligned DSPT guidance" (objective E pages): E1.a, E3.a and E4.a. The DSPT has more (47 outcomes
 * in all with A–D, so 8 in E, and a principle E2), but their codes and titles could not be verified, so they are
 * left out rather than guessed; add each with its source when it is found. Its principle codes skip E2 for that
 * reason.
 */

export const frameworkIds = ["caf", "wgll"] as const;
export type FrameworkId = (typeof frameworkIds)[number];

/** An outcome named by its framework and code: a question's mapping, or (later) an evidence item's tag. */
export interface OutcomeRef {
  framework: FrameworkId;
  code: string;
}

export interface CafOutcome {
  code: string;
  title: string;
}
export interface CafPrinciple {
  code: string;
  title: string;
  outcomes: readonly CafOutcome[];
}
export interface CafObjective {
  code: string;
  title: string;
  principles: readonly CafPrinciple[];
}

const principle = (code: string, title: string, outcomes: [string, string][]): CafPrinciple => ({
  code,
  title,
  outcomes: outcomes.map(([letter, outcomeTitle]) => ({ code: `${code}.${letter}`, title: outcomeTitle })),
});

export const cafObjectives: readonly CafObjective[] = [
  {
    code: "A",
    title: "Managing security risk",
    principles: [
      principle("A1", "Governance", [
        ["a", "Board direction"],
        ["b", "Roles and responsibilities"],
        ["c", "Decision-making"],
      ]),
      principle("A2", "Risk management", [
        ["a", "Risk management process"],
        ["b", "Assurance"],
      ]),
      principle("A3", "Asset management", [["a", "Asset management"]]),
      principle("A4", "Supply chain", [["a", "Supply chain"]]),
    ],
  },
  {
    code: "B",
    title: "Protecting against cyber attack",
    principles: [
      principle("B1", "Service protection policies, processes and procedures", [
        ["a", "Policy, process and procedure development"],
        ["b", "Policy, process and procedure implementation"],
      ]),
      principle("B2", "Identity and access control", [
        ["a", "Identity verification, authentication and authorisation"],
        ["b", "Device management"],
        ["c", "Privileged user management"],
        ["d", "Identity and access management"],
      ]),
      principle("B3", "Data security", [
        ["a", "Understanding data"],
        ["b", "Data in transit"],
        ["c", "Stored data"],
        ["d", "Mobile data"],
        ["e", "Media and equipment sanitisation"],
      ]),
      principle("B4", "System security", [
        ["a", "Secure by design"],
        ["b", "Secure configuration"],
        ["c", "Secure management"],
        ["d", "Vulnerability management"],
      ]),
      principle("B5", "Resilient networks and systems", [
        ["a", "Resilience preparation"],
        ["b", "Design for resilience"],
        ["c", "Backups"],
      ]),
      principle("B6", "Staff awareness and training", [
        ["a", "Cyber security culture"],
        ["b", "Cyber security training"],
      ]),
    ],
  },
  {
    code: "C",
    title: "Detecting cyber security events",
    principles: [
      principle("C1", "Security monitoring", [
        ["a", "Monitoring coverage"],
        ["b", "Securing logs"],
        ["c", "Generating alerts"],
        ["d", "Identifying security incidents"],
        ["e", "Monitoring tools and skills"],
      ]),
      principle("C2", "Proactive security event discovery", [
        ["a", "System abnormalities for attack detection"],
        ["b", "Proactive attack discovery"],
      ]),
    ],
  },
  {
    code: "D",
    title: "Minimising the impact of cyber security incidents",
    principles: [
      principle("D1", "Response and recovery planning", [
        ["a", "Response plan"],
        ["b", "Response and recovery capability"],
        ["c", "Testing and exercising"],
      ]),
      principle("D2", "Lessons learned", [
        ["a", "Incident root cause analysis"],
        ["b", "Using incidents to drive improvements"],
      ]),
    ],
  },
  {
    // The DSPT's objective, not the NCSC's: see the note at the top of this file for what is (not yet) here.
    code: "E",
    title: "Using and sharing information appropriately",
    principles: [
      principle("E1", "Transparency", [["a", "Privacy information"]]),
      principle("E3", "Using and sharing information", [
        ["a", "Using and sharing information for direct care"],
      ]),
      principle("E4", "Records management", [["a", "Managing records"]]),
    ],
  },
];

export interface WgllPillar {
  /** Stable across the years' renamings (the ids the questionnaires' theme references already use). */
  code: string;
  /** The name in NHS England's current Digital Maturity Assessment. */
  title: string;
  /** Earlier names that a mapping may still use (What Good Looks Like, 2021). */
  formerTitles: readonly string[];
}

export const wgllPillars: readonly WgllPillar[] = [
  { code: "well-led", title: "Well led", formerTitles: [] },
  { code: "smart-foundations", title: "Ensure smart foundations", formerTitles: [] },
  { code: "safe-practice", title: "Safe practice", formerTitles: [] },
  { code: "support-workforce", title: "Support workforce", formerTitles: ["Support people"] },
  { code: "empower-people", title: "Empower people", formerTitles: ["Empower citizens"] },
  { code: "improve-care", title: "Improve care", formerTitles: [] },
  { code: "healthy-populations", title: "Healthy populations", formerTitles: [] },
];

export const cafPrinciples: readonly CafPrinciple[] = cafObjectives.flatMap((o) => o.principles);
export const cafOutcomes: readonly CafOutcome[] = cafPrinciples.flatMap((p) => p.outcomes);

const titles = new Map<string, readonly string[]>([
  ...cafOutcomes.map((o) => [`caf ${o.code}`, [o.title]] as const),
  ...wgllPillars.map((p) => [`wgll ${p.code}`, [p.title, ...p.formerTitles]] as const),
]);

/** Whether a code names an outcome of the framework: a CAF contributing outcome ("B4.a") or a WGLL pillar. */
export const isOutcomeCode = (framework: FrameworkId, code: string) => titles.has(`${framework} ${code}`);

/** The titles a mapping to the outcome may give (a pillar's current and former names); empty when unknown. */
export const outcomeTitles = (framework: FrameworkId, code: string): readonly string[] =>
  titles.get(`${framework} ${code}`) ?? [];

/** An outcome's current title, for pages and CSVs. */
export const outcomeTitle = (framework: FrameworkId, code: string): string | undefined =>
  outcomeTitles(framework, code)[0];
