import PDFDocument, { type StructureElement } from "pdfkit";
import { formatChangeBetween, formatDate, formatNumber, formatPercent, formatScore } from "../format";
import { reportRadar } from "./chart-data";
import type { Standing, SignOff } from "./download";
import {
  changeCaveat,
  medianText,
  middleHalfText,
  notScoredText,
  overallPosition,
  positionText,
  ruleOf,
  ruleText,
  trendCaveat,
  withheldText,
} from "./figures";
import type { RadarGeometry } from "./radar";
import type { Report, ReportStep, ReportTheme } from "./report";

/**
 * The board pack: a saved report as a tagged, accessible A4 PDF, drawn with pdfkit (pure JavaScript, no
 * browser). Every piece of text is in the structure tree in reading order (headings, paragraphs, lists,
 * tables with header cells, the chart as a figure with alternative text); rules, boxes and the running
 * header and footer are artifacts. Text is never hyphenated (pdfkit breaks lines at spaces only). It prints in
 * greyscale: series differ by line style as well as colour, and no figure is told by colour alone.
 */
export interface BoardPackInput {
  report: Report;
  reportId: number;
  createdAt: string;
  standing: Standing;
  signOff: SignOff | null;
  /** Who each theme is assigned to, by theme id, where the lead assigned it. */
  assignments: Map<string, string>;
}

const A4: [number, number] = [595.28, 841.89];
const margin = { top: 62, bottom: 62, left: 56, right: 56 };
const contentWidth = A4[0] - margin.left - margin.right;
const bottomLimit = A4[1] - margin.bottom;
const ink = "#212b32";
const secondary = "#4c6272";
const rule = "#aeb7bd";
const blue = "#005eb8";
const font = { regular: "Helvetica", bold: "Helvetica-Bold" };

const statusWords: Record<Standing["status"], string> = {
  "signed-off": "Signed off by the board",
  submitted: "Submitted, awaiting the board's sign-off",
  returned: "Returned by the board for changes (not signed off)",
};

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
      Creator: "Digital maturity self-assessment",
      Producer: "Digital maturity self-assessment",
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
  new BoardPack(doc, input).draw();
  doc.end();
  return done;
}

type Cell = { text: string; bold?: boolean; align?: "left" | "right" | "center"; colour?: string };
type Column = { header: string; width: number; align?: "left" | "right" };

class BoardPack {
  private root: StructureElement;
  private sections: { title: string; page: number }[] = [];

  constructor(
    private doc: PDFDocument,
    private input: BoardPackInput,
  ) {
    this.root = doc.struct("Document");
    doc.addStructure(this.root);
  }

  get report() {
    return this.input.report;
  }

  draw() {
    this.cover();
    this.summary();
    this.themeScores();
    this.comparison();
    this.nextSteps();
    this.about();
    this.root.end();
    this.pageFurniture();
  }

  // ---- primitives ----------------------------------------------------------------------------------

  private newPage() {
    this.doc.addPage({ size: A4, margins: margin });
    this.doc.x = margin.left;
    this.doc.y = margin.top;
  }

  private pageNumber() {
    return this.doc.bufferedPageRange().count;
  }

  /** Starts a new page unless `height` fits below the current position. */
  private ensure(height: number) {
    if (this.doc.y + height > bottomLimit) this.newPage();
  }

  private style(size: number, bold = false, colour = ink) {
    this.doc
      .font(bold ? font.bold : font.regular)
      .fontSize(size)
      .fillColor(colour);
  }

  private measure(text: string, width: number, size: number, bold = false) {
    this.style(size, bold);
    return this.doc.heightOfString(text, { width });
  }

  /** Decoration (rules, boxes, chart bands): drawn outside the structure tree. */
  private artifact(draw: () => void) {
    this.doc.markContent("Artifact");
    this.doc.save();
    draw();
    this.doc.restore();
    this.doc.endMarkedContent();
  }

  private textBlock(
    type: string,
    text: string,
    {
      size = 10.5,
      bold = false,
      colour = ink,
      gap = 6,
      x = margin.left,
      width = contentWidth,
      parent = this.root,
    } = {},
  ) {
    const height = this.measure(text, width, size, bold);
    this.ensure(height);
    const y = this.doc.y;
    parent.add(
      this.doc.struct(type, () => {
        this.style(size, bold, colour);
        this.doc.text(text, x, y, { width, lineGap: 1.5 });
      }),
    );
    this.doc.x = margin.left;
    this.doc.y = y + height + gap + 1.5;
  }

  private heading(level: 1 | 2 | 3, text: string, { keepWith = 80, outline = level === 1 } = {}) {
    const size = level === 1 ? 18 : level === 2 ? 13.5 : 11.5;
    const before = level === 1 ? 10 : 8;
    const height = this.measure(text, contentWidth, size, true);
    this.ensure(before + height + keepWith);
    this.doc.y += this.doc.y === margin.top ? 0 : before;
    if (outline) {
      this.doc.outline.addItem(text);
      this.sections.push({ title: text, page: this.pageNumber() });
    }
    this.textBlock(`H${level}`, text, { size, bold: true, gap: level === 1 ? 8 : 5 });
  }

  private paragraph(text: string, options: { size?: number; colour?: string; bold?: boolean } = {}) {
    this.textBlock("P", text, { ...options, gap: 7 });
  }

  private list(items: string[], { numbered = false, size = 10.5 } = {}) {
    const list = this.doc.struct("L");
    this.root.add(list);
    items.forEach((item, i) => {
      const label = numbered ? `${i + 1}.` : "•";
      const height = this.measure(item, contentWidth - 18, size);
      this.ensure(height);
      const y = this.doc.y;
      const li = this.doc.struct("LI");
      list.add(li);
      li.add(
        this.doc.struct("Lbl", () => {
          this.style(size);
          this.doc.text(label, margin.left, y, { width: 16, lineBreak: false });
        }),
      );
      li.add(
        this.doc.struct("LBody", () => {
          this.style(size);
          this.doc.text(item, margin.left + 18, y, { width: contentWidth - 18, lineGap: 1.5 });
        }),
      );
      li.end();
      this.doc.y = y + height + 4;
    });
    list.end();
    this.doc.y += 4;
  }

  /** A table with a header row; header rows repeat (as artifacts) on a new page. */
  private table(
    columns: Column[],
    rows: Cell[][],
    {
      size = 9.5,
      firstCellIsHeader = true,
      decorate,
    }: {
      size?: number;
      firstCellIsHeader?: boolean;
      /** Draws a row's decoration (e.g. a band chart) in its last column. */
      decorate?: (row: number, box: { x: number; y: number; width: number; height: number }) => void;
    } = {},
  ) {
    const pad = 4;
    const table = this.doc.struct("Table");
    this.root.add(table);
    const xs: number[] = [];
    for (let i = 0; i < columns.length; i++)
      xs.push(i === 0 ? margin.left : xs[i - 1]! + columns[i - 1]!.width);
    const rowHeight = (cells: Cell[], bold: boolean) =>
      Math.max(
        ...cells.map((c, i) =>
          this.measure(c.text || " ", columns[i]!.width - 2 * pad, size, bold || c.bold),
        ),
      ) +
      2 * pad;
    const drawRow = (cells: Cell[], header: boolean, tagged: boolean) => {
      const height = Math.max(rowHeight(cells, header), decorate && !header ? 22 : 0);
      const y = this.doc.y;
      const draw = (cell: Cell, i: number) => () => {
        this.style(size, header || cell.bold === true, header ? ink : (cell.colour ?? ink));
        this.doc.text(cell.text, xs[i]! + pad, y + pad, {
          width: columns[i]!.width - 2 * pad,
          align: cell.align ?? columns[i]!.align ?? "left",
          lineGap: 1,
        });
      };
      if (tagged) {
        const tr = this.doc.struct("TR");
        table.add(tr);
        cells.forEach((cell, i) => {
          const th = header || (firstCellIsHeader && i === 0);
          tr.add(
            this.doc.struct(th ? "TH" : "TD", th ? { scope: header ? "Column" : "Row" } : {}, draw(cell, i)),
          );
        });
        tr.end();
      } else {
        this.artifact(() => {
          for (const [i, cell] of cells.entries()) draw(cell, i)();
        });
      }
      this.artifact(() => {
        this.doc
          .moveTo(margin.left, y + height)
          .lineTo(margin.left + columns.reduce((s, c) => s + c.width, 0), y + height)
          .lineWidth(header ? 1 : 0.5)
          .stroke(header ? ink : rule);
      });
      this.doc.y = y + height;
      return { y, height };
    };
    const headerCells = columns.map((c) => ({ text: c.header, align: c.align }));
    this.ensure(rowHeight(headerCells, true) + rowHeight(rows[0] ?? headerCells, false));
    drawRow(headerCells, true, true);
    rows.forEach((cells, r) => {
      const height = Math.max(rowHeight(cells, false), decorate ? 22 : 0);
      if (this.doc.y + height > bottomLimit) {
        this.newPage();
        drawRow(headerCells, true, false);
      }
      const at = drawRow(cells, false, true);
      if (decorate) {
        const last = columns.length - 1;
        this.artifact(() =>
          decorate(r, {
            x: xs[last]! + pad,
            y: at.y + 3,
            width: columns[last]!.width - 2 * pad,
            height: at.height - 6,
          }),
        );
      }
    });
    table.end();
    this.doc.y += 10;
  }

  // ---- sections -----------------------------------------------------------------------------------

  private cover() {
    const { report, standing, signOff, createdAt } = this.input;
    this.newPage();
    this.artifact(() => {
      this.doc.rect(margin.left, margin.top - 20, contentWidth, 5).fill(blue);
    });
    this.doc.y = margin.top;
    this.paragraph("Board pack · Digital maturity self-assessment", { size: 11, colour: secondary });
    this.textBlock("H1", report.organisation.name, { size: 24, bold: true, gap: 8 });
    this.doc.outline.addItem("Cover");
    this.paragraph(`${report.questionnaire.title}: report for ${report.assessment.cycle}`, { size: 14 });
    this.doc.y += 6;
    this.table(
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
        ["Report saved", `${formatDate(createdAt)} (report ${this.input.reportId}; it does not change)`],
      ].map(([k, v]) => [{ text: k!, bold: true }, { text: v! }]),
      { size: 10.5 },
    );

    this.heading(2, "Board sign-off", { outline: false, keepWith: 90 });
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
                : "It will be replaced when the assessment is submitted again.",
            ]
          : [
              "Not signed off yet. The board signs off in the service; once it has, a new download of this pack shows who signed it off and when.",
              "Signed: ____________________________   Name: ____________________________   Date: ______________",
            ];
    const boxTop = this.doc.y;
    this.doc.x = margin.left + 12;
    for (const line of lines)
      this.textBlock("P", line, { x: margin.left + 12, width: contentWidth - 24, gap: 8, size: 11 });
    const boxBottom = this.doc.y;
    this.artifact(() => {
      this.doc
        .rect(margin.left, boxTop - 8, contentWidth, boxBottom - boxTop + 8)
        .lineWidth(1)
        .stroke(ink);
    });
    this.doc.y = boxBottom + 14;

    this.heading(2, "In this pack", { outline: false });
    this.list(
      [
        "Summary: the overall score, the change since the last cycle, the strongest and weakest themes, where the organisation sits among its peers, the trend across cycles and the largest gains.",
        "Theme scores: the radar chart against the peer median and the last cycle, with the same figures as a table.",
        "How you compare: each theme against the peer group, and the overall score in every peer group.",
        "Next steps: by theme, largest gain first, with the person each theme is assigned to.",
        "About the figures: how scores are worked out, how figures are rounded, and what peer figures may show.",
      ],
      { size: 10 },
    );
  }

  private summary() {
    const { report } = this;
    this.newPage();
    this.heading(1, "Summary");
    const overall = report.overall;
    this.textBlock(
      "P",
      overall.score === null
        ? "Overall score: not scored (too little of the questionnaire was scored)."
        : `Overall score ${formatScore(overall.score)} out of 100, level ${formatScore(overall.level)} of ${report.questionnaire.levelScale.length}.`,
      { size: 16, bold: true, gap: 10 },
    );
    const scored = report.themes.filter((t): t is ReportTheme & { score: number } => t.score !== null);
    const facts: [string, string][] = [
      [
        `Change since ${report.previous?.cycle ?? "the last cycle"}`,
        report.previous
          ? `${formatChangeBetween(overall.score, overall.previousScore)} (from ${formatScore(overall.previousScore)})`
          : "No earlier report to compare with",
      ],
      ...(changeCaveat(report) ? [["Questionnaire changed", changeCaveat(report)!] as [string, string]] : []),
      ["Compared with peers", overallPosition(report) ?? "No peer figures yet"],
      [
        "Themes scored",
        `${scored.length} of ${report.themes.length} (${formatPercent(overall.coverage)} of the questionnaire's weight)`,
      ],
      [
        "Next steps",
        `${report.themes.reduce((s, t) => s + t.nextSteps.length, 0)} across ${report.themes.filter((t) => t.nextSteps.length > 0).length} themes`,
      ],
    ];
    this.table(
      [
        { header: "At a glance", width: 150 },
        { header: "", width: contentWidth - 150 },
      ],
      facts.map(([k, v]) => [{ text: k, bold: true }, { text: v }]),
      { size: 10.5 },
    );
    const ranked = [...scored].sort(
      (a, b) => b.score - a.score || report.themes.indexOf(a) - report.themes.indexOf(b),
    );
    const columns: Column[] = [
      { header: "Theme", width: contentWidth - 220 },
      { header: "Score", width: 70, align: "right" },
      { header: "Level", width: 60, align: "right" },
      { header: "Change", width: 90, align: "right" },
    ];
    const row = (t: ReportTheme): Cell[] => [
      { text: t.title },
      { text: formatScore(t.score) },
      { text: formatScore(t.level) },
      { text: report.previous ? formatChangeBetween(t.score, t.previousScore) : "–" },
    ];
    this.heading(2, "Strongest themes", { outline: false });
    this.table(columns, ranked.slice(0, 3).map(row));
    this.heading(2, "Weakest themes", { outline: false });
    this.table(columns, ranked.slice(-3).reverse().map(row));
    const unscored = report.themes.filter((t) => t.score === null);
    if (unscored.length > 0) {
      this.heading(2, "Themes not scored", { outline: false });
      this.list(unscored.map((t) => `${t.title}. ${notScoredText(t, report)}`));
    }
    this.trend();
    this.largestGains();
  }

  private themeScores() {
    const { report } = this;
    const g = reportRadar(report, {
      radius: 125,
      labelSpace: contentWidth / 2 - 125,
      labelGap: 8,
      top: 34,
      bottom: 34,
    });
    this.heading(1, "Theme scores", { keepWith: g.height + 60 });
    const peer = report.comparisons?.groups[0]?.label;
    const alt = `Radar chart of the ${report.themes.length} theme scores out of 100 for ${report.organisation.name}, ${report.assessment.cycle}: ${g.series
      .map((s) => s.name.toLowerCase())
      .join(
        ", ",
      )}. ${report.themes.map((t) => `${t.title} ${formatScore(t.score)}`).join("; ")}. The table below gives the same figures.`;
    this.ensure(g.height + 40);
    const top = this.doc.y;
    this.root.add(this.doc.struct("Figure", { alt }, () => this.drawRadar(g, margin.left, top)));
    this.doc.y = top + g.height + 4;
    this.legend(g, peer);
    const hasPeer = g.series.some((s) => s.key === "peer");
    const columns: Column[] = [
      { header: "Theme", width: contentWidth - 60 * (report.previous ? 4 : 3) + (hasPeer ? 0 : 60) },
      { header: "Score", width: 60, align: "right" },
      { header: "Level", width: 60, align: "right" },
      ...(report.previous ? [{ header: report.previous.cycle, width: 60, align: "right" as const }] : []),
      ...(hasPeer ? [{ header: "Peer median", width: 60, align: "right" as const }] : []),
    ];
    const peerGroup = report.comparisons?.groups[0];
    this.table(columns, [
      ...report.themes.map((t, i): Cell[] => [
        { text: `${i + 1}. ${t.title}` },
        { text: formatScore(t.score) },
        { text: formatScore(t.level) },
        ...(report.previous ? [{ text: formatScore(t.previousScore, "–") }] : []),
        ...(hasPeer ? [{ text: medianText(peerGroup?.themes[t.id]) }] : []),
      ]),
      [
        { text: "Overall", bold: true },
        { text: formatScore(report.overall.score), bold: true },
        { text: formatScore(report.overall.level), bold: true },
        ...(report.previous ? [{ text: formatScore(report.overall.previousScore, "–"), bold: true }] : []),
        ...(hasPeer ? [{ text: medianText(peerGroup?.themes.overall), bold: true }] : []),
      ],
    ]);
    if (report.previous && changeCaveat(report)) this.paragraph(changeCaveat(report)!, { size: 9.5 });
  }

  private drawRadar(g: RadarGeometry, left: number, top: number) {
    const doc = this.doc;
    const at = (p: { x: number; y: number }): [number, number] => [left + p.x, top + p.y];
    // Drawn inside the figure's marked content (an artifact here would close the figure's content).
    doc.save();
    for (const ring of g.rings)
      doc
        .polygon(...ring.points.map(at))
        .lineWidth(ring.value === 100 ? 1 : 0.5)
        .stroke(rule);
    for (const s of g.spokes)
      doc
        .moveTo(...at(g.centre))
        .lineTo(...at(s))
        .lineWidth(0.5)
        .stroke(rule);
    for (const s of g.series) {
      const current = s.key === "current";
      doc.save();
      if (s.key === "peer") doc.dash(1.5, { space: 2 });
      else if (s.dashed) doc.dash(5, { space: 3 });
      if (current)
        doc
          .polygon(...s.points.map(at))
          .fillOpacity(0.12)
          .fill(s.colour);
      doc.fillOpacity(1);
      doc
        .polygon(...s.points.map(at))
        .lineWidth(current ? 2.2 : 1.4)
        .stroke(s.colour);
      doc.restore();
      if (current) for (const p of s.points) doc.circle(...at(p), 2.6).fill(s.colour);
    }
    doc.restore();
    // The scale and the theme names are text: they belong to the figure.
    this.style(7.5, false, secondary);
    for (const s of g.scale) doc.text(String(s.value), ...at({ x: s.x, y: s.y - 8 }), { lineBreak: false });
    const labelWidth = g.width / 2 - g.radius - 14;
    for (const l of g.labels) {
      this.style(8.5, false, ink);
      const width = l.align === "center" ? 150 : labelWidth;
      const height = doc.heightOfString(l.text, { width, align: l.align });
      const [ax, ay] = at(l);
      const x = l.align === "left" ? ax : l.align === "right" ? ax - width : ax - width / 2;
      const y = l.valign === "top" ? ay : l.valign === "bottom" ? ay - height : ay - height / 2;
      doc.text(l.text, x, y, { width, align: l.align });
    }
  }

  private legend(g: RadarGeometry, peerLabel: string | undefined) {
    const { report } = this;
    const names = g.series.map((s) =>
      s.key === "previous" && report.previous
        ? `${s.name} (${report.previous.cycle})`
        : s.key === "peer" && peerLabel
          ? `${s.name} (${peerLabel})`
          : s.name,
    );
    const y = this.doc.y;
    const list = this.doc.struct("L");
    this.root.add(list);
    let x = margin.left;
    let line = y;
    g.series.forEach((s, i) => {
      this.style(8.5);
      const width = 30 + this.doc.widthOfString(names[i]!) + 16;
      if (x + width > margin.left + contentWidth) {
        x = margin.left;
        line += 14;
      }
      const [sx, sy] = [x, line + 5];
      this.artifact(() => {
        if (s.key === "peer") this.doc.dash(1.5, { space: 2 });
        else if (s.dashed) this.doc.dash(5, { space: 3 });
        this.doc
          .moveTo(sx, sy)
          .lineTo(sx + 24, sy)
          .lineWidth(s.key === "current" ? 2.2 : 1.4)
          .stroke(s.colour);
      });
      const tx = x + 30;
      list.add(
        this.doc.struct("LI", [
          this.doc.struct("LBody", () => {
            this.style(8.5);
            this.doc.text(names[i]!, tx, line, { lineBreak: false });
          }),
        ]),
      );
      x += width;
    });
    list.end();
    this.doc.y = line + 22;
  }

  private comparison() {
    const { report } = this;
    const c = report.comparisons;
    if (!c) return;
    const r = ruleOf(c);
    this.heading(1, "How you compare");
    this.paragraph(
      `Compared with the latest ${c.basis === "validated" ? "validated" : "submitted"} assessment of each organisation in the same cycle. The middle half of a group lies between its quartiles; the percentile rank is the share of the group below you, counting ties as half. ${ruleText(r)}`,
      { size: 9.5 },
    );
    const primary = c.groups[0];
    if (primary) {
      this.heading(2, `Each theme against ${primary.label.replace(/^./, (ch) => ch.toLowerCase())}`, {
        outline: false,
      });
      const bandWidth = 120;
      const themes = report.themes;
      this.table(
        [
          { header: "Theme", width: contentWidth - bandWidth - 215 },
          { header: "You", width: 40, align: "right" },
          { header: "Median", width: 45, align: "right" },
          { header: "Middle half / where you sit", width: 130 },
          { header: "0 to 100 (box: middle half; line: median; dot: you)", width: bandWidth },
        ],
        themes.map((t): Cell[] => {
          const stat = primary.themes[t.id];
          const withheld = withheldText(stat, r);
          return [
            { text: t.title },
            { text: formatScore(t.score, "–") },
            { text: withheld ? "–" : medianText(stat) },
            {
              text: withheld ?? [middleHalfText(stat, r), positionText(stat)].filter(Boolean).join("; "),
            },
            { text: "" },
          ];
        }),
        {
          size: 8.5,
          decorate: (i, box) => {
            const t = themes[i]!;
            const stat = primary.themes[t.id];
            const x = (v: number) => box.x + (v / 100) * box.width;
            const mid = box.y + box.height / 2;
            this.doc
              .moveTo(box.x, mid)
              .lineTo(box.x + box.width, mid)
              .lineWidth(0.5)
              .stroke(rule);
            if (!stat || stat.shown === "count") return;
            if (stat.shown !== "median")
              this.doc
                .rect(x(stat.q1), mid - 6, Math.max(1, x(stat.q3) - x(stat.q1)), 12)
                .fillAndStroke("#d8dde0", secondary);
            this.doc
              .moveTo(x(stat.median), mid - 8)
              .lineTo(x(stat.median), mid + 8)
              .lineWidth(2)
              .stroke(ink);
            if (t.score !== null) this.doc.circle(x(t.score), mid, 3.5).fillAndStroke(blue, "#ffffff");
          },
        },
      );
    }
    this.heading(2, "Overall score in each peer group", { outline: false });
    this.table(
      [
        { header: "Peer group", width: contentWidth - 235 },
        { header: "Median", width: 55, align: "right" },
        { header: "Middle half", width: 110 },
        { header: "Where you sit", width: 70 },
      ],
      c.groups.map((g): Cell[] => {
        const stat = g.themes.overall;
        const withheld = withheldText(stat, r);
        return withheld
          ? [{ text: g.label }, { text: "–" }, { text: withheld }, { text: "–" }]
          : [
              { text: g.label },
              { text: medianText(stat) },
              { text: middleHalfText(stat, r) },
              { text: positionText(stat) ?? "–" },
            ];
      }),
      { size: 9 },
    );
  }

  private nextSteps() {
    const { report } = this;
    const themes = report.themes.filter((t) => t.nextSteps.length > 0);
    this.heading(1, "Next steps");
    if (themes.length === 0) {
      this.paragraph("There are no next steps: no answer below the top would raise a theme's score.");
      return;
    }
    this.paragraph(
      "For each theme, the answers whose next level would raise the theme's score, largest gain first. Answers that hold a gated theme together are one step: raising one alone gains nothing.",
      { size: 9.5 },
    );
    const shown = 3;
    for (const t of themes) {
      this.heading(2, t.title, { outline: false, keepWith: 50 });
      const owner = this.input.assignments.get(t.id);
      this.paragraph(
        `Score ${formatScore(t.score)}. ${owner ? `Assigned to ${owner}.` : "Not assigned to anyone."}`,
        { size: 9.5, colour: secondary },
      );
      this.list(
        t.nextSteps.slice(0, shown).map((step) => stepText(step)),
        { numbered: true, size: 9.5 },
      );
      if (t.nextSteps.length > shown)
        this.paragraph(`${t.nextSteps.length - shown} more in the online report.`, {
          size: 9,
          colour: secondary,
        });
    }
  }

  /** The steps with the largest gains in the whole report: what a board may ask for first. */
  private largestGains() {
    const steps = this.report.themes
      .flatMap((t) => t.nextSteps.map((step) => ({ theme: t.title, step })))
      .sort((a, b) => b.step.gain - a.step.gain)
      .slice(0, 3);
    if (steps.length === 0) return;
    this.heading(2, "Largest gains in a theme score", { outline: false });
    this.list(
      steps.map(({ theme, step }) => `${theme}: ${stepText(step, false)}`),
      { numbered: true, size: 9.5 },
    );
  }

  private trend() {
    const { report } = this;
    const trend = report.trend;
    if (trend && trend.length > 1) {
      this.heading(2, "Trend across cycles", { outline: false });
      this.table(
        [
          { header: "Cycle", width: contentWidth - 240 },
          { header: "Your overall score", width: 110, align: "right" },
          { header: "Peer median", width: 130, align: "right" },
        ],
        trend.map((t): Cell[] => [
          { text: t.cycle },
          { text: formatScore(t.score, "–") },
          {
            text:
              t.peerMedian === null
                ? t.peers === 0
                  ? "–"
                  : `Not shown (${t.peers} organisations)`
                : formatScore(t.peerMedian),
          },
        ]),
        { size: 9.5 },
      );
      const caveat = trendCaveat(report);
      if (caveat) this.paragraph(caveat, { size: 9.5 });
    }
  }

  private about() {
    const { report } = this;
    this.heading(1, "About the figures");
    this.list(
      [
        report.method === "gated"
          ? "Gated scoring: a theme reaches a level only when every answer in it does, so a theme's score is its lowest counted answer's value."
          : "Weighted mean: every answer sits on a 0 to 100 scale, and a theme's score is the weighted mean of its counted answers. Answers marked not applicable drop out and never lower a score.",
        "The overall score is the weighted mean of the scored themes. A theme with too little answered is not scored (never shown as zero).",
        "Figures are worked out unrounded and rounded once, to one decimal place, halves rounded up. A change is the difference of the two figures as shown.",
        `Peer figures: ${ruleText(report.comparisons ? ruleOf(report.comparisons) : { minGroup: 5, quartileMinGroup: 10 })}`,
        `Questionnaire ${report.questionnaire.id}, version ${report.questionnaire.version}; scoring method ${report.scoringMethodVersion}. The full method is in the service under "How scores are worked out".`,
      ],
      { size: 9.5 },
    );
  }

  /** Running header, page numbers and the date, on every page but the cover: artifacts, not content. */
  private pageFurniture() {
    const { report, createdAt } = this.input;
    const { count } = this.doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0; // writing in the margin must not start a new page
      this.artifact(() => {
        this.style(8, false, secondary);
        if (i > 0) {
          this.doc.text(
            `${report.organisation.name} (${report.organisation.odsCode}) · Board pack ${report.assessment.cycle}`,
            margin.left,
            30,
            { width: contentWidth - 150, height: 10, lineBreak: false, ellipsis: true },
          );
          this.doc.text(
            statusWords[this.input.standing.status].split(" (")[0]!,
            margin.left + contentWidth - 160,
            30,
            {
              width: 160,
              align: "right",
              lineBreak: false,
            },
          );
          this.doc
            .moveTo(margin.left, 44)
            .lineTo(margin.left + contentWidth, 44)
            .lineWidth(0.5)
            .stroke(rule);
        }
        this.style(8, false, secondary);
        this.doc.text(`Saved ${formatDate(createdAt)}`, margin.left, A4[1] - 40, {
          width: 200,
          lineBreak: false,
        });
        this.doc.text(`Page ${i + 1} of ${count}`, margin.left + contentWidth - 120, A4[1] - 40, {
          width: 120,
          align: "right",
          lineBreak: false,
        });
      });
      this.doc.page.margins.bottom = bottom;
    }
  }
}

/** One next step in words; `advice` off for the summary, where three steps must fit with their themes. */
function stepText(step: ReportStep, advice = true): string {
  const gain = `up to +${formatNumber(step.gain, 1)} points`;
  if (step.questions.length === 1) {
    const q = step.questions[0]!;
    return `${q.question} From ${q.current} to ${q.next}: ${gain}.${advice && q.advice ? ` ${q.advice}` : ""}`;
  }
  return `Raise these ${step.questions.length} answers together (${gain}; one alone gains nothing): ${step.questions.map((q) => `${q.question} From ${q.current} to ${q.next}.`).join(" ")}`;
}
