/** A CSV record and the 1-based physical line it starts on, so that error reports can point into the file. */
export interface CsvRecord {
  line: number;
  fields: string[];
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
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const atLineEnd = () => i >= text.length || text[i] === "\n" || text[i] === "\r";
  const skipLineEnd = () => {
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
  };

  while (i < text.length) {
    if (atLineEnd()) {
      skipLineEnd();
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      if (text[i] === '"') {
        let field = "";
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1) throw new CsvSyntaxError("unterminated quoted field", start);
          const chunk = text.slice(i, close);
          line += chunk.split("\n").length - 1;
          field += chunk;
          i = close + 1;
          if (text[i] !== '"') break;
          field += '"';
          i++;
        }
        if (!atLineEnd() && text[i] !== ",") throw new CsvSyntaxError("text after a closing quote", line);
        fields.push(field);
      } else {
        const begin = i;
        while (!atLineEnd() && text[i] !== ",") i++;
        fields.push(text.slice(begin, i));
      }
      if (text[i] !== ",") break;
      i++;
    }
    records.push({ line: start, fields });
    if (i < text.length) skipLineEnd();
  }
  return records;
}
