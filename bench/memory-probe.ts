// Reads the server's RSS after a mixed load, with optional Node flags: `npx tsx bench/memory-probe.ts [FLAGS…]`.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { benchPassword } from "./generate";
import { closedLoop } from "./load";

const flags = process.argv.slice(2);
const database = "bench/results/national-10000.sqlite";
const child = spawn(process.execPath, [...flags, "server.mjs"], {
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
const rss = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]) / 1024;
console.info("idle", rss().toFixed(0));
const signIn = async (email: string) => {
  const r = await fetch(`${url}/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ email, password: benchPassword }),
    redirect: "manual",
  });
  return (r.headers.get("set-cookie") ?? "").split(";")[0]!;
};
const analyst = await signIn("analyst@bench.example");
const admin = await signIn("admin@bench.example");
await closedLoop(url, 50, 5, () => ({ method: "GET", path: "/bench/noop", headers: { cookie: admin } }));
console.info("after noop load", rss().toFixed(0));
await closedLoop(url, 10, 10, () => ({ method: "GET", path: "/regions/Y56", headers: { cookie: analyst } }));
console.info("after region views", rss().toFixed(0));
await closedLoop(url, 10, 10, () => ({
  method: "GET",
  path: `/reports/${1 + Math.floor(Math.random() * 29000)}`,
  headers: { cookie: admin },
}));
console.info("after report pages", rss().toFixed(0));
child.kill("SIGTERM");
