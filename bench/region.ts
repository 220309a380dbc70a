// The regional view at two scales, side by side: `npm run bench -- --region` (only this part) generates
// 1,000 and 10,000 organisations, starts the production server on each, and times a page of London's
// regional view (by name, by overall score, and one care setting). A page is paged and filtered in SQL and
// its distributions are precomputed, so its p95 should not grow with the region's size.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "./generate";
import { percentile, timePage } from "./load";
import { signIn, startAppServer, waitForHealth } from "./server-process";

export async function regionBench({ reuse = false } = {}) {
  const startScript: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
  const nodeFlags = startScript.match(/--(?:max-[\w-]+|v8-pool-size)=\d+/g) ?? [];
  const paths = ["/regions/Y56", "/regions/Y56?sort=overall", "/regions/Y56?careSetting=acute"];
  // A deep page: London has about 143 organisations at 1,000 and 1,430 at 10,000, so page 3 is a full page
  // of 100 only at national scale. It is compared with page 1 at the same scale (same rows, deeper offset).
  const deepPage = "/regions/Y56?page=3";
  const results: { organisations: number; path: string; p50: number; p95: number }[] = [];
  for (const organisations of [1_000, 10_000]) {
    const database = join("bench/results", `national-${organisations}.sqlite`);
    if (!(reuse && existsSync(database))) {
      console.info(`Generating ${organisations} organisations…`);
      await generate(database, organisations, 200, () => {});
    }
    const generated = { analystEmail: "analyst@bench.example" };
    const app = await startAppServer(database, nodeFlags);
    try {
      await waitForHealth(app.url, app.started, app.child);
      const analyst = await signIn(app.url, generated.analystEmail);
      for (const path of organisations === 10_000 ? [...paths, deepPage] : paths) {
        const times = await timePage(app.url, path, analyst.cookie);
        results.push({ organisations, path, p50: percentile(times, 0.5), p95: percentile(times, 0.95) });
      }
    } finally {
      app.child.kill("SIGTERM");
    }
  }
  // The claim is that a page's cost does not grow with the region's size: the budget is the ratio of the
  // two p95s from this same run (absolute times drift with the machine's load; the ratio much less), and
  // the p95 at national scale is shown against the page budget for information.
  console.info(
    "\n| regional view page | p95 at 1,000 organisations | p95 at 10,000 organisations | ratio | budget | result |\n|---|---|---|---|---|---|",
  );
  let missed = 0;
  const p95 = (n: number, path: string) => results.find((r) => r.organisations === n && r.path === path)!.p95;
  const row = (label: string, small: number, large: number) => {
    const ratio = large / small;
    const ok = ratio <= 1.5;
    if (!ok) missed++;
    console.info(
      `| ${label} | ${small.toFixed(1)} ms | ${large.toFixed(1)} ms (page budget 100 ms) | ${ratio.toFixed(2)}× | ≤ 1.5× | ${ok ? "met" : "MISSED"} |`,
    );
  };
  for (const path of paths) row(path, p95(1_000, path), p95(10_000, path));
  console.info(
    "\n| deep page, 10,000 organisations | p95 of page 1 | p95 of page 3 | ratio | budget | result |\n|---|---|---|---|---|---|",
  );
  row(deepPage, p95(10_000, paths[0]!), p95(10_000, deepPage));
  return missed;
}
