import { type RadarGeometry, wrapWords } from "./radar";

const escapeText = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const n = (x: number) => (Math.round(x * 10) / 10).toString(); // SVG coordinates, not figures: no formatter
const pointsOf = (ps: { x: number; y: number }[]) => ps.map((p) => `${n(p.x)},${n(p.y)}`).join(" ");

/**
 * The radar chart as static SVG for the page, from the shared geometry (the PDF draws the same geometry).
 * Shows without JavaScript, prints, and uses presentation attributes only (the CSP allows no inline styles).
 * The table beside it carries the same figures.
 */
export function radarSvg(
  g: RadarGeometry,
  {
    title,
    className = "app-radar__svg",
    labelSize = 13,
    scaleSize = 10,
  }: { title: string; className?: string; labelSize?: number; scaleSize?: number },
): string {
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="${className}" viewBox="0 0 ${n(g.width)} ${n(g.height)}" width="${n(g.width)}" height="${n(g.height)}" role="img" aria-label="${escapeText(title)}" focusable="false">`,
    `<title>${escapeText(title)}</title>`,
  );
  for (const ring of g.rings)
    parts.push(
      `<polygon points="${pointsOf(ring.points)}" fill="none" stroke="#aeb7bd" stroke-width="${ring.value === 100 ? 1.5 : 0.75}"/>`,
    );
  for (const s of g.spokes)
    parts.push(
      `<line x1="${n(g.centre.x)}" y1="${n(g.centre.y)}" x2="${n(s.x)}" y2="${n(s.y)}" stroke="#aeb7bd" stroke-width="0.75"/>`,
    );
  for (const s of g.scale)
    parts.push(
      `<text x="${n(s.x)}" y="${n(s.y - 2)}" font-size="${scaleSize}" fill="#4c6272" font-family="Arial, sans-serif">${s.value}</text>`,
    );
  for (const s of g.series) {
    const current = s.key === "current";
    parts.push(
      `<polygon class="${s.className}" points="${pointsOf(s.points)}" fill="${current ? s.colour : "none"}" fill-opacity="${current ? 0.15 : 0}" stroke="${s.colour}" stroke-width="${current ? 3 : 2}"${s.dashed ? ` stroke-dasharray="${s.key === "peer" ? "2 3" : s.key === "target" ? "1 3" : "6 4"}"` : ""}/>`,
    );
    if (current)
      for (const p of s.points)
        parts.push(`<circle cx="${n(p.x)}" cy="${n(p.y)}" r="4" fill="${s.colour}"/>`);
  }
  for (const l of g.labels) {
    const lines = wrapWords(l.text, 20);
    const anchor = l.align === "left" ? "start" : l.align === "right" ? "end" : "middle";
    const lineHeight = Math.round(labelSize * 1.15);
    // Baselines: below the point for labels under the chart, above it for those over it, centred beside it.
    const first =
      l.valign === "top"
        ? l.y + labelSize * 0.92
        : l.valign === "bottom"
          ? l.y - (lines.length - 1) * lineHeight - 2
          : l.y - ((lines.length - 1) * lineHeight) / 2 + labelSize * 0.31;
    parts.push(
      `<text x="${n(l.x)}" y="${n(first)}" text-anchor="${anchor}" font-size="${labelSize}" fill="#212b32" font-family="Arial, sans-serif">${lines
        .map((line, i) => `<tspan x="${n(l.x)}" dy="${i === 0 ? 0 : lineHeight}">${escapeText(line)}</tspan>`)
        .join("")}</text>`,
    );
  }
  parts.push("</svg>");
  return parts.join("");
}
