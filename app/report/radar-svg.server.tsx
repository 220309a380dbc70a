import { renderToStaticMarkup } from "react-dom/server";
import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart } from "recharts";
import type { RadarSeries } from "./series";

const shorten = (text: string, max = 24) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/**
 * The theme scores as a radar chart, drawn by recharts on the server into static SVG: it shows without
 * JavaScript, prints, and needs no inline styles (the CSP allows none). The table beside it carries the same
 * figures for people who cannot read the chart.
 */
export function radarSvg(
  points: ({ label: string } & Record<string, number | string | null>)[],
  series: RadarSeries[],
  { title, size = 420 }: { title: string; size?: number },
): string {
  const data = points.map((p, i) => ({ ...p, axis: `${i + 1}. ${shorten(p.label)}` }));
  const markup = renderToStaticMarkup(
    <RadarChart
      width={size + 240}
      height={size}
      data={data}
      outerRadius={size / 2 - 70}
      margin={{ top: 10, right: 100, bottom: 10, left: 100 }}
    >
      <PolarGrid />
      <PolarAngleAxis dataKey="axis" tick={{ fontSize: 13, fill: "#212b32" }} />
      <PolarRadiusAxis angle={90} domain={[0, 100]} tickCount={5} tick={{ fontSize: 10, fill: "#4c6272" }} />
      {series.map((s) => (
        <Radar
          key={s.key}
          name={s.name}
          dataKey={s.key}
          stroke={s.colour}
          strokeWidth={s.key === "current" ? 3 : 2}
          strokeDasharray={s.dashed ? "6 4" : undefined}
          fill={s.colour}
          fillOpacity={s.key === "current" ? 0.2 : 0}
          isAnimationActive={false}
          dot={s.key === "current"}
        />
      ))}
    </RadarChart>,
  );
  const svg = markup.slice(markup.indexOf("<svg"), markup.lastIndexOf("</svg>") + "</svg>".length);
  const escaped = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    svg
      .replace(/\sstyle="[^"]*"/g, "")
      .replace("<svg", `<svg role="img" aria-label="${escaped}" focusable="false"`)
      .replace("<title></title><desc></desc>", "")
      // recharts numbers its clip paths from a process-wide counter: a report must render the same every time.
      .replace(/recharts\d+-clip/g, "radar-clip")
      .replace(/(<svg[^>]*>)/, `$1<title>${escaped}</title>`)
  );
}
