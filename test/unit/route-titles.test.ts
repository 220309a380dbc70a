import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Every page has a title of its own, set one way: `handle = titled(…)`, read by PageMeta through Remix's public
// `useMatches` (issue 27). A route that exports `meta` instead shows the bare service name, as the plan's and
// the evidence library's pages did when they arrived from branches made before the change.
const routes = readdirSync("app/routes").filter((f) => f.endsWith(".tsx"));
const pages = routes.filter((f) => /export default function/.test(readFileSync(`app/routes/${f}`, "utf8")));

describe("page titles", () => {
  it("finds the pages", () => {
    expect(pages.length).toBeGreaterThan(40);
  });

  it.each(pages.filter((f) => f !== "$.tsx"))("%s sets its title with titled()", (file) => {
    const source = readFileSync(`app/routes/${file}`, "utf8");
    expect(source).toMatch(/export const handle = titled\b/);
    expect(source).not.toMatch(/export (const|function) meta\b/);
  });
});
