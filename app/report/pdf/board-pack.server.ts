import PDFDocument from "pdfkit";
import { content } from "../../content";
import { boardPackHeadings as h } from "../../content/board-pack";
import { formatDate } from "../../format";
import { ruleOf, ruleText } from "../figures";
import { comparison } from "./comparison.server";
import { cover } from "./cover.server";
import { type BoardPackInput, statusWords } from "./input";
import { nextSteps } from "./next-steps.server";
import { evidencePage } from "./evidence.server";
import { planPage } from "./plan.server";
import { summary } from "./summary.server";
import { themeScores } from "./theme-scores.server";
import { A4, contentWidth, margin, PdfWriter, rule, secondary } from "./writer.server";

export type { BoardPackInput } from "./input";

/**
 * The board pack: a saved report as a tagged, accessible A4 PDF, drawn with pdfkit (pure JavaScript, no
 * browser). Every piece of text is in the structure tree in reading order (headings, paragraphs, lists,
 * tables with header cells, the chart as a figure with alternative text); rules, boxes and the running
 * header and footer are artifacts. Text is never hyphenated (pdfkit breaks lines at spaces only). It prints in
 * greyscale: series differ by line style as well as colour, and no figure is told by colour alone.
 */
export function renderBoardPack(input: BoardPackInput): Promise<Buffer> {
  const { report } = input;
  const title = `${report.organisation.name}: ${report.questionnaire.title}, ${report.assessment.cycle}`;
  const doc = new PDFDocument({
    size: A4,
    margins: margin,
    bufferPages: true,
    autoFirstPage: false,
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    pdfVersion: "1.7",
    info: {
      Title: title,
      Author: report.organisation.name,
      Subject: `Board pack: digital maturity self-assessment, ${report.assessment.cycle}`,
      Creator: content.serviceName,
      Producer: content.serviceName,
      // The report's own date, so the same report gives the same file.
      CreationDate: new Date(input.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const w = new PdfWriter(doc);
  cover(w, input);
  summary(w, input);
  themeScores(w, input);
  comparison(w, input);
  nextSteps(w, input);
  planPage(w, input);
  evidencePage(w, input);
  about(w, input);
  w.root.end();
  pageFurniture(w, input);
  doc.end();
  return done;
}

export function about(w: PdfWriter, input: BoardPackInput) {
  const { report } = input;
  w.heading(1, h.about);
  w.list(
    [
      report.method === "gated"
        ? "Gated scoring: a theme reaches a level only when every answer in it does, so a theme's score is its lowest counted answer's value."
        : "Weighted mean: every answer sits on a 0 to 100 scale, and a theme's score is the weighted mean of its counted answers. Answers marked not applicable drop out and never lower a score.",
      "The overall score is the weighted mean of the scored themes. A theme with too little answered is not scored (never shown as zero).",
      "Figures are worked out unrounded and rounded once, to one decimal place, halves rounded up. A change is the difference of the two figures as shown.",
      `Peer figures: ${ruleText(report.comparisons ? ruleOf(report.comparisons) : { minGroup: 5, quartileMinGroup: 10 })}`,
      `Questionnaire ${report.questionnaire.id}, version ${report.questionnaire.version}; scoring method ${report.scoringMethodVersion}. The full method is in the service under "${content.howScoresAreWorkedOut}".`,
    ],
    { size: 9.5 },
  );
}

/** Running header, page numbers and the date, on every page but the cover: artifacts, not content. */
function pageFurniture(w: PdfWriter, input: BoardPackInput) {
  const { report, createdAt } = input;
  const { count } = w.doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    w.doc.switchToPage(i);
    const bottom = w.doc.page.margins.bottom;
    w.doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    w.artifact(() => {
      w.style(8, false, secondary);
      if (i > 0) {
        w.doc.text(
          `${report.organisation.name} (${report.organisation.odsCode}) · Board pack ${report.assessment.cycle}`,
          margin.left,
          30,
          { width: contentWidth - 150, height: 10, lineBreak: false, ellipsis: true },
        );
        w.doc.text(statusWords[input.standing.status].split(" (")[0]!, margin.left + contentWidth - 160, 30, {
          width: 160,
          align: "right",
          lineBreak: false,
        });
        w.doc
          .moveTo(margin.left, 44)
          .lineTo(margin.left + contentWidth, 44)
          .lineWidth(0.5)
          .stroke(rule);
      }
      w.style(8, false, secondary);
      w.doc.text(`Saved ${formatDate(createdAt)}`, margin.left, A4[1] - 40, {
        width: 200,
        lineBreak: false,
      });
      w.doc.text(`Page ${i + 1} of ${count}`, margin.left + contentWidth - 120, A4[1] - 40, {
        width: 120,
        align: "right",
        lineBreak: false,
      });
    });
    w.doc.page.margins.bottom = bottom;
  }
}
