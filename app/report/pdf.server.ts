import type { BoardPackInput } from "./pdf/board-pack.server";

/**
 * The board pack PDF of a saved report. The PDF library is loaded on the first request for a PDF, not at
 * start: most processes never make one.
 */
export async function reportPdf(input: BoardPackInput): Promise<Buffer> {
  const { renderBoardPack } = await import("./pdf/board-pack.server");
  return renderBoardPack(input);
}
