// Autosave against the empty route with given Node flags: `npx tsx bench/ratio-probe.ts [NODE FLAGS…]`
// (uses bench/results/national-1000.sqlite from `BENCH_ORGANISATIONS=1000 npm run bench`).
import { spawn } from "node:child_process";
import { benchPassword } from "./generate";
import { closedLoop, type LoadRequest } from "./load";

const child = spawn(process.execPath, [...process.argv.slice(2), "server.mjs"], {
  env: {
    ...process.env,
    DATABASE_URL: "bench/results/national-1000.sqlite",
    NODE_ENV: "production",
    SESSION_SECRET: "x",
    DEMO_DATA: "off",
    PORT: "0",
    BENCH_ROUTES: "1",
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
const headers = { cookie, "x-csrf-token": csrf, "content-type": "application/x-www-form-urlencoded" };
const body = "answers.paperless-epr-coverage.value=3&answers.paperless-epr-coverage.revision=1";
const revision = new Map<number, number>();
const value = new Map<number, number>();
const results: string[] = [];
for (let round = 0; round < 2; round++) {
  const empty = await closedLoop(
    url,
    50,
    6,
    (): LoadRequest => ({ method: "POST", path: "/bench/noop", headers, body }),
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
  results.push(
    `empty ${empty.perSecond.toFixed(0)} save ${save.perSecond.toFixed(0)} ratio ${(save.perSecond / empty.perSecond).toFixed(2)}`,
  );
}
console.info(process.argv.slice(2).join(" ") || "(no flags)", "|", results.join(" | "));
child.kill("SIGTERM");
