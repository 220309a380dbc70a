// What one autosave costs the server, counted rather than timed: `npx tsx bench/cost-probe.ts [DATABASE]` on
// a generated bench database (it works on a copy; default bench/results/national-1000.sqlite, or a postgres://
// URL). Runs the empty route and autosave in turn, three rounds each, and prints the server process's CPU time
// per request (utime + stime from /proc, which another job on the machine does not inflate the way it
// inflates wall-clock throughput), the fsyncs SQLite's WAL asked for, and the throughput beside them.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { autosaves, closedLoop, type LoadRequest } from "./load";
import { openAssessments, signIn, startAppServer } from "./server-process";

const source = process.argv[2] ?? "bench/results/national-1000.sqlite";
let database = source;
if (!/^postgres/.test(source)) {
  database = join(mkdtempSync(join(tmpdir(), "cost-")), "db.sqlite");
  copyFileSync(source, database);
}
// The V8 flags of `npm start`, as the bench uses them; PROBE_FLAGS="--max-semi-space-size=8" adds to them.
const startScript: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
const flags = [
  ...(startScript.match(/--(?:max-[\w-]+|v8-pool-size)=\d+/g) ?? []),
  ...(process.env.PROBE_FLAGS ?? "").split(" "),
];
const { child, url } = await startAppServer(database, flags.filter(Boolean));
const cpuMs = () => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms ticks
};
const { cookie, csrf, home } = await signIn(url, "contributor@bench.example");
const ids = await openAssessments(url, cookie, home, 50);
const headers = { cookie, "x-csrf-token": csrf };
const empty = (): LoadRequest => ({
  method: "POST",
  path: "/bench/noop",
  headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
  body: "answers.paperless-epr-coverage.value=3&answers.paperless-epr-coverage.revision=1",
});
const saves = autosaves((slot) => `/assessments/${ids[slot]}/answers`, ids.length, headers);
const rounds = {
  empty: [] as number[],
  autosave: [] as number[],
  emptyRate: [] as number[],
  saveRate: [] as number[],
};
await closedLoop(url, 50, 2, empty);
await closedLoop(url, 50, 2, saves.next, saves.onResponse);
for (let round = 0; round < 3; round++) {
  for (const kind of ["empty", "autosave"] as const) {
    const before = cpuMs();
    const run =
      kind === "empty"
        ? await closedLoop(url, 50, 4, empty)
        : await closedLoop(url, 50, 4, saves.next, saves.onResponse);
    const bad = Object.entries(run.statuses).filter(([s]) => s !== "200");
    if (bad.length > 0) throw new Error(`${kind}: ${JSON.stringify(run.statuses)}`);
    rounds[kind].push(((cpuMs() - before) * 1000) / run.requests);
    rounds[kind === "empty" ? "emptyRate" : "saveRate"].push(run.perSecond);
  }
}
child.kill("SIGTERM");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const e = median(rounds.empty);
const s = median(rounds.autosave);
console.info(
  `server CPU per request (median of 3): empty route ${e.toFixed(0)} µs, autosave ${s.toFixed(0)} µs, ` +
    `autosave's own ${(s - e).toFixed(0)} µs; by CPU autosave would run at ${(e / s).toFixed(2)}× the empty route`,
);
console.info(
  `throughput (median): empty ${median(rounds.emptyRate).toFixed(0)} req/s, autosave ${median(rounds.saveRate).toFixed(0)} req/s, ` +
    `${(median(rounds.saveRate) / median(rounds.emptyRate)).toFixed(2)}×`,
);
