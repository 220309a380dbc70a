// Profiles the autosave endpoint: `npx tsx bench/profile-autosave.ts` after `npm run bench` has generated
// bench/results/national-1000.sqlite (BENCH_ORGANISATIONS=1000). Writes a CPU profile to bench/results/.
import { spawn } from "node:child_process";
import { benchPassword } from "./generate";
import { closedLoop, type LoadRequest } from "./load";

const database = process.argv[2] ?? "bench/results/national-1000.sqlite";
const child = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir=bench/results", "server.mjs"], {
  env: {
    ...process.env,
    DATABASE_URL: database,
    NODE_ENV: "production",
    SESSION_SECRET: "x",
    DEMO_DATA: "off",
    PORT: "0",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<string>((resolve) => {
  child.stdout!.on("data", (c) => {
    const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(String(c));
    if (m) resolve(m[1]!);
  });
});
const signIn = await fetch(`${url}/sign-in`, {
  method: "POST",
  body: new URLSearchParams({ email: "contributor@bench.example", password: benchPassword }),
  redirect: "manual",
});
const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
const home = await (await fetch(`${url}/`, { headers: { cookie } })).text();
const csrf = /name="csrf" value="([^"]+)"/.exec(home)?.[1] ?? "";
const orgs = [...home.matchAll(/organisations\/(N\d+)/g)].map((m) => m[1]!);
const ids: number[] = [];
for (const org of orgs.slice(0, 50)) {
  const page = await (await fetch(`${url}/organisations/${org}`, { headers: { cookie } })).text();
  const id = [...page.matchAll(/assessments\/(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => b - a)[0];
  if (id) ids.push(id);
}
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
