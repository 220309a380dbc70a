/** A CSV record and the 1-based physical line it starts on, so that error reports can point into the file. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A line of an uploaded file that was not applied, and why. */
export interface RejectedLine {
  line: number;
  reason: string;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = "CsvSyntaxError";
  }
}

/** RFC 4180 CSV to rows of fields. Throws CsvSyntaxError on an unterminated or malformed quoted field. */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((record) => record.fields);
}

/**
 * Like parseCsv, with each record's starting line. Blank lines are skipped rather than read as one empty
 * field: spreadsheet exports often end with several, and they carry no data.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  forEachCsvRecord(text, (fields, line) => records.push({ line, fields }));
  return records;
}

const comma = 0x2c;
const quote = 0x22;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/**
 * Calls `visit` with each record's fields and the line it starts on, as parseCsvRecords reads them, without
 * holding the records: an upload of many thousand lines is checked record by record as it is read. Reads
 * character codes, not one-character strings, since a 1 MB upload is read on the request's own CPU budget.
 * Throws CsvSyntaxError, as parseCsv does.
 */
export function forEachCsvRecord(text: string, visit: (fields: string[], line: number) => void): void {
  const end = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === lineFeed || c === carriageReturn) {
      i += c === carriageReturn && text.charCodeAt(i + 1) === lineFeed ? 2 : 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === quote) {
        let field = "";
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1) throw new CsvSyntaxError("unterminated quoted field", start);
          for (let j = i; j < close; j++) if (text.charCodeAt(j) === lineFeed) line++;
          field += text.slice(i, close);
          i = close + 1;
          if (text.charCodeAt(i) !== quote) break;
          field += '"';
          i++;
        }
        c = text.charCodeAt(i);
        if (i < end && c !== comma && c !== lineFeed && c !== carriageReturn)
          throw new CsvSyntaxError("text after a closing quote", line);
        fields.push(field);
      } else {
        const begin = i;
        for (; i < end; i++) {
          c = text.charCodeAt(i);
          if (c === comma || c === lineFeed || c === carriageReturn) break;
        }
        fields.push(text.slice(begin, i));
      }
      if (i >= end || text.charCodeAt(i) !== comma) break;
      i++;
    }
    visit(fields, start);
    if (i < end) {
      i += text.charCodeAt(i) === carriageReturn && text.charCodeAt(i + 1) === lineFeed ? 2 : 1;
      line++;
    }
  }
}

/**
 * Reads an uploaded CSV file with `read`. A syntax error leaves no record trustworthy, so the file is rejected
 * whole: no rows, and the error as its one rejected line.
 */
export function rejectingMalformedCsv<T extends { rows: unknown[]; rejected: RejectedLine[] }>(
  read: () => T,
): T | { rows: []; rejected: RejectedLine[] } {
  try {
    return read();
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      return { rows: [], rejected: [{ line: error.line, reason: error.reason }] };
    throw error;
  }
}
