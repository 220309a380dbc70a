import type PDFDocument from "pdfkit";
import type { StructureElement } from "pdfkit";

/**
 * The board pack's layout primitives on pdfkit: pages, headings, paragraphs, lists and tables, each put in the
 * structure tree in reading order (tagged PDF), and decoration drawn as artifacts. The pages themselves are
 * the other files of this folder; board-pack.server.ts puts them together.
 */
export const A4: [number, number] = [595.28, 841.89];
export const margin = { top: 62, bottom: 62, left: 56, right: 56 };
export const contentWidth = A4[0] - margin.left - margin.right;
export const bottomLimit = A4[1] - margin.bottom;
export const ink = "#212b32";
export const secondary = "#4c6272";
export const rule = "#aeb7bd";
export const blue = "#005eb8";
const font = { regular: "Helvetica", bold: "Helvetica-Bold" };

export type Cell = { text: string; bold?: boolean; align?: "left" | "right" | "center"; colour?: string };
export type Column = { header: string; width: number; align?: "left" | "right" };

export class PdfWriter {
  readonly root: StructureElement;

  constructor(readonly doc: PDFDocument) {
    this.root = doc.struct("Document");
    doc.addStructure(this.root);
  }

  newPage() {
    this.doc.addPage({ size: A4, margins: margin });
    this.doc.x = margin.left;
    this.doc.y = margin.top;
  }

  /** Starts a new page unless `height` fits below the current position. */
  ensure(height: number) {
    if (this.doc.y + height > bottomLimit) this.newPage();
  }

  style(size: number, bold = false, colour = ink) {
    this.doc
      .font(bold ? font.bold : font.regular)
      .fontSize(size)
      .fillColor(colour);
  }

  measure(text: string, width: number, size: number, bold = false) {
    this.style(size, bold);
    return this.doc.heightOfString(text, { width });
  }

  /** Decoration (rules, boxes, chart bands): drawn outside the structure tree. */
  artifact(draw: () => void) {
    this.doc.markContent("Artifact");
    this.doc.save();
    draw();
    this.doc.restore();
    this.doc.endMarkedContent();
  }

  textBlock(
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

  heading(level: 1 | 2 | 3, text: string, { keepWith = 80, outline = level === 1 } = {}) {
    const size = level === 1 ? 18 : level === 2 ? 13.5 : 11.5;
    const before = level === 1 ? 10 : 8;
    const height = this.measure(text, contentWidth, size, true);
    this.ensure(before + height + keepWith);
    this.doc.y += this.doc.y === margin.top ? 0 : before;
    if (outline) this.doc.outline.addItem(text);
    this.textBlock(`H${level}`, text, { size, bold: true, gap: level === 1 ? 8 : 5 });
  }

  paragraph(text: string, options: { size?: number; colour?: string; bold?: boolean } = {}) {
    this.textBlock("P", text, { ...options, gap: 7 });
  }

  list(items: string[], { numbered = false, size = 10.5 } = {}) {
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
  table(
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
}
