// Reads the server's RSS after a mixed load, with optional Node flags: `npx tsx bench/memory-probe.ts [FLAGS…]`
// (uses bench/results/national-10000.sqlite from `npm run bench`).
import { closedLoop } from "./load";
import { rssMegabytes, signIn, startAppServer } from "./server-process";

const flags = process.argv.slice(2);
const { child, url } = await startAppServer("bench/results/national-10000.sqlite", flags);
const rss = () => rssMegabytes(child.pid!).toFixed(0);
console.info("idle", rss());
const analyst = (await signIn(url, "analyst@bench.example")).cookie;
const admin = (await signIn(url, "admin@bench.example")).cookie;
await closedLoop(url, 50, 5, () => ({ method: "GET", path: "/bench/noop", headers: { cookie: admin } }));
console.info("after noop load", rss());
await closedLoop(url, 10, 10, () => ({ method: "GET", path: "/regions/Y56", headers: { cookie: analyst } }));
console.info("after region views", rss());
await closedLoop(url, 10, 10, () => ({
  method: "GET",
  path: `/reports/${1 + Math.floor(Math.random() * 29000)}`,
  headers: { cookie: admin },
}));
console.info("after report pages", rss());
child.kill("SIGTERM");
