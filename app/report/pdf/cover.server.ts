import { formatDate } from "../../format";
import { content } from "../../content";
import { boardPackHeadings as h } from "../../content/board-pack";
import { type BoardPackInput, statusWords } from "./input";
import { blue, contentWidth, ink, margin, type PdfWriter, secondary } from "./writer.server";

/** Page 1: who, what, which cycle, where the report stands, and the board's sign-off. */
export function cover(w: PdfWriter, input: BoardPackInput) {
  const { report, standing, signOff, createdAt } = input;
  w.newPage();
  w.artifact(() => {
    w.doc.rect(margin.left, margin.top - 20, contentWidth, 5).fill(blue);
  });
  w.doc.y = margin.top;
  w.paragraph("Board pack · Digital maturity self-assessment", { size: 11, colour: secondary });
  w.textBlock("H1", report.organisation.name, { size: 24, bold: true, gap: 8 });
  w.doc.outline.addItem("Cover");
  w.paragraph(`${report.questionnaire.title}: report for ${report.assessment.cycle}`, { size: 14 });
  w.doc.y += 6;
  w.table(
    [
      { header: "About this report", width: 150 },
      { header: "", width: contentWidth - 150 },
    ],
    [
      ["Organisation", report.organisation.name],
      ["ODS code", report.organisation.odsCode],
      [
        "Care setting and region",
        [report.organisation.careSetting, report.organisation.region].filter(Boolean).join(", "),
      ],
      ["Cycle", report.assessment.cycle],
      ["Questionnaire", `${report.questionnaire.title}, version ${report.questionnaire.version}`],
      [
        "Scoring method",
        `Version ${report.scoringMethodVersion} (${report.method === "gated" ? "gated" : "weighted mean"})`,
      ],
      ["Status", statusWords[standing.status]],
      ["Report saved", `${formatDate(createdAt)} (report ${input.reportId}; it does not change)`],
    ].map(([k, v]) => [{ text: k!, bold: true }, { text: v! }]),
    { size: 10.5 },
  );

  w.heading(2, h.signOff, { outline: false, keepWith: 90 });
  const lines: string[] =
    standing.status === "signed-off" && signOff
      ? [
          `Signed off by ${signOff.name} on ${formatDate(signOff.at)}.`,
          ...(signOff.comment ? [`Comment: “${signOff.comment}”`] : []),
        ]
      : standing.status === "returned"
        ? [
            "The board returned this assessment for changes. This report was not signed off.",
            standing.supersededBy
              ? `It has been replaced by report ${standing.supersededBy}, saved when the assessment was submitted again.`
              : content.reportReplacedLater,
          ]
        : [
            "Not signed off yet. The board signs off in the service; once it has, a new download of this pack shows who signed it off and when.",
            "Signed: ____________________________   Name: ____________________________   Date: ______________",
          ];
  const boxTop = w.doc.y;
  w.doc.x = margin.left + 12;
  for (const line of lines)
    w.textBlock("P", line, { x: margin.left + 12, width: contentWidth - 24, gap: 8, size: 11 });
  const boxBottom = w.doc.y;
  w.artifact(() => {
    w.doc
      .rect(margin.left, boxTop - 8, contentWidth, boxBottom - boxTop + 8)
      .lineWidth(1)
      .stroke(ink);
  });
  w.doc.y = boxBottom + 14;

  w.heading(2, h.inThisPack, { outline: false });
  w.list(
    [
      "Summary: the overall score, the change since the last cycle, the strongest and weakest themes, where the organisation sits among its peers, the trend across cycles and the largest gains.",
      "Theme scores: the radar chart against the peer median and the last cycle, with the same figures as a table.",
      "How you compare: each theme against the peer group, and the overall score in every peer group.",
      "Next steps: by theme, largest gain first, with the person each theme is assigned to.",
      ...(input.evidence && input.evidence.items.length > 0 ? [h.evidenceInThisPack] : []),
      "About the figures: how scores are worked out, how figures are rounded, and what peer figures may show.",
    ],
    { size: 10 },
  );
}
