// Profiles the autosave endpoint: `npx tsx bench/profile-autosave.ts [DATABASE]` after
// `BENCH_ORGANISATIONS=1000 npm run bench` has generated bench/results/national-1000.sqlite. Writes a CPU
// profile to bench/results/.
import { closedLoop, type LoadRequest } from "./load";
import { openAssessments, signIn, startAppServer } from "./server-process";

const database = process.argv[2] ?? "bench/results/national-1000.sqlite";
const { child, url } = await startAppServer(database, ["--cpu-prof", "--cpu-prof-dir=bench/results"]);
const { cookie, csrf, home } = await signIn(url, "contributor@bench.example");
const ids = await openAssessments(url, cookie, home, 50);
const revision = new Map<number, number>();
const result = await closedLoop(
  url,
  50,
  8,
  (c): LoadRequest => ({
    method: "POST",
    path: `/assessments/${ids[c % ids.length]}/answers`,
    headers: { cookie, "x-csrf-token": csrf, "content-type": "application/x-www-form-urlencoded" },
    body: `answers.paperless-epr-coverage.value=${Math.random() < 0.5 ? 2 : 3}&answers.paperless-epr-coverage.revision=${revision.get(c) ?? 1}`,
  }),
  (c, _s, body) => {
    const r = /"revision":(\d+)/.exec(body)?.[1];
    if (r) revision.set(c, Number(r));
  },
);
console.info(result.perSecond.toFixed(0), "req/s", result.statuses);
child.kill("SIGINT");
