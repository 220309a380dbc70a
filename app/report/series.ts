export interface RadarSeries {
  key: string;
  name: string;
  /** CSS class of the series' colour, shared with the legend: see app/styles/app.scss. */
  className: string;
  colour: string;
  dashed?: boolean;
}

export const radarSeries = {
  current: { key: "current", name: "This cycle", className: "app-series--current", colour: "#005eb8" },
  previous: {
    key: "previous",
    name: "Previous cycle",
    className: "app-series--previous",
    colour: "#768692",
    dashed: true,
  },
  peer: { key: "peer", name: "Peer median", className: "app-series--peer", colour: "#330072", dashed: true },
  national: {
    key: "national",
    name: "National median",
    className: "app-series--national",
    colour: "#ed8b00",
    dashed: true,
  },
  /** The next cycle's targets from the improvement plan (issue 22), as scores on the level scale. */
  target: {
    key: "target",
    name: "Target",
    className: "app-series--target",
    colour: "#007f3b",
    dashed: true,
  },
} satisfies Record<string, RadarSeries>;
