import { describe, expect, it } from "vitest";
import {
  type CsvRecord,
  CsvSyntaxError,
  forEachCsvRecord,
  parseCsv,
  parseCsvRecords,
  rejectingMalformedCsv,
} from "../../app/organisations/csv";

describe("parseCsv", () => {
  it("splits unquoted fields and records", () => {
    expect(parseCsv("a,b,c\n1,2,3")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and newlines", () => {
    expect(parseCsv('"a,b","say ""hi""","line 1\nline 2"\n')).toEqual([
      ["a,b", 'say "hi"', "line 1\nline 2"],
    ]);
  });

  it("treats CRLF and LF alike and ignores one trailing newline", () => {
    expect(parseCsv("a,b\r\nc,d\r\n")).toEqual(parseCsv("a,b\nc,d\n"));
    expect(parseCsv("a,b\r\nc,d\r\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("keeps a CRLF inside quotes as part of the field", () => {
    expect(parseCsv('"x\r\ny",z\r\n')).toEqual([["x\r\ny", "z"]]);
  });

  it("strips a UTF-8 byte order mark", () => {
    expect(parseCsv("\uFEFFods_code,care_setting\n")).toEqual([["ods_code", "care_setting"]]);
  });

  it("keeps empty fields, quoted or not, including a trailing one", () => {
    expect(parseCsv('a,,"",\n')).toEqual([["a", "", "", ""]]);
    expect(parseCsv('""\n')).toEqual([[""]]);
  });

  it("skips blank lines and returns nothing for empty input", () => {
    expect(parseCsv("a\n\n\nb\n\n")).toEqual([["a"], ["b"]]);
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
  });

  it("keeps a quote inside an unquoted field literally", () => {
    expect(parseCsv('12" ruler,x')).toEqual([['12" ruler', "x"]]);
  });

  it("rejects an unterminated quoted field, naming the line the record starts on", () => {
    const thrown = catchError(() => parseCsv('a\n"b,c\nd'));
    expect(thrown).toBeInstanceOf(CsvSyntaxError);
    expect(thrown).toMatchObject({ line: 2 });
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('"a"b,c')).toThrow(/text after a closing quote/);
  });
});

describe("parseCsvRecords", () => {
  it("gives each record the physical line it starts on", () => {
    const records = parseCsvRecords('a,b\r\n"multi\r\nline",c\r\n\r\nd,e\r\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(records[2]?.fields).toEqual(["d", "e"]);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("forEachCsvRecord", () => {
  it("visits the records parseCsvRecords reads, with the same lines, for every kind of line end", () => {
    const text = '\uFEFFa,"b\r\nc"\r\rd,""""\n\ne,\r\n"f\rg",h';
    const visited: CsvRecord[] = [];
    forEachCsvRecord(text, (fields, line) => visited.push({ line, fields }));
    expect(visited).toEqual([
      { line: 1, fields: ["a", "b\r\nc"] },
      { line: 4, fields: ["d", '"'] },
      { line: 6, fields: ["e", ""] },
      { line: 7, fields: ["f\rg", "h"] },
    ]);
    expect(parseCsvRecords(text)).toEqual(visited);
  });
});

describe("rejectingMalformedCsv", () => {
  it("answers a syntax error as the file's one rejected line, with no rows", () => {
    const read = (text: string) => rejectingMalformedCsv(() => ({ rows: parseCsv(text), rejected: [] }));
    expect(read('a\n"b,c\nd')).toEqual({
      rows: [],
      rejected: [{ line: 2, reason: "unterminated quoted field" }],
    });
    expect(read("a,b")).toEqual({ rows: [["a", "b"]], rejected: [] });
  });
});
