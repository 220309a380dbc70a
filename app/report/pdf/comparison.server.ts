import { formatScore } from "../../format";
import { boardPackHeadings as h } from "../../content/board-pack";
import { medianText, middleHalfText, positionText, ruleOf, ruleText, withheldText } from "../figures";
import type { BoardPackInput } from "./input";
import { blue, type Cell, contentWidth, ink, type PdfWriter, rule, secondary } from "./writer.server";

/** How you compare: each theme against the first peer group, and the overall score in every group. */
export function comparison(w: PdfWriter, input: BoardPackInput) {
  const { report } = input;
  const c = report.comparisons;
  if (!c) return;
  const r = ruleOf(c);
  w.heading(1, h.compare);
  w.paragraph(
    `Compared with the latest ${c.basis === "validated" ? "validated" : "submitted"} assessment of each organisation in the same cycle. The middle half of a group lies between its quartiles; the percentile rank is the share of the group below you, counting ties as half. ${ruleText(r)}`,
    { size: 9.5 },
  );
  const primary = c.groups[0];
  if (primary) {
    w.heading(2, h.eachTheme(primary.label), {
      outline: false,
    });
    const bandWidth = 120;
    const themes = report.themes;
    w.table(
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
          w.doc
            .moveTo(box.x, mid)
            .lineTo(box.x + box.width, mid)
            .lineWidth(0.5)
            .stroke(rule);
          if (!stat || stat.shown === "count") return;
          if (stat.shown !== "median")
            w.doc
              .rect(x(stat.q1), mid - 6, Math.max(1, x(stat.q3) - x(stat.q1)), 12)
              .fillAndStroke("#d8dde0", secondary);
          w.doc
            .moveTo(x(stat.median), mid - 8)
            .lineTo(x(stat.median), mid + 8)
            .lineWidth(2)
            .stroke(ink);
          if (t.score !== null) w.doc.circle(x(t.score), mid, 3.5).fillAndStroke(blue, "#ffffff");
        },
      },
    );
  }
  w.heading(2, h.overallByGroup, { outline: false });
  w.table(
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
