import type { RadarSeries } from "./series";

/**
 * The radar chart's geometry, once, for the page (SVG) and the PDF (pdfkit): where the rings, spokes, scale,
 * theme labels and each series' points go. Pure: numbers in, coordinates out. Theme 1 points straight up and
 * the themes go round clockwise; 0 is the centre and 100 the outer ring.
 */
export interface RadarPoint {
  x: number;
  y: number;
}

export interface RadarAxisLabel {
  text: string;
  /** Where the label is anchored, and which way its text runs from there. */
  x: number;
  y: number;
  align: "left" | "center" | "right";
  valign: "top" | "middle" | "bottom";
}

export interface RadarGeometry {
  width: number;
  height: number;
  centre: RadarPoint;
  radius: number;
  rings: { value: number; points: RadarPoint[] }[];
  spokes: RadarPoint[];
  scale: { value: number; x: number; y: number }[];
  labels: RadarAxisLabel[];
  series: (RadarSeries & { points: RadarPoint[]; values: (number | null)[] })[];
}

export const radarRings = [25, 50, 75, 100] as const;

export function radarGeometry(
  themes: string[],
  series: (RadarSeries & { values: (number | null)[] })[],
  {
    radius = 150,
    labelSpace = 130,
    labelGap = 10,
    top = 56,
    bottom = 56,
    numbersOnly = false,
  }: {
    radius?: number;
    labelSpace?: number;
    labelGap?: number;
    top?: number;
    bottom?: number;
    /** Labels are the theme's number alone, for a chart drawn small; the table beside it names each one. */
    numbersOnly?: boolean;
  } = {},
): RadarGeometry {
  const width = 2 * (radius + labelSpace);
  const height = 2 * radius + top + bottom;
  const centre = { x: width / 2, y: top + radius };
  const n = Math.max(themes.length, 3);
  const at = (i: number, value: number): RadarPoint => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const r = (Math.max(0, Math.min(100, value)) / 100) * radius;
    return { x: centre.x + Math.cos(angle) * r, y: centre.y + Math.sin(angle) * r };
  };
  const labels = themes.map((text, i): RadarAxisLabel => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const r = radius + labelGap;
    return {
      text: numbersOnly ? String(i + 1) : `${i + 1}. ${text}`,
      x: centre.x + cos * r,
      y: centre.y + sin * r,
      align: Math.abs(cos) < 0.2 ? "center" : cos > 0 ? "left" : "right",
      valign: Math.abs(sin) < 0.2 ? "middle" : sin > 0 ? "top" : "bottom",
    };
  });
  return {
    width,
    height,
    centre,
    radius,
    rings: radarRings.map((value) => ({ value, points: themes.map((_, i) => at(i, value)) })),
    spokes: themes.map((_, i) => at(i, 100)),
    // Along the first spoke, just to its right.
    scale: [0, ...radarRings].map((value) => ({ value, x: centre.x + 4, y: at(0, value).y })),
    labels,
    series: series.map((s) => ({ ...s, points: s.values.map((v, i) => at(i, v ?? 0)) })),
  };
}

/** Wraps a label into lines of at most `max` characters (the SVG has no text measuring; the PDF measures). */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
