import type { BoardPackInput } from "./pdf-document.server";

/**
 * The board pack PDF of a saved report. The PDF library is loaded on the first request for a PDF, not at
 * start: most processes never make one.
 */
export async function reportPdf(input: BoardPackInput): Promise<Buffer> {
  const { renderBoardPack } = await import("./pdf-document.server");
  return renderBoardPack(input);
}
