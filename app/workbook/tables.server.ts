import ExcelJS from "exceljs";
import type { DataTable } from "../report/tables";
import { workbookContent } from "../content/workbook";
import { neutralised } from "./layout";

/**
 * Tables as an Excel workbook, one sheet each (the report's and the regional view's downloads): numbers as
 * numbers, text neutralised as in the CSVs (never a formula), header row bold, frozen and filterable, A4.
 */
export async function tablesWorkbook(title: string, tables: DataTable[], now: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = workbookContent.creator;
  workbook.created = now;
  workbook.title = title;
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31), {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    sheet.columns = table.columns.map((header) => ({
      header,
      width: Math.min(Math.max(header.length + 2, 12), 40),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows)
      sheet.addRow(
        row.map((cell) => (cell === "" ? null : typeof cell === "string" ? neutralised(cell) : cell)),
      );
    if (table.rows.length > 0)
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    sheet.pageSetup = {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
