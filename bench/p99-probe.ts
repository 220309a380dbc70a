// Where the autosave p99 goes: `npx tsx bench/p99-probe.ts [DATABASE]` on a generated bench database (it
// works on a copy). Runs the bench's open loop (200 autosaves a second for 10 s) twice and prints p50, p99,
// max and the WAL's size before and after each round, so stalls can be set against the WAL's checkpoints.
// `PROBE_ENV=DATABASE_SYNCHRONOUS=normal` runs the server with that environment added.
import { copyFileSync, existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { autosaves, openLoop, percentile } from "./load";
import { openAssessments, signIn, startAppServer } from "./server-process";

const source = process.argv[2] ?? "bench/results/national-1000.sqlite";
const database = join(mkdtempSync(join(tmpdir(), "p99-")), "db.sqlite");
copyFileSync(source, database);
const env = Object.fromEntries(
  (process.env.PROBE_ENV ?? "")
    .split(",")
    .filter(Boolean)
    .map((pair) => pair.split("=") as [string, string]),
);
const { child, url } = await startAppServer(database, [], env);
const { cookie, csrf, home } = await signIn(url, "contributor@bench.example");
const ids = await openAssessments(url, cookie, home, 100);
const load = autosaves((slot) => `/assessments/${ids[slot]}/answers`, ids.length, {
  cookie,
  "x-csrf-token": csrf,
});
const wal = () => (existsSync(`${database}-wal`) ? statSync(`${database}-wal`).size : 0);
for (const round of [1, 2]) {
  const before = wal();
  const result = await openLoop(url, 200, 10, load.next, load.onResponse);
  const at = (p: number) => percentile(result.latencies, p).toFixed(1);
  console.info(
    `round ${round}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms, over 20 ms: ${result.latencies.filter((l) => l > 20).length} of ${result.latencies.length}; WAL ${before} → ${wal()} bytes`,
    result.statuses,
  );
}
child.kill("SIGTERM");
