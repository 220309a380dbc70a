import { crc32, deflateRawSync } from "node:zlib";
import * as XLSX from "xlsx";

/**
 * Workbooks as an outside party handles them, for the workbook tests: read and filled with SheetJS (an
 * independent reader and writer, never the service's ExcelJS), and zips written byte by byte, so that
 * hostile ones (lying sizes, too many entries) can be made.
 */
export function readXlsx(bytes: Uint8Array) {
  return XLSX.read(bytes, { type: "buffer", cellFormula: true });
}

/** A sheet's rows as arrays of cell values (first row 1 at index 0). */
export function sheetRows(book: XLSX.WorkBook, name: string): unknown[][] {
  const sheet = book.Sheets[name];
  if (!sheet) throw new Error(`no sheet ${name}: ${book.SheetNames.join(", ")}`);
  return XLSX.utils.sheet_to_json(sheet, { header: 1, blankrows: true, defval: null });
}

/** Where a column of a theme sheet is, by its header text (row 3). */
export function columnOf(book: XLSX.WorkBook, sheetName: string, header: string): string {
  const rows = sheetRows(book, sheetName);
  const at = rows[2]?.indexOf(header) ?? -1;
  if (at < 0) throw new Error(`no column ${header}`);
  return XLSX.utils.encode_col(at);
}

/** The 1-based row of a question on its sheet. */
export function rowOf(book: XLSX.WorkBook, sheetName: string, questionId: string): number {
  const rows = sheetRows(book, sheetName);
  const at = rows.findIndex((r) => r[0] === questionId);
  if (at < 0) throw new Error(`no row for ${questionId}`);
  return at + 1;
}

/** Sets cells as a person filling the workbook would (numbers as numbers, text as text, or a formula). */
export function setCell(
  book: XLSX.WorkBook,
  sheetName: string,
  address: string,
  value: string | number | { formula: string },
) {
  const sheet = book.Sheets[sheetName]!;
  sheet[address] =
    typeof value === "number"
      ? { t: "n", v: value }
      : typeof value === "string"
        ? { t: "s", v: value }
        : { t: "n", f: value.formula, v: 0 };
}

/** Fills answers by question id and column header. */
export function fill(
  book: XLSX.WorkBook,
  sheetName: string,
  answers: Record<string, Partial<Record<string, string | number | { formula: string }>>>,
) {
  for (const [questionId, cells] of Object.entries(answers)) {
    const row = rowOf(book, sheetName, questionId);
    for (const [header, value] of Object.entries(cells))
      if (value !== undefined) setCell(book, sheetName, `${columnOf(book, sheetName, header)}${row}`, value);
  }
}

export function writeXlsx(book: XLSX.WorkBook): Uint8Array {
  return new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Buffer);
}

/** The cover sheet's value beside a label, and setting it. */
export function coverRow(book: XLSX.WorkBook, label: string): number {
  const rows = sheetRows(book, "Cover");
  const at = rows.findIndex((r) => r[0] === label);
  if (at < 0) throw new Error(`no cover row ${label}`);
  return at + 1;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** What the directory claims the entry inflates to (a lie, for hostile zips). */
  declaredSize?: number;
  stored?: boolean;
}

/** A zip file, written by hand: local headers, data, central directory, end record. */
export function makeZip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const body = entry.stored ? entry.data : deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

/** Posts a file to the upload page as a browser does (multipart, with the CSRF token). */
export function uploadForm(bytes: Uint8Array, name = "filled.xlsx", csrf?: string) {
  const form = new FormData();
  if (csrf) form.set("csrf", csrf);
  form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type: XLSX_TYPE }));
  return form;
}
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
