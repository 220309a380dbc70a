import { describe, expect, it } from "vitest";
import { radarGeometry, radarRings, wrapWords } from "../../app/report/radar";
import { radarSeries } from "../../app/report/series";

// The one radar geometry the page's SVG and the PDF both draw (ADR 016): checked here as numbers, by
// distances and angles worked out independently of its formulae.

const themes = ["Records", "Interoperability", "Cyber", "Leadership", "Burden", "Access"];
const g = radarGeometry(themes, [{ ...radarSeries.current, values: [100, 50, 0, null, 25, 200] }], {
  radius: 100,
  labelSpace: 80,
  top: 40,
  bottom: 30,
});
const distance = (p: { x: number; y: number }) => Math.hypot(p.x - g.centre.x, p.y - g.centre.y);
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 9);

describe("radarGeometry", () => {
  it("sizes the drawing from the radius and the room for labels", () => {
    expect([g.width, g.height]).toEqual([2 * (100 + 80), 2 * 100 + 40 + 30]);
    expect(g.centre).toEqual({ x: 180, y: 140 });
  });

  it("draws each ring at its share of the radius, one corner a theme", () => {
    expect(g.rings.map((r) => r.value)).toEqual([...radarRings]);
    for (const ring of g.rings) {
      expect(ring.points).toHaveLength(themes.length);
      for (const p of ring.points) close(distance(p), ring.value);
    }
  });

  it("points theme 1 straight up and goes round clockwise, evenly", () => {
    const [first, second] = g.spokes;
    close(first!.x, g.centre.x);
    close(first!.y, g.centre.y - 100);
    // Clockwise on screen (y grows downwards): the second spoke is to the right of the first.
    expect(second!.x).toBeGreaterThan(g.centre.x);
    for (let i = 0; i < themes.length; i++) {
      const p = g.spokes[i]!;
      const angle = Math.atan2(p.x - g.centre.x, g.centre.y - p.y);
      close(((angle + 2 * Math.PI) % (2 * Math.PI)) / ((2 * Math.PI) / themes.length), i);
    }
  });

  it("places a series' points at their scores, unscored at the centre, and never outside 0 to 100", () => {
    const [series] = g.series;
    expect(series!.points.map((p) => Math.round(distance(p) * 1e9) / 1e9)).toEqual([100, 50, 0, 0, 25, 100]);
  });

  it("anchors labels away from the chart: top centred, right side left-aligned, left side right-aligned", () => {
    expect(g.labels[0]).toMatchObject({ text: "1. Records", align: "center", valign: "bottom" });
    expect(g.labels[1]).toMatchObject({ align: "left" });
    expect(g.labels[5]).toMatchObject({ align: "right" });
    expect(g.labels[3]).toMatchObject({ align: "center", valign: "top" });
    for (const label of g.labels) close(distance(label), 100 + 10);
  });

  it("numbers only, for a chart drawn small", () => {
    const small = radarGeometry(themes, [], { numbersOnly: true });
    expect(small.labels.map((l) => l.text)).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("puts the scale along the first spoke", () => {
    expect(g.scale.map((s) => s.value)).toEqual([0, 25, 50, 75, 100]);
    for (const s of g.scale) close(g.centre.y - s.y, s.value);
  });
});

describe("wrapWords", () => {
  it("wraps at word boundaries within the width, keeping a long word whole", () => {
    expect(wrapWords("Give people tools to access information and services", 16)).toEqual([
      "Give people",
      "tools to access",
      "information and",
      "services",
    ]);
    expect(wrapWords("Interoperability", 5)).toEqual(["Interoperability"]);
  });
});
