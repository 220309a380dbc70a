import { useEffect, useState } from "react";
import {
  CartesianGrid,
  Line,
  LineChart,
  PolarAngleAxis,
  PolarGrid,
  PolarRadiusAxis,
  Radar,
  RadarChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatScore } from "../../format";
import type { chartData, trajectoryData } from "../../report/chart-data";

/**
 * The interactive charts (issue 22, ADR 016 amended): recharts 3, drawn in the browser only, over the static
 * SVG and the tables, from the same data module (app/report/chart-data.ts). This module is loaded lazily by
 * ./interactive.tsx, so recharts never reaches a page that does not chart. recharts sets its few styles
 * through the DOM, which the Content-Security-Policy allows.
 */
export function InteractiveRadar({
  data,
  onDrawn,
}: {
  data: ReturnType<typeof chartData>;
  onDrawn?: () => void;
}) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  useEffect(() => onDrawn?.(), [onDrawn]);
  const rows = data.points.map((p, i) => ({ ...p, label: `${i + 1}. ${p.label}` }));
  return (
    <div className="app-interactive" data-chart="radar">
      <SeriesToggles
        series={data.series}
        hidden={hidden}
        onToggle={(key) =>
          setHidden((h) => {
            const next = new Set(h);
            if (!next.delete(key)) next.add(key);
            return next;
          })
        }
      />
      <ResponsiveContainer width="100%" height={440}>
        <RadarChart data={rows} outerRadius="70%" accessibilityLayer>
          <PolarGrid />
          <PolarAngleAxis dataKey="label" tick={{ fontSize: 12 }} />
          <PolarRadiusAxis domain={[0, 100]} tickCount={5} angle={90} />
          {data.series.map((s) => (
            <Radar
              key={s.key}
              name={s.name}
              dataKey={s.key}
              stroke={s.colour}
              strokeWidth={s.key === "current" ? 3 : 2}
              strokeDasharray={
                s.dashed ? (s.key === "peer" ? "2 3" : s.key === "target" ? "1 3" : "6 4") : undefined
              }
              fill={s.colour}
              fillOpacity={s.key === "current" ? 0.15 : 0}
              hide={hidden.has(s.key)}
              isAnimationActive={false}
              dot
            />
          ))}
          <Tooltip itemStyle={tooltipItem} formatter={tooltipScore} />
        </RadarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TrajectoryChart({ data }: { data: ReturnType<typeof trajectoryData> }) {
  const [themeId, setThemeId] = useState("overall");
  const theme = data.themes.find((t) => t.id === themeId) ?? data.themes[0]!;
  const rows = data.rows.map((r) => ({ cycle: r.cycle, score: r.values[theme.id] }));
  const target = data.target[theme.id];
  return (
    <div className="app-interactive" data-chart="trajectory">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="trajectory-theme">
          Show
        </label>
        <select
          className="nhsuk-select"
          id="trajectory-theme"
          value={themeId}
          onChange={(e) => setThemeId(e.target.value)}
        >
          {data.themes.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      </div>
      <ResponsiveContainer width="100%" height={300}>
        <LineChart data={rows} accessibilityLayer margin={{ top: 16, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#d8dde0" />
          <XAxis dataKey="cycle" />
          <YAxis domain={[0, 100]} />
          <Line
            type="linear"
            dataKey="score"
            name={`${theme.title} score`}
            stroke="#005eb8"
            strokeWidth={3}
            isAnimationActive={false}
            connectNulls={false}
          />
          {target != null ? (
            <ReferenceLine
              y={target}
              stroke="#007f3b"
              strokeDasharray="1 3"
              strokeWidth={2}
              label={{ value: `Target ${formatScore(target)}`, position: "insideTopRight" }}
            />
          ) : null}
          <Tooltip itemStyle={tooltipItem} formatter={tooltipScore} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Tooltip text in the design system's text colour: series colours (orange, grey) fail contrast as text. */
const tooltipItem = { color: "#212b32" };
const tooltipScore = (value: unknown) => (typeof value === "number" ? formatScore(value) : "–");

/** A button per series, pressed while it shows: the legend as controls, reachable by keyboard. */
function SeriesToggles({
  series,
  hidden,
  onToggle,
}: {
  series: { key: string; name: string; className: string }[];
  hidden: Set<string>;
  onToggle: (key: string) => void;
}) {
  return (
    <ul className="nhsuk-list app-legend app-series-toggles" aria-label="Series shown">
      {series.map((s) => (
        <li key={s.key} className={s.className}>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            aria-pressed={!hidden.has(s.key)}
            onClick={() => onToggle(s.key)}
          >
            {s.name}
          </button>
        </li>
      ))}
    </ul>
  );
}
