import { boardPackHeadings as h } from "../../content/board-pack";
import { evidenceContent } from "../../content/evidence";
import { formatDate } from "../../format";
import { evidenceOfTheme } from "../evidence";
import type { BoardPackInput } from "./input";
import { type Cell, contentWidth, type PdfWriter, secondary } from "./writer.server";

const c = evidenceContent.report;

/**
 * The evidence page (issue 23): the library items the answers cite, theme by theme, with owner, review-by date
 * and status on the day the pack was made. Expired and due items say so in words, expired ones in bold with
 * the day they expired, never by colour alone, so the page prints in greyscale. No page when nothing is cited.
 */
export function evidencePage(w: PdfWriter, input: BoardPackInput) {
  const { report, evidence } = input;
  if (!evidence || evidence.items.length === 0) return;
  w.newPage();
  w.heading(1, h.evidence);
  w.paragraph(c.intro, { size: 10 });
  w.paragraph(
    `${c.summary(
      evidence.items.length,
      evidence.items.filter((i) => i.status === "expired").length,
      evidence.items.filter((i) => i.status === "due").length,
    )} ${c.asOf(evidence.asOf)}`,
    { size: 9.5, colour: secondary },
  );
  const widths = { question: 135, owner: 88, reviewBy: 72, status: 92 };
  for (const theme of report.themes) {
    const items = evidenceOfTheme(evidence, theme.id);
    if (items.length === 0) continue;
    w.heading(2, theme.title, { outline: false, keepWith: 60 });
    w.table(
      [
        { header: c.columns.question, width: widths.question },
        {
          header: c.columns.title,
          width: contentWidth - widths.question - widths.owner - widths.reviewBy - widths.status,
        },
        { header: c.columns.owner, width: widths.owner },
        { header: c.columns.reviewBy, width: widths.reviewBy },
        { header: c.columns.status, width: widths.status },
      ],
      items.map((item): Cell[] => {
        const attention = item.status !== "current";
        return [
          { text: item.question || item.questionId },
          { text: item.deleted ? `${item.title} (${c.deletedSince})` : item.title },
          { text: item.owner },
          { text: formatDate(item.reviewBy), bold: item.status === "expired" },
          { text: c.status(item), bold: attention },
        ];
      }),
      { size: 9 },
    );
  }
}
