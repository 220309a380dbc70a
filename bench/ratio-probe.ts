// Autosave against the empty route, twice, with given Node flags: `npx tsx bench/ratio-probe.ts [FLAGS…]`
// (uses bench/results/national-1000.sqlite from `BENCH_ORGANISATIONS=1000 npm run bench`).
import { closedLoop, type LoadRequest } from "./load";
import { openAssessments, signIn, startAppServer } from "./server-process";

const flags = process.argv.slice(2);
const { child, url } = await startAppServer("bench/results/national-1000.sqlite", flags);
const { cookie, csrf, home } = await signIn(url, "contributor@bench.example");
const ids = await openAssessments(url, cookie, home, 50);
const headers = { cookie, "x-csrf-token": csrf, "content-type": "application/x-www-form-urlencoded" };
const revision = new Map<number, number>();
const value = new Map<number, number>();
const rounds: string[] = [];
for (let round = 0; round < 2; round++) {
  const empty = await closedLoop(
    url,
    50,
    6,
    (): LoadRequest => ({ method: "POST", path: "/bench/noop", headers, body: "x=1" }),
  );
  const save = await closedLoop(
    url,
    50,
    6,
    (c): LoadRequest => {
      value.set(c, value.get(c) === 3 ? 2 : 3);
      return {
        method: "POST",
        path: `/assessments/${ids[c % ids.length]}/answers`,
        headers,
        body: `answers.paperless-epr-coverage.value=${value.get(c)}&answers.paperless-epr-coverage.revision=${revision.get(c) ?? 1}`,
      };
    },
    (c, _s, b) => {
      const r = /"revision":(\d+)/.exec(b)?.[1];
      if (r) revision.set(c, Number(r));
    },
  );
  rounds.push(
    `empty ${empty.perSecond.toFixed(0)} save ${save.perSecond.toFixed(0)} ratio ${(save.perSecond / empty.perSecond).toFixed(2)}`,
  );
}
console.info(flags.join(" ") || "(no flags)", "|", rounds.join(" | "));
child.kill("SIGTERM");
