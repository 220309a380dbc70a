import ExcelJS from "exceljs";
import {
  type CellContent,
  type ColumnKey,
  columnLetter,
  columns,
  coverSheetName,
  type Identity,
  identityLabels,
} from "./layout";

/**
 * An uploaded workbook's cells, as plain data for the preview (preview.ts): the cover's identity and each
 * sheet's question rows. Only after checkWorkbookZip (zip.ts) has passed the file: it is then small, and holds
 * no entity declarations. Formulas are never evaluated (ExcelJS does not evaluate; a formula cell is refused),
 * and a sheet without the header row is skipped with a note.
 */
export interface ReadRow {
  row: number;
  questionId: string;
  cells: Partial<Record<ColumnKey, CellContent>>;
  /** Where each column is, for messages ("cell E7"). */
  addresses: Partial<Record<ColumnKey, string>>;
}
export interface ReadWorkbook {
  identity: Partial<Identity>;
  sheets: { name: string; rows: ReadRow[]; missingColumns: ColumnKey[] }[];
  notes: string[];
}

export async function readWorkbook(file: Uint8Array): Promise<ReadWorkbook | { error: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(file.buffer, file.byteOffset, file.byteLength) as never);
  } catch {
    return {
      error:
        "The selected file could not be read as an Excel workbook (.xlsx): save it again from Excel or LibreOffice",
    };
  }
  const identity: Partial<Identity> = {};
  const notes: string[] = [];
  const sheets: ReadWorkbook["sheets"] = [];
  for (const sheet of workbook.worksheets) {
    if (sheet.name === coverSheetName) {
      sheet.eachRow((row) => {
        const label = textOf(row.getCell(1).value);
        const key = (Object.keys(identityLabels) as (keyof Identity)[]).find(
          (k) => identityLabels[k] === label,
        );
        if (key) identity[key] = textOf(row.getCell(2).value).trim();
      });
      continue;
    }
    // The header row: the first of the first ten rows with "Question ID" and "Answer" in it.
    let headerAt = 0;
    const at: Partial<Record<ColumnKey, number>> = {};
    for (let r = 1; r <= Math.min(10, sheet.rowCount) && headerAt === 0; r++) {
      const row = sheet.getRow(r);
      const found: Partial<Record<ColumnKey, number>> = {};
      row.eachCell((cell, col) => {
        const text = textOf(cell.value).trim().toLowerCase();
        const column = columns.find((c) => c.header.toLowerCase() === text);
        if (column && found[column.key] === undefined) found[column.key] = col;
      });
      if (found.questionId && found.value) {
        headerAt = r;
        Object.assign(at, found);
      }
    }
    if (headerAt === 0) {
      notes.push(
        `Sheet "${sheet.name.slice(0, 40)}" has no "Question ID" and "Answer" header row, so it was ignored.`,
      );
      continue;
    }
    const rows: ReadRow[] = [];
    sheet.eachRow((row, r) => {
      if (r <= headerAt) return;
      const questionId = textOf(row.getCell(at.questionId!).value).trim();
      if (!questionId) return;
      const cells: ReadRow["cells"] = {};
      const addresses: ReadRow["addresses"] = {};
      for (const [key, col] of Object.entries(at) as [ColumnKey, number][]) {
        if (key === "questionId" || !columns.find((c) => c.key === key)?.editable) {
          if (key !== "revision") continue;
        }
        cells[key] = contentOf(row.getCell(col));
        addresses[key] = `${columnLetter(col)}${r}`;
      }
      rows.push({ row: r, questionId, cells, addresses });
    });
    const missingColumns = columns
      .filter((c) => (c.editable || c.key === "revision") && at[c.key] === undefined)
      .map((c) => c.key);
    sheets.push({ name: sheet.name, rows, missingColumns });
  }
  return { identity, sheets, notes };
}

function textOf(value: ExcelJS.CellValue): string {
  if (value == null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((t) => t.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value && value.result != null && typeof value.result !== "object")
      return String(value.result);
  }
  return "";
}

/** What a cell holds, with anything but plain text, numbers and booleans refused with the reason. */
function contentOf(cell: ExcelJS.Cell): CellContent {
  const value = cell.value;
  if (value == null || value === "") return { kind: "empty" };
  if (typeof value === "string") return { kind: "text", text: value };
  if (typeof value === "number")
    return Number.isFinite(value)
      ? { kind: "number", number: value }
      : { kind: "refused", reason: "Enter a number Excel can hold" };
  if (typeof value === "boolean") return { kind: "boolean", value };
  if (value instanceof Date)
    return { kind: "refused", reason: "Enter the answer as text or a number, not a date" };
  if (typeof value === "object") {
    if ("formula" in value || "sharedFormula" in value)
      return {
        kind: "refused",
        reason: "The cell holds a formula: type the answer itself (formulas are never run)",
      };
    if ("error" in value)
      return { kind: "refused", reason: "The cell holds an error value: type the answer itself" };
    if ("richText" in value) return { kind: "text", text: value.richText.map((t) => t.text).join("") };
    if ("text" in value && typeof value.text === "string") return { kind: "text", text: value.text };
  }
  return { kind: "refused", reason: "The cell holds something other than text or a number" };
}
