import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Answer } from "../../app/assessment/answers";
import {
  findingOf,
  frameworkCsvRows,
  frameworkView,
  outcomeStatus,
  type OutcomeStatus,
} from "../../app/frameworks/crosswalk";
import { checkQuestionnaireText } from "../../app/questionnaire/check";
import type { Questionnaire } from "../../app/questionnaire/schema";
import { statusWords } from "../../app/content/frameworks";

const root = fileURLToPath(new URL("../..", import.meta.url));
function read(path: string): Questionnaire {
  const result = checkQuestionnaireText(readFileSync(join(root, path), "utf8"));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.questionnaire;
}
const core = read("questionnaires/core-digital-maturity/v3.yaml");
const question = (id: string) => core.themes.flatMap((t) => t.questions).find((q) => q.id === id)!;
const answer = (
  questionId: string,
  value: Answer["value"],
  notApplicableReason: string | null = null,
): Answer => ({
  questionId,
  value,
  notApplicableReason,
  evidence: "",
  evidenceLinks: [],
});

describe("what one answer says about an outcome (docs/scoring.md §12)", () => {
  it.each([
    ["cyber-patching", 3, "achieved", 100],
    ["cyber-patching", 2, "partially-achieved", 50],
    ["cyber-patching", 1, "not-achieved", 0],
    ["safety-downtime", 5, "achieved", 100],
    ["safety-downtime", 4, "achieved", 75],
    ["safety-downtime", 3, "partially-achieved", 50],
    ["safety-downtime", 2, "not-achieved", 25],
    ["safety-downtime", 1, "not-achieved", 0],
    ["citizen-nhs-login", "yes", "achieved", 100],
    ["citizen-nhs-login", "no", "not-achieved", 0],
    ["paperless-fax-in-use", "yes", "not-achieved", 0],
    ["paperless-observations-beds", 80, "not-rated", null],
    ["paperless-epr-convergence-plan", "EPR by 2027", "not-rated", null],
  ] as const)("%s answered %s: %s", (id, value, finding, score) => {
    expect(findingOf(question(id), core, answer(id, value))).toEqual({ finding, value: score });
  });

  it("a checklist by its shares", () => {
    const q = question("interop-procurement-standards");
    if (q.type !== "checklist") throw new Error("expected a checklist");
    const all = q.items.map((i) => i.id);
    expect(findingOf(q, core, answer(q.id, all)).finding).toBe("achieved");
    expect(findingOf(q, core, answer(q.id, [])).finding).toBe("not-achieved");
  });

  it("does not apply, not answered and no answer at all", () => {
    const q = question("safety-downtime");
    expect(findingOf(q, core, answer(q.id, null, "No clinical systems"))).toEqual({
      finding: "not-applicable",
      value: null,
    });
    expect(findingOf(q, core, answer(q.id, null))).toEqual({ finding: "not-answered", value: null });
    expect(findingOf(q, core, undefined)).toEqual({ finding: "not-answered", value: null });
  });
});

describe("how rated answers combine", () => {
  it.each<[number[], OutcomeStatus, OutcomeStatus]>([
    [[], "not-assessed", "not-assessed"],
    [[100], "achieved", "achieved"],
    [[75], "achieved", "achieved"],
    [[74.9], "partially-achieved", "partially-achieved"],
    [[50], "partially-achieved", "partially-achieved"],
    [[49.9], "not-achieved", "not-achieved"],
    [[100, 50], "partially-achieved", "achieved"],
    [[100, 0], "not-achieved", "partially-achieved"],
    [[100, 100, 0], "not-achieved", "partially-achieved"],
    [[25, 50], "not-achieved", "not-achieved"],
    [[75, 25], "not-achieved", "partially-achieved"],
  ])("%j: CAF (lowest) %s, WGLL (mean) %s", (values, lowest, mean) => {
    expect(outcomeStatus(values, "lowest")).toBe(lowest);
    expect(outcomeStatus(values, "mean")).toBe(mean);
  });

  it.each<[number[], OutcomeStatus, OutcomeStatus]>([
    [[], "not-assessed", "not-assessed"],
    [[100], "not-assessed", "achieved"],
    [[50], "not-assessed", "partially-achieved"],
    [[100, 50], "not-assessed", "achieved"],
    [[25], "not-achieved", "not-achieved"],
    [[100, 0], "not-achieved", "partially-achieved"],
  ])(
    "%j with a mapped question still unanswered: CAF %s (the weakest is not known yet), WGLL %s",
    (values, lowest, mean) => {
      expect(outcomeStatus(values, "lowest", 1)).toBe(lowest);
      expect(outcomeStatus(values, "mean", 1)).toBe(mean);
    },
  );
});

describe("the framework view of a set of answers", () => {
  const outcome = (view: ReturnType<typeof frameworkView>, code: string) =>
    view.outcomes.find((o) => o.code === code)!;

  it("lists every CAF outcome, not assessed when nothing mapped is answered", () => {
    const view = frameworkView("caf", core, "acute", new Map());
    expect(view.outcomes).toHaveLength(42);
    expect(view.counts).toEqual({
      achieved: 0,
      "partially-achieved": 0,
      "not-achieved": 0,
      "not-assessed": 42,
    });
    expect(outcome(view, "B5.a").answers.map((a) => [a.questionId, a.finding])).toEqual([
      ["cyber-backup-recovery", "not-answered"],
      ["safety-downtime", "not-answered"],
    ]);
    // Not shown to an acute trust: the ambulance dispatch question.
    expect(outcome(view, "B5.a").answers.some((a) => a.questionId.includes("ambulance"))).toBe(false);
    expect(outcome(view, "C1.d").answers).toEqual([]);
  });

  it("takes the weakest mapped answer for a CAF outcome, and leaves out answers that do not apply", () => {
    const answers = new Map([
      ["cyber-backup-recovery", answer("cyber-backup-recovery", 3)],
      ["safety-downtime", answer("safety-downtime", 3)],
    ]);
    expect(outcome(frameworkView("caf", core, "acute", answers), "B5.a").status).toBe("partially-achieved");
    expect(outcome(frameworkView("caf", core, "acute", answers), "B5.c").status).toBe("achieved");
    answers.set("safety-downtime", answer("safety-downtime", null, "We have no clinical systems of our own"));
    const view = frameworkView("caf", core, "acute", answers);
    expect(outcome(view, "B5.a").status).toBe("achieved");
    expect(outcome(view, "B5.a").answers.map((a) => a.finding)).toEqual(["achieved", "not-applicable"]);
    answers.set("cyber-backup-recovery", answer("cyber-backup-recovery", null, "Hosted by our ICB"));
    expect(outcome(frameworkView("caf", core, "acute", answers), "B5.a").status).toBe("not-assessed");
  });

  it("does not call a CAF outcome achieved while a question that bears on it is unanswered", () => {
    const answers = new Map([["safety-downtime", answer("safety-downtime", 4)]]);
    let view = frameworkView("caf", core, "acute", answers);
    expect(outcome(view, "B5.a").status).toBe("not-assessed"); // cyber-backup-recovery not answered yet
    expect(outcome(view, "B5.a").answers.map((a) => a.finding)).toEqual(["not-answered", "achieved"]);
    answers.set("safety-downtime", answer("safety-downtime", 2));
    view = frameworkView("caf", core, "acute", answers);
    expect(outcome(view, "B5.a").status).toBe("not-achieved"); // whatever the backup answer will be
    // A pillar averages what is answered, as a theme's score does.
    expect(outcome(frameworkView("wgll", core, "acute", answers), "safe-practice").status).toBe(
      "not-achieved",
    );
  });

  it("averages a WGLL pillar's answers, carrying each answer's words and evidence", () => {
    const answers = new Map([
      [
        "productivity-benefits",
        {
          ...answer("productivity-benefits", 5),
          evidence: "Benefits register",
          evidenceLinks: ["https://example.org/b"],
        },
      ],
      ["lead-clinical-informatics-roles", answer("lead-clinical-informatics-roles", 2)],
    ]);
    const view = frameworkView("wgll", core, "acute", answers);
    expect(view.outcomes).toHaveLength(7);
    const wellLed = outcome(view, "well-led");
    expect(wellLed.status).toBe("partially-achieved"); // (100 + 25) / 2 = 62.5
    expect(wellLed.answers.find((a) => a.questionId === "productivity-benefits")).toMatchObject({
      answer: "5 – Optimising",
      evidence: "Benefits register",
      evidenceLinks: ["https://example.org/b"],
      themeId: "mission-productivity",
    });
    const csv = frameworkCsvRows(view, { odsCode: "RXX", cycle: "2026/27" }, statusWords);
    expect(csv[0]).toBe(
      "ods_code,cycle,pillar_code,pillar,status,question_id,question,answer,finding,evidence,evidence_links,library_cited,library_tagged",
    );
    expect(csv).toContain(
      "RXX,2026/27,well-led,Well led,Partially achieved,productivity-benefits,How do you plan and track the benefits of digital investment?,5 – Optimising,Achieved,Benefits register,https://example.org/b,,",
    );
    // The library beside the view: items an answer cites on its row, items tagged with the pillar on each of its rows.
    const withLibrary = frameworkCsvRows(view, { odsCode: "RXX", cycle: "2026/27" }, statusWords, {
      cited: {
        "productivity-benefits": [
          { title: "Benefits register 2026", href: "/x/1", reviewBy: "2026-01-31", status: "expired" },
          { title: "Board paper", href: "/x/2", reviewBy: "2027-06-30", status: "current" },
        ],
      },
      tagged: {
        "well-led": [{ title: "Annual report", href: "/x/3", reviewBy: "2026-12-01", status: "due" }],
      },
    });
    const benefits = withLibrary.find((r) => r.includes(",productivity-benefits,"))!;
    expect(
      benefits.endsWith(
        ',"Benefits register 2026; review by 2026-01-31; Expired\nBoard paper; review by 2027-06-30; Current",Annual report; review by 2026-12-01; Due for review',
      ),
    ).toBe(true);
    const wellLedRows = withLibrary.filter((r) => r.startsWith("RXX,2026/27,well-led,"));
    expect(wellLedRows.length).toBeGreaterThan(1);
    for (const row of wellLedRows)
      expect(row).toContain("Annual report; review by 2026-12-01; Due for review");
    expect(withLibrary.filter((r) => r.includes("Annual report"))).toEqual(wellLedRows);
  });
});
