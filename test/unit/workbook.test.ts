import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerFieldsSchema } from "../../app/assessment/answers";
import type { Question } from "../../app/questionnaire/schema";
import {
  answerCell,
  columnLetter,
  fieldsFromCells,
  neutralised,
  unneutralised,
} from "../../app/workbook/layout";
import { identityProblem } from "../../app/workbook/preview";
import { checkWorkbookZip, notAWorkbook } from "../../app/workbook/zip";
import { coreQuestionnaire } from "../support/assessment";

// The workbook's pure parts: text neutralised against formulas and read back exactly, an answer as cells
// and cells as the web form's fields, the identity check, and the zip check's first refusals.

const q = coreQuestionnaire();
const question = (id: string) => q.themes.flatMap((t) => t.questions).find((x) => x.id === id) as Question;
const current = { revision: "2" };
const text = (t: string) => ({ kind: "text" as const, text: t });

describe("text that a spreadsheet would run", () => {
  it("is neutralised with one apostrophe, and reads back as it was, for any text", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const written = neutralised(s);
        expect(/^[=+\-@\t\r]/.test(written)).toBe(false);
        expect(unneutralised(written)).toBe(s);
      }),
    );
    expect(neutralised("=1+1")).toBe("'=1+1");
    expect(neutralised("'=1+1")).toBe("''=1+1");
    expect(neutralised("plain")).toBe("plain");
  });
});

describe("an answer as cells, and cells as the web form's fields", () => {
  it("round-trips a checklist through its labels, in the questionnaire's order", () => {
    const checklist = question("interop-procurement-standards");
    if (checklist.type !== "checklist") throw new Error("not a checklist");
    const [a, b] = checklist.items;
    const cell = answerCell(checklist, {
      questionId: checklist.id,
      value: [b!.id, a!.id],
      notApplicableReason: null,
      evidence: "",
      evidenceLinks: [],
    });
    expect(cell).toBe(`${a!.label}; ${b!.label}`);
    const { fields, errors } = fieldsFromCells(
      checklist,
      { value: text(`${b!.label.toUpperCase()};${a!.id}`) },
      current,
    );
    expect(errors).toEqual({});
    expect(fields.value).toEqual([a!.id, b!.id]);
    expect(fieldsFromCells(checklist, { value: text("None of these") }, current).fields.value).toEqual([
      "none",
    ]);
    expect(fieldsFromCells(checklist, { value: text("Something else") }, current).errors.value).toContain(
      '"Something else" is not one of the options',
    );
  });

  it("reads a level typed as a number, as text, or as the list's label", () => {
    const level = question("paperless-epr-coverage");
    for (const cell of [{ kind: "number" as const, number: 3 }, text("3"), text("3 – Established")]) {
      const { fields } = fieldsFromCells(level, { value: cell }, current);
      const parsed = answerFieldsSchema(level, q).safeParse(fields);
      expect(parsed.success && parsed.data.value).toBe(3);
    }
  });

  it("refuses 'does not apply' written as anything but Yes, and keeps columns the sheet lacks", () => {
    const level = question("citizen-nhs-app");
    expect(
      fieldsFromCells(level, { notApplicable: text("maybe") }, current).errors.notApplicable,
    ).toBeDefined();
    const kept = fieldsFromCells(level, { value: text("2") }, { ...current, evidence: "kept" });
    expect(kept.fields.evidence).toBe("kept");
  });

  it("names columns as Excel does", () => {
    expect([1, 5, 26, 27, 52, 53].map(columnLetter)).toEqual(["A", "E", "Z", "AA", "AZ", "BA"]);
  });
});

describe("whose workbook it is", () => {
  const expected = {
    assessmentId: 7,
    odsCode: "ZD01",
    questionnaireId: "core-digital-maturity",
    questionnaireVersion: 2,
    careSetting: "acute" as const,
  };
  const identity = {
    assessmentId: "7",
    odsCode: "ZD01",
    questionnaireId: "core-digital-maturity",
    questionnaireVersion: "2",
    careSetting: "acute",
  };
  it("accepts its own, and says plainly why another is refused", () => {
    expect(identityProblem(identity, expected)).toBeNull();
    expect(identityProblem({ ...identity, odsCode: "ZD02" }, expected)).toContain("another organisation");
    expect(identityProblem({ ...identity, questionnaireVersion: "1" }, expected)).toContain("version 1");
    expect(identityProblem({ ...identity, careSetting: "community" }, expected)).toContain("Community");
    expect(identityProblem({ ...identity, assessmentId: "8" }, expected)).toContain("another assessment");
    expect(identityProblem({ ...identity, odsCode: undefined }, expected)).toContain("not downloaded from");
  });
});

describe("the zip check", () => {
  it("refuses what is not a zip before reading further", () => {
    expect(checkWorkbookZip(new TextEncoder().encode("a,b\n1,2\n"))).toEqual({
      ok: false,
      error: notAWorkbook,
    });
    expect(checkWorkbookZip(new Uint8Array(0))).toEqual({ ok: false, error: notAWorkbook });
  });
});
