import { formatScore } from "../../format";
import { boardPackHeadings as h } from "../../content/board-pack";
import { reportRadar } from "../chart-data";
import { changeCaveat, medianText } from "../figures";
import type { RadarGeometry } from "../radar";
import type { BoardPackInput } from "./input";
import {
  type Cell,
  type Column,
  contentWidth,
  ink,
  margin,
  type PdfWriter,
  rule,
  secondary,
} from "./writer.server";

/** Theme scores: the radar chart (a tagged figure) with its legend, and the same figures as a table. */
export function themeScores(w: PdfWriter, input: BoardPackInput) {
  const { report } = input;
  const g = reportRadar(report, {
    radius: 125,
    labelSpace: contentWidth / 2 - 125,
    labelGap: 8,
    top: 34,
    bottom: 34,
  });
  w.heading(1, h.themeScores, { keepWith: g.height + 60 });
  const peer = report.comparisons?.groups[0]?.label;
  const alt = `Radar chart of the ${report.themes.length} theme scores out of 100 for ${report.organisation.name}, ${report.assessment.cycle}: ${g.series
    .map((s) => s.name.toLowerCase())
    .join(
      ", ",
    )}. ${report.themes.map((t) => `${t.title} ${formatScore(t.score)}`).join("; ")}. The table below gives the same figures.`;
  w.ensure(g.height + 40);
  const top = w.doc.y;
  w.root.add(w.doc.struct("Figure", { alt }, () => drawRadar(w, g, margin.left, top)));
  w.doc.y = top + g.height + 4;
  legend(w, input, g, peer);
  const hasPeer = g.series.some((s) => s.key === "peer");
  const columns: Column[] = [
    { header: "Theme", width: contentWidth - 60 * (report.previous ? 4 : 3) + (hasPeer ? 0 : 60) },
    { header: "Score", width: 60, align: "right" },
    { header: "Level", width: 60, align: "right" },
    ...(report.previous ? [{ header: report.previous.cycle, width: 60, align: "right" as const }] : []),
    ...(hasPeer ? [{ header: "Peer median", width: 60, align: "right" as const }] : []),
  ];
  const peerGroup = report.comparisons?.groups[0];
  w.table(columns, [
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
  if (report.previous && changeCaveat(report)) w.paragraph(changeCaveat(report)!, { size: 9.5 });
}

function drawRadar(w: PdfWriter, g: RadarGeometry, left: number, top: number) {
  const doc = w.doc;
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
  w.style(7.5, false, secondary);
  for (const s of g.scale) doc.text(String(s.value), ...at({ x: s.x, y: s.y - 8 }), { lineBreak: false });
  const labelWidth = g.width / 2 - g.radius - 14;
  for (const l of g.labels) {
    w.style(8.5, false, ink);
    const width = l.align === "center" ? 150 : labelWidth;
    const height = doc.heightOfString(l.text, { width, align: l.align });
    const [ax, ay] = at(l);
    const x = l.align === "left" ? ax : l.align === "right" ? ax - width : ax - width / 2;
    const y = l.valign === "top" ? ay : l.valign === "bottom" ? ay - height : ay - height / 2;
    doc.text(l.text, x, y, { width, align: l.align });
  }
}

function legend(w: PdfWriter, input: BoardPackInput, g: RadarGeometry, peerLabel: string | undefined) {
  const { report } = input;
  const names = g.series.map((s) =>
    s.key === "previous" && report.previous
      ? `${s.name} (${report.previous.cycle})`
      : s.key === "peer" && peerLabel
        ? `${s.name} (${peerLabel})`
        : s.name,
  );
  const y = w.doc.y;
  const list = w.doc.struct("L");
  w.root.add(list);
  let x = margin.left;
  let line = y;
  g.series.forEach((s, i) => {
    w.style(8.5);
    const width = 30 + w.doc.widthOfString(names[i]!) + 16;
    if (x + width > margin.left + contentWidth) {
      x = margin.left;
      line += 14;
    }
    const [sx, sy] = [x, line + 5];
    w.artifact(() => {
      if (s.key === "peer") w.doc.dash(1.5, { space: 2 });
      else if (s.dashed) w.doc.dash(5, { space: 3 });
      w.doc
        .moveTo(sx, sy)
        .lineTo(sx + 24, sy)
        .lineWidth(s.key === "current" ? 2.2 : 1.4)
        .stroke(s.colour);
    });
    const tx = x + 30;
    list.add(
      w.doc.struct("LI", [
        w.doc.struct("LBody", () => {
          w.style(8.5);
          w.doc.text(names[i]!, tx, line, { lineBreak: false });
        }),
      ]),
    );
    x += width;
  });
  list.end();
  w.doc.y = line + 22;
}
