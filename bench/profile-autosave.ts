// Profiles the autosave endpoint: `npx tsx bench/profile-autosave.ts [DATABASE]` after
// `BENCH_ORGANISATIONS=1000 npm run bench` has generated bench/results/national-1000.sqlite. Writes a CPU
// profile to bench/results/.
import { autosaves, closedLoop } from "./load";
import { openAssessments, signIn, startAppServer } from "./server-process";

const database = process.argv[2] ?? "bench/results/national-1000.sqlite";
const { child, url } = await startAppServer(database, ["--cpu-prof", "--cpu-prof-dir=bench/results"]);
const { cookie, csrf, home } = await signIn(url, "contributor@bench.example");
const ids = await openAssessments(url, cookie, home, 50);
const load = autosaves((slot) => `/assessments/${ids[slot]}/answers`, ids.length, {
  cookie,
  "x-csrf-token": csrf,
});
const result = await closedLoop(url, 50, 8, load.next, load.onResponse);
console.info(result.perSecond.toFixed(0), "req/s", result.statuses);
child.kill("SIGINT");
