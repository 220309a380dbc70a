/**
 * CSV as the service writes it (reading uploads is app/organisations/csv.ts): cells a spreadsheet will not run
 * as formulas, rows joined by CRLF as RFC 4180 asks, and the one download response every CSV goes out in.
 */

/** A CSV cell that a spreadsheet will not run as a formula, quoted as RFC 4180 asks. */
export function csvCell(value: unknown): string {
  let text = value == null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: unknown[]) => cells.map(csvCell).join(",");

/**
 * A CSV file download: UTF-8 with a byte order mark (so Excel reads names with accents), as an attachment
 * with the given file name.
 */
export function csvDownload(fileName: string, rows: readonly string[]): Response {
  // Each line ended by CRLF, as RFC 4180 asks.
  return new Response(`\uFEFF${rows.map((r) => `${r}\r\n`).join("")}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
    },
  });
}
