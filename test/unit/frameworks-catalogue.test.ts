import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  cafObjectives,
  cafOutcomes,
  cafPrinciples,
  isOutcomeCode,
  outcomeTitles,
  wgllPillars,
} from "../../app/frameworks/catalogue";
import { checkQuestionnaireText, type Problem } from "../../app/questionnaire/check";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixture = readFileSync(
  join(root, "test/fixtures/questionnaires/library/fixture-check/v1.yaml"),
  "utf8",
);

describe("the outcome catalogue", () => {
  it("has the CAF's four objectives and 14 principles, and the DSPT's objective E, each principle with its outcomes", () => {
    expect(cafObjectives.map((o) => o.code)).toEqual(["A", "B", "C", "D", "E"]);
    expect(cafPrinciples.map((p) => p.code)).toEqual([
      ...["A1", "A2", "A3", "A4"],
      ...["B1", "B2", "B3", "B4", "B5", "B6"],
      ...["C1", "C2", "D1", "D2"],
      // Objective E: only the principles verified against NHS England's DSPT guidance (see the catalogue).
      ...["E1", "E3", "E4"],
    ]);
    for (const objective of cafObjectives)
      for (const principle of objective.principles) {
        expect(principle.code.startsWith(objective.code)).toBe(true);
        expect(principle.outcomes.length).toBeGreaterThan(0);
        for (const [i, outcome] of principle.outcomes.entries())
          expect(outcome.code).toBe(`${principle.code}.${"abcde"[i]}`);
      }
  });

  it("has CAF 3.2's 39 contributing outcomes and the 3 verified of objective E, codes unique, every one titled", () => {
    expect(cafOutcomes).toHaveLength(42);
    expect(new Set(cafOutcomes.map((o) => o.code)).size).toBe(42);
    expect(cafOutcomes.filter((o) => !o.code.startsWith("E"))).toHaveLength(39);
    for (const o of [...cafObjectives, ...cafPrinciples, ...cafOutcomes]) expect(o.title.trim()).not.toBe("");
    expect(outcomeTitles("caf", "B4.d")).toEqual(["Vulnerability management"]);
    expect(outcomeTitles("caf", "B3.e")).toEqual(["Media and equipment sanitisation"]);
    // As NHS England's 2024-25 CAF-aligned DSPT guidance names them.
    expect(cafObjectives.at(-1)?.title).toBe("Using and sharing information appropriately");
    expect(cafOutcomes.filter((o) => o.code.startsWith("E"))).toEqual([
      { code: "E1.a", title: "Privacy information" },
      { code: "E3.a", title: "Using and sharing information for direct care" },
      { code: "E4.a", title: "Managing records" },
    ]);
  });

  it("has the seven What Good Looks Like pillars, with their former names", () => {
    expect(wgllPillars.map((p) => p.code)).toEqual([
      "well-led",
      "smart-foundations",
      "safe-practice",
      "support-workforce",
      "empower-people",
      "improve-care",
      "healthy-populations",
    ]);
    expect(outcomeTitles("wgll", "support-workforce")).toEqual(["Support workforce", "Support people"]);
    expect(outcomeTitles("wgll", "empower-people")).toEqual(["Empower people", "Empower citizens"]);
  });

  it("tells outcome codes from anything else, by framework", () => {
    expect(isOutcomeCode("caf", "B4.a")).toBe(true);
    expect(isOutcomeCode("caf", "B4")).toBe(false);
    expect(isOutcomeCode("caf", "B4.f")).toBe(false);
    expect(isOutcomeCode("caf", "E1.a")).toBe(true);
    expect(isOutcomeCode("caf", "E2.a")).toBe(false); // not verified, so not in the catalogue
    expect(isOutcomeCode("caf", "F1.a")).toBe(false);
    expect(isOutcomeCode("caf", "well-led")).toBe(false);
    expect(isOutcomeCode("wgll", "well-led")).toBe(true);
    expect(isOutcomeCode("wgll", "B4.a")).toBe(false);
    expect(isOutcomeCode("caf", "__proto__")).toBe(false);
  });
});

describe("mappings in a questionnaire file", () => {
  const at = "      - id: cyber-backup\n";
  const withMappings = (...lines: string[]) =>
    fixture.replace(at, `${at}        mappings:\n${lines.map((l) => `          - ${l}\n`).join("")}`);
  const problems = (text: string): Problem[] => {
    const result = checkQuestionnaireText(text);
    return result.ok ? [] : result.problems;
  };
  const path = (i: number, field: string) => `themes[1].questions[0].mappings[${i}].${field}`;

  it("accepts codes and titles from the catalogue, including a pillar's former name", () => {
    expect(fixture.split(at)).toHaveLength(2);
    const text = withMappings(
      '{ framework: caf, code: B5.c, title: "Backups" }',
      '{ framework: wgll, code: smart-foundations, title: "Ensure smart foundations" }',
      '{ framework: wgll, code: support-workforce, title: "Support people" }',
    );
    const result = checkQuestionnaireText(text);
    expect(result.ok && result.questionnaire.themes[1]?.questions[0]?.mappings).toEqual([
      { framework: "caf", code: "B5.c", title: "Backups" },
      { framework: "wgll", code: "smart-foundations", title: "Ensure smart foundations" },
      { framework: "wgll", code: "support-workforce", title: "Support people" },
    ]);
  });

  it("refuses an unknown code, naming the framework", () => {
    expect(problems(withMappings('{ framework: caf, code: B5.d, title: "Backups" }'))).toEqual([
      {
        path: path(0, "code"),
        message: '"B5.d" is not a CAF contributing outcome (see app/frameworks/catalogue.ts)',
      },
    ]);
    expect(
      problems(withMappings('{ framework: caf, code: B5, title: "Resilient networks and systems" }')),
    ).toEqual([
      {
        path: path(0, "code"),
        message: '"B5" is not a CAF contributing outcome (see app/frameworks/catalogue.ts)',
      },
    ]);
    expect(problems(withMappings('{ framework: wgll, code: B5.c, title: "Backups" }'))[0]?.message).toBe(
      '"B5.c" is not a What Good Looks Like pillar (see app/frameworks/catalogue.ts)',
    );
  });

  it("refuses a title that does not match the catalogue, giving the right one", () => {
    expect(problems(withMappings('{ framework: caf, code: B5.c, title: "Back-ups" }'))).toEqual([
      { path: path(0, "title"), message: 'B5.c is "Backups", not "Back-ups"' },
    ]);
    expect(
      problems(withMappings('{ framework: wgll, code: empower-people, title: "Empower patients" }')),
    ).toEqual([
      {
        path: path(0, "title"),
        message: 'empower-people is "Empower people" or "Empower citizens", not "Empower patients"',
      },
    ]);
  });

  it("refuses the same outcome twice, an unknown framework and a missing title", () => {
    expect(
      problems(
        withMappings(
          '{ framework: caf, code: B5.c, title: "Backups" }',
          '{ framework: caf, code: B5.c, title: "Backups" }',
        ),
      ),
    ).toEqual([{ path: path(1, "code"), message: "B5.c is mapped twice" }]);
    expect(problems(withMappings('{ framework: dspt, code: B5.c, title: "Backups" }'))[0]?.path).toBe(
      path(0, "framework"),
    );
    expect(problems(withMappings("{ framework: caf, code: B5.c }"))[0]?.path).toBe(path(0, "title"));
  });
});
