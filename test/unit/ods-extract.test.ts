import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { regionCodes } from "../../app/domain/organisation";
import { displayName, parseOdsExtract } from "../../app/organisations/ods-extract";

const fixture = (name: string) => readFileSync(resolve(process.cwd(), "test/fixtures/ods", name), "utf8");
const realExtract = resolve(process.cwd(), "../shared/data/ods/etr-2025Q1.csv");

/** A 27-column extract line with every field quoted, as ODS writes them. */
function extractLine(fields: Partial<Record<number, string>>, columns = 27): string {
  const defaults: Record<number, string> = {
    1: "XA1",
    2: "EXAMPLE NHS TRUST",
    3: "Y56",
    4: "QZA",
    11: "19940401",
  };
  return Array.from(
    { length: columns },
    (_, i) => `"${(fields[i + 1] ?? defaults[i + 1] ?? "").replaceAll('"', '""')}"`,
  ).join(",");
}

describe("parseOdsExtract", () => {
  it("reads the fields the importer needs from a valid file", () => {
    const { rows, rejected } = parseOdsExtract(fixture("valid.csv"));
    expect(rejected).toEqual([]);
    expect(rows.map((r) => r.odsCode)).toEqual(["XA1", "XB2", "XC3", "XD4", "XE5"]);
    expect(rows[0]).toEqual({
      odsCode: "XA1",
      name: "NORTH TESTSHIRE HOSPITALS NHS TRUST",
      regionCode: "Y56",
      icbCode: "QZA",
      status: "active",
      openedOn: "1994-04-01",
      closedOn: null,
    });
    expect(rows.find((r) => r.odsCode === "XC3")?.regionCode).toBe("W00");
    expect(rows.find((r) => r.odsCode === "XD4")).toMatchObject({ status: "closed", closedOn: "2024-09-30" });
  });

  it("rejects bad records by physical line and keeps the good ones", () => {
    const { rows, rejected } = parseOdsExtract(fixture("bad-rows.csv"));
    expect(rows.map((r) => r.odsCode)).toEqual(["XA1", "XB2", "XC3"]);
    expect(rejected.map((r) => r.line)).toEqual([4, 5, 6, 7, 8]);
    const reason = (line: number) => rejected.find((r) => r.line === line)?.reason;
    expect(reason(4)).toBe("expected 27 columns, found 26");
    expect(reason(5)).toMatch(/organisation code "X-9"/);
    expect(reason(6)).toMatch(/national grouping "Y99"/);
    expect(reason(7)).toMatch(/open date "20230229": not a real date/);
    expect(reason(8)).toBe("duplicate organisation code XA1 (first on line 1)");
  });

  it("accepts every English region and Wales, and nothing else", () => {
    for (const grouping of [...regionCodes, "W00"]) {
      expect(parseOdsExtract(extractLine({ 3: grouping })).rejected).toEqual([]);
    }
    for (const grouping of ["", "Y57", "y56", "S00", "Q99"]) {
      expect(parseOdsExtract(extractLine({ 3: grouping })).rejected).toHaveLength(1);
    }
  });

  it("checks dates are YYYYMMDD calendar dates", () => {
    const opened = (value: string) => parseOdsExtract(extractLine({ 11: value }));
    expect(opened("20240229").rows[0]?.openedOn).toBe("2024-02-29");
    expect(opened("").rows[0]?.openedOn).toBeNull();
    for (const bad of ["20230229", "20241301", "20240431", "2024-04-01", "1994041", "abcdefgh"]) {
      expect(opened(bad).rejected, bad).toHaveLength(1);
    }
  });

  it("rejects a close date before the open date", () => {
    const { rejected } = parseOdsExtract(extractLine({ 11: "20200101", 12: "20190101" }));
    expect(rejected[0]?.reason).toMatch(/close date "20190101": before the open date/);
  });

  it("rejects an empty name and reports every problem on the line", () => {
    const { rejected } = parseOdsExtract(extractLine({ 1: "TOO-LONG-CODE", 2: " ", 3: "Y99" }));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(
      /organisation code.*; name "\s*": must not be empty; national grouping/,
    );
  });

  it("treats an empty ICB code as none", () => {
    expect(parseOdsExtract(extractLine({ 4: "" })).rows[0]?.icbCode).toBeNull();
  });

  it("reports an unterminated quote instead of throwing", () => {
    const { rows, rejected } = parseOdsExtract(`${extractLine({})}\n"XB2","broken`);
    expect(rows).toEqual([]);
    expect(rejected).toEqual([{ line: 2, reason: "unterminated quoted field" }]);
  });

  it.runIf(existsSync(realExtract))("reads the real Q1 2025 extract without rejections", () => {
    const { rows, rejected } = parseOdsExtract(readFileSync(realExtract, "utf8"));
    expect(rejected).toEqual([]);
    expect(rows).toHaveLength(210);
    expect(rows.filter((r) => r.status === "active")).toHaveLength(205);
    expect(new Set(rows.map((r) => r.regionCode))).toEqual(new Set([...regionCodes, "W00"]));
    expect(rows.filter((r) => r.status === "active" && r.regionCode === "W00")).toHaveLength(3);
  });
});

describe("displayName", () => {
  it.each([
    ["MANCHESTER UNIVERSITY NHS FOUNDATION TRUST", "Manchester University NHS Foundation Trust"],
    ["UNIVERSITY HOSPITALS OF NORTH MIDLANDS NHS TRUST", "University Hospitals of North Midlands NHS Trust"],
    [
      "SOUTH TYNESIDE AND SUNDERLAND NHS FOUNDATION TRUST",
      "South Tyneside and Sunderland NHS Foundation Trust",
    ],
    [
      "THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST",
      "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust",
    ],
    ["GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"],
    ["EAST OF ENGLAND AMBULANCE SERVICE NHS TRUST", "East of England Ambulance Service NHS Trust"],
    ["LANCASHIRE & SOUTH CUMBRIA NHS FOUNDATION TRUST", "Lancashire & South Cumbria NHS Foundation Trust"],
    ["UNIVERSITY HOSPITALS OF STOKE-ON-TRENT NHS TRUST", "University Hospitals of Stoke-on-Trent NHS Trust"],
    ["  2GETHER   NHS FOUNDATION TRUST ", "2gether NHS Foundation Trust"],
  ])("%s", (name, expected) => {
    expect(displayName(name)).toBe(expected);
  });

  it("keeps a name that is already in mixed case", () => {
    expect(displayName("Barts Health NHS Trust")).toBe("Barts Health NHS Trust");
  });
});
