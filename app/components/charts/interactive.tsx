import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import type { chartData, trajectoryData } from "../../report/chart-data";

/*
 * Progressive enhancement for charts (ADR 016, amended for issue 22): the server's SVG and the tables are the
 * base, shown without JavaScript, in print and in the PDF. Once the page is interactive, recharts (about
 * 120 KB gzip, loaded only here and only now) draws the interactive chart from the same figures.
 */
const charts = () => import("./recharts-charts");
const LazyRadar = lazy(() => charts().then((m) => ({ default: m.InteractiveRadar })));
const LazyTrajectory = lazy(() => charts().then((m) => ({ default: m.TrajectoryChart })));

function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

/**
 * The radar's figure: the static SVG and its legend, replaced on screen (never in print) by the interactive
 * radar once that has drawn.
 */
export function RadarFigure({
  data,
  caption,
  children,
}: {
  data: ReturnType<typeof chartData>;
  caption: ReactNode;
  children: ReactNode;
}) {
  const mounted = useMounted();
  // The static chart stays until the interactive one has drawn: if its code cannot load, nothing is lost.
  const [drawn, setDrawn] = useState(false);
  return (
    <figure className={drawn ? "app-radar app-radar--enhanced" : "app-radar"}>
      <div className="app-static-chart">{children}</div>
      {mounted ? (
        <Suspense fallback={null}>
          <LazyRadar data={data} onDrawn={() => setDrawn(true)} />
        </Suspense>
      ) : null}
      <figcaption className="app-static-chart">{caption}</figcaption>
    </figure>
  );
}

export function TrajectoryFigure({ data }: { data: ReturnType<typeof trajectoryData> }) {
  const mounted = useMounted();
  if (!mounted || data.rows.length < 2) return null;
  return (
    <Suspense fallback={null}>
      <LazyTrajectory data={data} />
    </Suspense>
  );
}
