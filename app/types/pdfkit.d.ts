// The part of pdfkit 0.20 (https://pdfkit.org) that the board pack uses. pdfkit ships no types, and
// @types/pdfkit lags its tagged-PDF API; these declarations follow pdfkit's own documentation.
declare module "pdfkit" {
  export interface TextOptions {
    width?: number;
    height?: number;
    align?: "left" | "center" | "right" | "justify";
    lineBreak?: boolean;
    ellipsis?: boolean | string;
    lineGap?: number;
    paragraphGap?: number;
    continued?: boolean;
    underline?: boolean;
    link?: string | null;
  }

  export interface StructureElement {
    add(child: StructureElement | (() => void)): StructureElement;
    end(): void;
  }

  export interface OutlineItem {
    addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
  }

  export interface DocumentOptions {
    size?: string | [number, number];
    margins?: { top: number; bottom: number; left: number; right: number };
    bufferPages?: boolean;
    autoFirstPage?: boolean;
    tagged?: boolean;
    lang?: string;
    displayTitle?: boolean;
    pdfVersion?: "1.3" | "1.4" | "1.5" | "1.6" | "1.7" | "1.7ext3";
    compress?: boolean;
    info?: {
      Title?: string;
      Author?: string;
      Subject?: string;
      Keywords?: string;
      Creator?: string;
      Producer?: string;
      CreationDate?: Date;
    };
  }

  class PDFDocument {
    constructor(options?: DocumentOptions);
    x: number;
    y: number;
    page: {
      width: number;
      height: number;
      margins: { top: number; bottom: number; left: number; right: number };
    };
    outline: OutlineItem;
    addPage(options?: DocumentOptions): this;
    switchToPage(n: number): this;
    bufferedPageRange(): { start: number; count: number };
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(colour: string, opacity?: number): this;
    strokeColor(colour: string, opacity?: number): this;
    fillOpacity(opacity: number): this;
    lineWidth(width: number): this;
    dash(length: number, options?: { space?: number; phase?: number }): this;
    undash(): this;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    text(text: string, options?: TextOptions): this;
    heightOfString(text: string, options?: TextOptions): number;
    widthOfString(text: string, options?: TextOptions): number;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    polygon(...points: [number, number][]): this;
    rect(x: number, y: number, w: number, h: number): this;
    circle(x: number, y: number, r: number): this;
    stroke(colour?: string): this;
    fill(colour?: string): this;
    fillAndStroke(fill?: string, stroke?: string): this;
    save(): this;
    restore(): this;
    struct(
      type: string,
      options?: {
        alt?: string;
        lang?: string;
        title?: string;
        actual?: string;
        scope?: "Row" | "Column" | "Both";
      },
      children?: (() => void) | StructureElement[],
    ): StructureElement;
    struct(type: string, children?: (() => void) | StructureElement[]): StructureElement;
    addStructure(element: StructureElement): this;
    markContent(tag: string, options?: { type?: string } | null): this;
    endMarkedContent(): this;
    on(event: "data", listener: (chunk: Buffer) => void): this;
    on(event: "end", listener: () => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    end(): void;
  }

  export default PDFDocument;
}
