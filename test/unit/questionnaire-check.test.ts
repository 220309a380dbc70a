import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  checkQuestionnaire,
  checkQuestionnaireText,
  formatPath,
  lineageProblems,
  type Problem,
} from "../../app/questionnaire/check";
import { readQuestionnaireFiles } from "../../app/models/questionnaire.server";
import type { Question, Questionnaire } from "../../app/questionnaire/schema";

const root = fileURLToPath(new URL("../..", import.meta.url));
const realDir = join(root, "questionnaires");
const libraryDir = join(root, "test/fixtures/questionnaires/library");
/** A small questionnaire that passes the check; each test below gives it exactly one defect. */
const base = readFileSync(join(libraryDir, "fixture-check/v1.yaml"), "utf8");
const baseV2 = readFileSync(join(libraryDir, "fixture-check/v2.yaml"), "utf8");

/** Replaces text that occurs exactly once, so a fixture edit cannot silently miss or hit twice. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    throw new Error(`Expected exactly one ${JSON.stringify(from)} in the fixture`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function problems(text: string): Problem[] {
  const result = checkQuestionnaireText(text);
  return result.ok ? [] : result.problems;
}

function parsed(text: string): Questionnaire {
  const result = checkQuestionnaireText(text);
  if (!result.ok) throw new Error(`Fixture does not pass the check: ${JSON.stringify(result.problems)}`);
  return result.questionnaire;
}

/** The 1-based line of the first occurrence of `needle`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;

describe("the real questionnaires", () => {
  const files = readQuestionnaireFiles(realDir);

  it("finds every file", () => {
    expect(files.map((f) => f.file.replaceAll("\\", "/").replace(/^.*questionnaires\//, ""))).toEqual([
      "board-digital-leadership/v1.yaml",
      "board-digital-leadership/v2.yaml",
      "board-digital-leadership/v3.yaml",
      "core-digital-maturity/v1.yaml",
      "core-digital-maturity/v2.yaml",
      "core-digital-maturity/v3.yaml",
      "core-digital-maturity/v4.yaml",
      "icb-digital-maturity/v1.yaml",
      "icb-digital-maturity/v2.yaml",
    ]);
  });

  it("the new versions pass the check under wording rules 2, with lineage equivalent or changed (never reworded)", () => {
    for (const name of [
      "core-digital-maturity/v4.yaml",
      "board-digital-leadership/v3.yaml",
      "icb-digital-maturity/v2.yaml",
    ]) {
      const file = files.find((f) => f.file.endsWith(name));
      expect(file?.problems, name).toEqual([]);
      expect(file?.warnings, name).toEqual([]);
      expect(file?.superseded, name).toBe(false);
      expect(file?.questionnaire?.wordingRules, name).toBe(2);
      for (const t of file!.questionnaire!.themes)
        for (const question of t.questions) expect(question.lineage?.change).not.toBe("reworded");
    }
  });

  it("core v2 (frozen) passes the check with no wording warnings, and its lineage reaches v1", () => {
    const v2 = files.find((f) => f.file.endsWith("core-digital-maturity/v2.yaml"));
    expect(v2?.problems).toEqual([]);
    expect(v2?.warnings).toEqual([]);
    expect(v2?.superseded).toBe(true); // v3 follows it
    const v1 = files.find((f) => f.file.endsWith("core-digital-maturity/v1.yaml"));
    expect(v1?.superseded).toBe(true);
    const q = v2!.questionnaire!;
    expect(q).toMatchObject({ version: 2, previousVersion: 1, status: "published" });
    const before = new Set(v1!.questionnaire!.themes.flatMap((t) => t.questions.map((x) => x.id)));
    for (const t of q.themes)
      for (const question of t.questions) {
        expect(question.lineage, question.id).toBeDefined();
        if (question.lineage?.change !== "new")
          expect(before.has(question.lineage?.from ?? question.id), question.id).toBe(true);
      }
    // Theme ids are what reports compare across versions: v2 keeps every v1 theme.
    expect(q.themes.map((t) => t.id)).toEqual(v1!.questionnaire!.themes.map((t) => t.id));
  });

  it.each(["board-digital-leadership", "core-digital-maturity"])("%s v1 passes the check", (id) => {
    const text = readFileSync(join(realDir, id, "v1.yaml"), "utf8");
    const result = checkQuestionnaireText(text);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.questionnaire).toMatchObject({ id, version: 1, status: "published" });
    const file = files.find((f) => f.questionnaire?.id === id);
    expect(file?.problems).toEqual([]);
  });
});

describe("the fixture", () => {
  it("passes the check, as do both versions read as a library", () => {
    expect(problems(base)).toEqual([]);
    expect(problems(baseV2)).toEqual([]);
    expect(readQuestionnaireFiles(libraryDir).map((f) => f.problems)).toEqual([[], []]);
  });

  it("fills in defaults", () => {
    const q = parsed(base);
    expect(q.scoring.minimumCoverage).toBe(0.5);
    expect(q.retiredQuestions).toEqual([]);
    const question = q.themes[0]?.questions[0];
    expect(question).toMatchObject({
      weight: 1,
      required: true,
      notApplicableAllowed: false,
      frameworks: [],
    });
    expect(q.themes[0]?.questions[3]).toMatchObject({ type: "text", maxLength: 1000, required: false });
  });
});

describe("wording warnings", () => {
  const warningsOf = (text: string) => {
    const result = checkQuestionnaireText(text);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.warnings;
  };
  const shortfalls = (text: string) =>
    warningsOf(text).filter((w) => w.kind === "shortfall-in-included-level");
  const level2 = "descriptor: The electronic record is the legal record in some services.";

  it("flags a shortfall in a level that a higher level includes", () => {
    expect(shortfalls(base)).toEqual([]);
    const text = edit(base, level2, `${level2} Other services still use paper.`);
    expect(shortfalls(text)).toEqual([
      expect.objectContaining({
        path: "themes[0].questions[0].levels[1].descriptor",
        kind: "shortfall-in-included-level",
        message: expect.stringContaining('"still" describes a shortfall, but level 3 includes this level'),
      }),
    ]);
  });

  it("follows an outcome scale's labels (All of Partially achieved)", () => {
    const text = edit(
      base,
      "descriptor: Every critical system is backed up offline.",
      "descriptor: Every critical system is backed up, mostly online.",
    );
    expect(shortfalls(text).map((w) => w.path)).toEqual(["themes[1].questions[0].levels[1].descriptor"]);
  });

  it("leaves shortfalls alone where no level includes them, and in the top level", () => {
    const text = edit(
      base,
      "descriptor: All of level 4, and no workflow depends on paper.",
      "descriptor: All of level 4, and paper is used only in downtime.",
    );
    expect(shortfalls(text)).toEqual([]);
  });

  it("can be silenced on one descriptor", () => {
    const text = edit(
      base,
      `            ${level2}
`,
      `            ${level2} Other services still use paper.
            silence: [shortfall-in-included-level]
`,
    );
    expect(shortfalls(text)).toEqual([]);
    expect(warningsOf(text).some((w) => w.path === "themes[0].questions[0].levels[1].descriptor")).toBe(true);
  });

  it("flags vague thresholds, also silenceable", () => {
    const vague = warningsOf(base).filter((w) => w.kind === "vague-threshold");
    expect(vague.map((w) => w.path)).toContain("themes[0].questions[0].levels[1].descriptor");
    const text = edit(
      base,
      `            ${level2}
`,
      `            ${level2}
            silence: [vague-threshold]
`,
    );
    expect(warningsOf(text).map((w) => w.path)).not.toContain("themes[0].questions[0].levels[1].descriptor");
  });

  it("never stops a file from passing", () => {
    const text = edit(base, level2, `${level2} Other services still use paper.`);
    expect(checkQuestionnaireText(text).ok).toBe(true);
  });
});

describe("formatPath", () => {
  it("writes paths the way an author reads the file", () => {
    expect(formatPath(["themes", 3, "questions", 2, "levels", 4, "descriptor"])).toBe(
      "themes[3].questions[2].levels[4].descriptor",
    );
    expect(formatPath(["scoring", "levelScale"])).toBe("scoring.levelScale");
    expect(formatPath([])).toBe("(top level)");
  });
});

describe("schema problems", () => {
  it("reports an empty descriptor deep in the tree at its exact path", () => {
    const text = edit(base, "descriptor: All of level 2, and most notes are electronic.", 'descriptor: ""');
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[1].levels[2].descriptor", message: "Required" },
    ]);
  });

  it("treats a descriptor of spaces as empty", () => {
    const text = edit(
      base,
      "descriptor: All of level 2, and most notes are electronic.",
      'descriptor: "   "',
    );
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[1].levels[2].descriptor", message: "Required" },
    ]);
  });

  it("reports an unknown key in a question (objects are strict)", () => {
    const text = edit(
      base,
      "        scale: maturity\n        text: How much",
      "        scale: maturity\n        hint: x\n        text: How much",
    );
    expect(problems(text)).toEqual([{ path: "themes[0].questions[0]", message: 'Unrecognized key: "hint"' }]);
  });

  it("reports a misspelt key in a level descriptor", () => {
    const text = edit(
      base,
      "            descriptor: All of level 4, and no workflow depends on paper.\n",
      "            descriptor: All of level 4, and no workflow depends on paper.\n            nextstep: Keep it up.\n",
    );
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[0].levels[4]", message: 'Unrecognized key: "nextstep"' },
    ]);
  });

  it("reports an id that is not lower-case and hyphenated", () => {
    const text = edit(base, "      - id: cyber-backup\n", "      - id: Cyber_Backup\n");
    expect(problems(text)).toEqual([
      {
        path: "themes[1].questions[0].id",
        message: "Use lower-case letters, digits and single hyphens (for example paperless-records)",
      },
    ]);
  });

  it("reports an unknown question type and lists the known ones", () => {
    const text = edit(base, "        type: yes-no\n", "        type: yesno\n");
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe("themes[0].questions[2].type");
    expect(found[0]?.message).toContain("'yes-no'");
  });

  it("reports an unknown care setting", () => {
    const text = edit(base, "careSettings: [acute, community]", "careSettings: [acute, hospital]");
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe("careSettings[1]");
    expect(found[0]?.message).toContain('"mental-health"');
  });

  it("reports a problem with the whole file at a path an author can read", () => {
    // formatPath([]) is "", so the CLI prints `<file>: : Unrecognized key: "titel"`.
    const found = problems(
      edit(base, "title: Fixture check\n", "title: Fixture check\ntitel: Fixture check\n"),
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toBe('Unrecognized key: "titel"');
    expect(found[0]?.path).not.toBe("");
  });
});

describe("YAML problems", () => {
  it("reports an unquoted colon in a value with its line", () => {
    const line = '        evidencePrompt: "For example: the roll-out plan."';
    const text = edit(base, line, "        evidencePrompt: For example: the roll-out plan.");
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe(`line ${lineOf(base, line)}`);
    expect(found[0]?.message).toMatch(/^Nested mappings are not allowed in compact mappings/);
  });

  it("reports a key given twice with its line", () => {
    const text = edit(
      base,
      "scoring:\n  method: weighted-mean\n",
      "scoring:\n  method: weighted-mean\n  method: gated\n",
    );
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe(`line ${lineOf(text, "  method: gated")}`);
    expect(found[0]?.message).toMatch(/^Map keys must be unique/);
  });
});

describe("reference problems", () => {
  it("reports a duplicate question id in the same theme", () => {
    const text = edit(base, "      - id: records-noting\n", "      - id: records-coverage\n");
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[1].id", message: 'Duplicate question id "records-coverage"' },
    ]);
  });

  it("reports a duplicate question id across themes", () => {
    const text = edit(base, "      - id: cyber-backup\n", "      - id: records-noting\n");
    expect(problems(text)).toEqual([
      { path: "themes[1].questions[0].id", message: 'Duplicate question id "records-noting"' },
    ]);
  });

  it("reports a duplicate theme id", () => {
    const text = edit(base, "  - id: cyber\n", "  - id: records\n");
    expect(problems(text)).toEqual([{ path: "themes[1].id", message: 'Duplicate theme id "records"' }]);
  });

  it("reports an unknown scale", () => {
    const text = edit(
      base,
      "        scale: maturity\n        text: How are clinical notes recorded?",
      "        scale: maturty\n        text: How are clinical notes recorded?",
    );
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[1].scale", message: 'Unknown scale "maturty"' },
    ]);
  });

  it("reports a scale of the wrong kind", () => {
    const text = edit(
      base,
      "        scale: maturity\n        text: How are clinical notes recorded?",
      "        scale: caf-outcome\n        text: How are clinical notes recorded?",
    );
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[1].scale", message: "A level question needs a scale of kind level" },
    ]);
  });

  it("reports an unknown or outcome scale as the level scale", () => {
    expect(problems(edit(base, "  levelScale: maturity", "  levelScale: maturities"))).toEqual([
      { path: "scoring.levelScale", message: 'Unknown scale "maturities"' },
    ]);
    expect(problems(edit(base, "  levelScale: maturity", "  levelScale: caf-outcome"))).toEqual([
      { path: "scoring.levelScale", message: "The level scale must be a scale of kind level" },
    ]);
  });

  it("reports scale scores that go down", () => {
    const text = edit(
      base,
      '{ value: 3, label: "3 – Established", score: 50 }',
      '{ value: 3, label: "3 – Established", score: 20 }',
    );
    expect(problems(text)).toEqual([
      { path: "scales[0].levels[2].score", message: "Scores must not go down as levels go up" },
    ]);
  });

  it("reports a level of the scale that has no descriptor", () => {
    const text = edit(
      base,
      "          - level: 4\n            descriptor: All of level 3, and assessments are structured.\n            nextStep: Use the structured data for alerts.\n",
      "",
    );
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[1].levels", message: 'Level 4 ("4 – Embedded") has no descriptor' },
    ]);
  });

  it("reports a descriptor for a level the scale does not have", () => {
    const text = edit(
      base,
      "          - level: 3\n            descriptor: All of Partially achieved",
      "          - level: 4\n            descriptor: All of Partially achieved",
    );
    expect(problems(text)).toEqual([
      { path: "themes[1].questions[0].levels[2].level", message: 'Level 4 is not on scale "caf-outcome"' },
      {
        path: "themes[1].questions[0].levels[2].nextStep",
        message: "Give advice for reaching the next level",
      },
      { path: "themes[1].questions[0].levels", message: 'Level 3 ("Achieved") has no descriptor' },
    ]);
  });

  it("reports a missing nextStep below the top level, and needs none at the top", () => {
    const text = edit(base, "            nextStep: Roll out to the busiest services.\n", "");
    expect(problems(text)).toEqual([
      {
        path: "themes[0].questions[0].levels[1].nextStep",
        message: "Give advice for reaching the next level",
      },
    ]);
  });

  it("reports checklist shares that do not add up to 100", () => {
    const text = edit(
      base,
      "{ id: controls-edr, label: Endpoint detection and response, share: 20 }",
      "{ id: controls-edr, label: Endpoint detection and response, share: 10 }",
    );
    expect(problems(text)).toEqual([
      { path: "themes[1].questions[1].items", message: "Shares add up to 90, not 100" },
    ]);
  });

  it("accepts shares that add up to 100 with decimals", () => {
    const text = edit(
      edit(edit(base, "share: 50 }", "share: 33.3 }"), "share: 30 }", "share: 33.3 }"),
      "share: 20 }",
      "share: 33.4 }",
    );
    expect(problems(text)).toEqual([]);
  });

  it("reports a duplicate checklist item id", () => {
    const text = edit(base, "{ id: controls-edr,", "{ id: controls-mfa,");
    expect(problems(text)).toEqual([
      { path: "themes[1].questions[1].items[2].id", message: 'Duplicate item id "controls-mfa"' },
    ]);
  });

  it("refuses a checklist item with the id the answer form keeps for 'None of these'", () => {
    // app/assessment/answers.ts treats the answer "none" as "None of these" and removes it, so an item
    // with id "none" can never be recorded as in place.
    const found = problems(edit(base, "{ id: controls-edr,", "{ id: none,"));
    expect(found).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/^themes\[1\]\.questions\[1\]\.items\[2\]/) }),
    ]);
  });

  it("reports a number question whose max is below its min", () => {
    expect(
      problems(edit(base, "        min: 0\n        max: 100\n", "        min: 50\n        max: 10\n")),
    ).toEqual([{ path: "themes[0].questions[4].max", message: "max must not be less than min" }]);
  });

  it("reports a question care setting that is not one of the questionnaire's", () => {
    const text = edit(base, "        careSettings: [acute]\n", "        careSettings: [acute, ambulance]\n");
    expect(problems(text)).toEqual([
      {
        path: "themes[0].questions[4].careSettings[1]",
        message: '"ambulance" is not one of the questionnaire\'s care settings',
      },
    ]);
  });
});

describe("condition problems", () => {
  const faxCondition = '          - { question: records-fax, anyOf: ["yes"] }';

  it("reports a condition pointing forward", () => {
    const text = edit(base, faxCondition, "          - { question: cyber-controls, anyOf: [controls-mfa] }");
    expect(problems(text)).toEqual([
      {
        path: "themes[0].questions[3].showWhen[0].question",
        message: '"cyber-controls" comes later: conditions may only point at earlier questions',
      },
    ]);
  });

  it("reports a condition pointing at nothing", () => {
    const text = edit(base, faxCondition, '          - { question: records-facs, anyOf: ["yes"] }');
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[3].showWhen[0].question", message: 'There is no question "records-facs"' },
    ]);
  });

  it("reports a condition on the question itself", () => {
    const text = edit(base, faxCondition, '          - { question: records-fax-plan, anyOf: ["yes"] }');
    expect(problems(text)).toEqual([
      { path: "themes[0].questions[3].showWhen[0].question", message: "A question cannot depend on itself" },
    ]);
  });

  it("reports a yes-no condition value that is not an answer", () => {
    const text = edit(base, faxCondition, '          - { question: records-fax, anyOf: ["maybe"] }');
    expect(problems(text)).toEqual([
      {
        path: "themes[0].questions[3].showWhen[0].anyOf[0]",
        message: '"maybe" is not an answer of "records-fax" (answers: yes, no)',
      },
    ]);
  });

  it("reports a level condition value that is not on the scale, and a level written as text", () => {
    expect(problems(edit(base, "anyOf: [2, 3, 4, 5]", "anyOf: [2, 3, 4, 6]"))).toEqual([
      {
        path: "themes[0].questions[4].showWhen[0].anyOf[3]",
        message: '6 is not an answer of "records-coverage" (answers: 1, 2, 3, 4, 5)',
      },
    ]);
    expect(problems(edit(base, "anyOf: [2, 3, 4, 5]", 'anyOf: ["2", 3, 4, 5]'))).toEqual([
      {
        path: "themes[0].questions[4].showWhen[0].anyOf[0]",
        message: '"2" is not an answer of "records-coverage" (answers: 1, 2, 3, 4, 5)',
      },
    ]);
  });

  it("reports a checklist condition value that is not an item", () => {
    const text = edit(base, "anyOf: [controls-mfa]", "anyOf: [controls-2fa]");
    expect(problems(text)).toEqual([
      {
        path: "themes[1].questions[2].showWhen[0].anyOf[0]",
        message:
          '"controls-2fa" is not an answer of "cyber-controls" (answers: controls-mfa, controls-patching, controls-edr)',
      },
    ]);
  });

  it("reports a condition on a text question", () => {
    const text = edit(
      base,
      '{ question: records-fax, anyOf: ["no"] }',
      '{ question: records-fax-plan, anyOf: ["no"] }',
    );
    expect(problems(text)).toEqual([
      {
        path: "themes[1].questions[2].showWhen[1].question",
        message: "A text question cannot be a condition",
      },
    ]);
  });

  it("reports several conditions when one names more than one answer", () => {
    const text = edit(base, "anyOf: [controls-mfa]", "anyOf: [controls-mfa, controls-edr]");
    expect(problems(text)).toEqual([
      {
        path: "themes[1].questions[2].showWhen",
        message: "With more than one condition, each condition may name only one answer",
      },
    ]);
  });

  it("reports a condition on a question hidden from some of the care settings that see this one", () => {
    const text = edit(
      base,
      "      - id: records-coverage\n        type: level\n",
      "      - id: records-coverage\n        type: level\n        careSettings: [community]\n",
    );
    expect(problems(text)).toEqual([
      {
        path: "themes[0].questions[4].showWhen[0].question",
        message: '"records-coverage" is not shown to acute, so this question never would be',
      },
    ]);
  });

  it("accepts a condition on a question shown to every care setting that sees this one", () => {
    const text = edit(
      base,
      "      - id: records-coverage\n        type: level\n",
      "      - id: records-coverage\n        type: level\n        careSettings: [acute]\n",
    );
    expect(problems(text)).toEqual([]);
  });
});

describe("version problems", () => {
  it("reports a previousVersion that is not lower than the version", () => {
    const text = edit(base, "version: 1\n", "version: 1\npreviousVersion: 1\n");
    expect(problems(text)).toEqual([
      { path: "previousVersion", message: "previousVersion must be lower than version" },
    ]);
  });

  it("reports retired questions in a first version", () => {
    const text = edit(base, "version: 1\n", "version: 1\nretiredQuestions: [records-paper]\n");
    expect(problems(text)).toEqual([
      { path: "retiredQuestions", message: "Only a version with a previousVersion can retire questions" },
    ]);
  });
});

describe("lineageProblems", () => {
  const v1 = parsed(base);

  /** A version 2 of the fixture in which every question continues unchanged, then `change` applied. */
  function v2(change: (q: Questionnaire) => void = () => {}): Questionnaire {
    const next = structuredClone(v1);
    next.version = 2;
    next.previousVersion = 1;
    next.status = "draft";
    for (const theme of next.themes)
      for (const question of theme.questions) question.lineage = { change: "same" };
    change(next);
    const result = checkQuestionnaire(next);
    if (!result.ok)
      throw new Error(`v2 does not pass the check on its own: ${JSON.stringify(result.problems)}`);
    return result.questionnaire;
  }
  const question = (q: Questionnaire, id: string): Question => {
    const found = q.themes.flatMap((t) => t.questions).find((x) => x.id === id);
    if (!found) throw new Error(`No question ${id}`);
    return found;
  };

  it("accepts a correct v2: continued, reworded under a new id, new and retired questions", () => {
    expect(lineageProblems(v2(), v1)).toEqual([]);
    const next = v2((q) => {
      const noting = question(q, "records-noting");
      noting.id = "records-notes";
      noting.lineage = { from: "records-noting", change: "reworded" };
      q.themes[0]!.questions = q.themes[0]!.questions.filter((x) => x.id !== "records-fax-plan");
      q.retiredQuestions = ["records-fax-plan"];
      q.themes[1]!.questions.push({
        id: "cyber-phishing",
        type: "yes-no",
        text: "Do you run phishing exercises?",
        weight: 1,
        notApplicableAllowed: false,
        required: true,
        frameworks: [],
        lineage: { change: "new" },
      });
    });
    expect(lineageProblems(next, v1)).toEqual([]);
    expect(lineageProblems(parsed(baseV2), v1)).toEqual([]);
  });

  it("needs no lineage in a first version", () => {
    expect(lineageProblems(v1, undefined)).toEqual([]);
  });

  it("reports a missing previous version", () => {
    expect(lineageProblems(v2(), undefined)).toEqual([
      { path: "previousVersion", message: 'There is no version 1 of "fixture-check"' },
    ]);
  });

  it("reports a question without lineage (which also leaves its predecessor unaccounted for)", () => {
    const next = v2((q) => {
      delete question(q, "cyber-backup").lineage;
    });
    expect(lineageProblems(next, v1)).toEqual([
      {
        path: "themes[1].questions[0].lineage",
        message: "Say which question of the previous version this continues (or change: new)",
      },
      { path: "retiredQuestions", message: '"cyber-backup" of version 1 is neither continued nor retired' },
    ]);
  });

  it("reports lineage.from pointing at nothing", () => {
    const next = v2((q) => {
      const noting = question(q, "records-noting");
      noting.id = "records-notes";
      noting.lineage = { from: "records-notting", change: "reworded" };
    });
    expect(lineageProblems(next, v1)).toEqual([
      { path: "themes[0].questions[1].lineage.from", message: 'Version 1 has no question "records-notting"' },
      { path: "retiredQuestions", message: '"records-noting" of version 1 is neither continued nor retired' },
    ]);
  });

  it("reports a lineage without from whose id is new", () => {
    const next = v2((q) => {
      question(q, "records-noting").id = "records-notes";
    });
    expect(lineageProblems(next, v1)).toContainEqual({
      path: "themes[0].questions[1].lineage.from",
      message: 'Version 1 has no question "records-notes"',
    });
  });

  it("reports a v1 question that is neither continued nor retired", () => {
    const next = v2((q) => {
      q.themes[0]!.questions = q.themes[0]!.questions.filter((x) => x.id !== "records-fax-plan");
    });
    expect(lineageProblems(next, v1)).toEqual([
      {
        path: "retiredQuestions",
        message: '"records-fax-plan" of version 1 is neither continued nor retired',
      },
    ]);
  });

  it("reports a question both retired and continued", () => {
    const next = v2((q) => {
      q.retiredQuestions = ["records-fax"];
    });
    expect(lineageProblems(next, v1)).toEqual([
      { path: "retiredQuestions[0]", message: '"records-fax" is both continued and retired' },
    ]);
  });

  it("reports a retired question the previous version does not have", () => {
    const next = v2((q) => {
      q.retiredQuestions = ["records-paper"];
    });
    expect(lineageProblems(next, v1)).toEqual([
      { path: "retiredQuestions[0]", message: 'Version 1 has no question "records-paper"' },
    ]);
  });

  it("is applied by readQuestionnaireFiles between consecutive versions", () => {
    const dir = mkdtempSync(join(tmpdir(), "questionnaire-check-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(libraryDir, dir, { recursive: true });
    const file = join(dir, "fixture-check/v2.yaml");
    writeFileSync(
      file,
      edit(baseV2, "lineage: { from: records-noting, change: reworded }", "lineage: { change: reworded }"),
    );
    const [first, second] = readQuestionnaireFiles(dir);
    expect(first?.problems).toEqual([]);
    expect(second?.questionnaire?.version).toBe(2);
    expect(second?.problems).toEqual([
      { path: "themes[0].questions[1].lineage.from", message: 'Version 1 has no question "records-notes"' },
      { path: "retiredQuestions", message: '"records-noting" of version 1 is neither continued nor retired' },
    ]);
  });
});

describe("wording rules 2", () => {
  const base = (levels: { level: number; descriptor: string; nextStep?: string }[], extra = {}) => ({
    id: "rules-two",
    version: 1,
    title: "Rules two",
    description: "A test.",
    status: "draft",
    careSettings: ["acute"],
    cumulativeLevels: true,
    wordingRules: 2,
    ...extra,
    scales: [
      {
        id: "maturity",
        kind: "level",
        title: "Maturity",
        levels: [1, 2, 3, 4].map((value) => ({ value, label: `L${value}`, score: (value - 1) * 25 })),
      },
    ],
    scoring: { method: "weighted-mean", levelScale: "maturity" },
    themes: [
      {
        id: "t",
        title: "T",
        description: "T.",
        questions: [{ id: "q", type: "level", scale: "maturity", text: "Q?", levels }],
      },
    ],
  });
  const levels = (two: string, three = "Every ward does it.", four = "Reviewed every year.") => [
    { level: 1, descriptor: "Nothing.", nextStep: "Start." },
    { level: 2, descriptor: two, nextStep: "Go on." },
    { level: 3, descriptor: three, nextStep: "Go on." },
    { level: 4, descriptor: four },
  ];
  const kinds = (data: unknown) => {
    const r = checkQuestionnaire(data);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.warnings.map((w) => `${w.path} ${w.kind}`);
  };

  it("flags a limiting clause in a level that a higher level carries, with cumulative levels declared", () => {
    expect(kinds(base(levels("Images are sent on request. Clinicians cannot view them.")))).toEqual([
      "themes[0].questions[0].levels[1].descriptor limiting-clause-in-included-level",
    ]);
    expect(kinds(base(levels("Board discussion focuses on projects.")))).toHaveLength(1);
    // The top level is carried by nothing, and level 1 is never included.
    expect(
      kinds(
        base([
          { level: 1, descriptor: "Clinicians cannot view images.", nextStep: "x" },
          ...levels("Fine.").slice(1),
        ]),
      ),
    ).toEqual([]);
  });

  it("flags a vague word only where its clause gives no number", () => {
    expect(kinds(base(levels("Leavers are disabled promptly.")))).toEqual([
      "themes[0].questions[0].levels[1].descriptor vague-word",
    ]);
    expect(kinds(base(levels("Leavers are disabled promptly, within 5 working days.")))).toEqual([]);
    expect(kinds(base(levels("Fine.", "Every ward does it. Relevant staff are trained.")))).toEqual([
      "themes[0].questions[0].levels[2].descriptor vague-word",
    ]);
    // "Every" or "each" is not a number: "every major investment" says no more than "major investments".
    expect(kinds(base(levels("Every major investment has a benefit owner.")))).toEqual([
      "themes[0].questions[0].levels[1].descriptor vague-word",
    ]);
  });

  it("applies only to versions that declare wording rules 2 (older, frozen versions are exempt)", () => {
    const old = {
      ...base(levels("Sent on request, promptly.")),
      wordingRules: undefined,
      cumulativeLevels: undefined,
    };
    expect(kinds(old)).toEqual([]);
  });
});
