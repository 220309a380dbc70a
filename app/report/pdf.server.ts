import type { Report } from "./report";

/**
 * The board-ready PDF of a saved report. The PDF library is loaded on the first request for a PDF, not at
 * start: it is large, and most processes never make one.
 */
export async function reportPdf(
  report: Report,
  signOff: { name: string; at: string } | null,
): Promise<Buffer> {
  const { renderReportPdf } = await import("./pdf-document.server");
  return renderReportPdf(report, signOff);
}
