// `npm run bench`: builds, generates a national-scale database, starts the production server on it, and
// measures each budget against a baseline taken in the same run. Prints one table, writes it as JSON to
// bench/results/, and exits non-zero when a budget is missed. `npm run bench -- --region` runs only the
// regional view at 1,000 and 10,000 organisations (bench/region.ts); `--reuse` keeps generated databases.
// `npm run bench -- --hostile` runs only the hostile requests (bench/hostile.ts), which the full run ends with;
// `npm run bench -- --workbook` only the assessment workbook's download and upload preview (bench/workbook.ts);
// `npm run bench -- --reminders` only the reminder sweep at national scale (bench/reminders.ts);
// `npm run bench -- --evidence` only autosave p99 while 10 MB evidence files upload (bench/evidence.ts).
// Method and latest figures: docs/performance.md.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import SQLite from "better-sqlite3";
import pg from "pg";
import { cycles, generate } from "./generate";
import { hostileBench } from "./hostile";
import { remindersBench } from "./reminders";
import { evidenceBench } from "./evidence";
import { workbookBench } from "./workbook";
import { autosaves, closedLoop, type LoadRequest, openLoop, percentile, timePage } from "./load";
import { rssMegabytes, signIn, startAppServer, startProcess, waitForHealth } from "./server-process";

const args = new Set(process.argv.slice(2));
const organisations = Number(process.env.BENCH_ORGANISATIONS ?? 10_000);
mkdirSync("bench/results", { recursive: true });

/**
 * `--database postgres` (or BENCH_DATABASE=postgres) measures SQLite and then PostgreSQL in the same run and
 * prints them side by side. PostgreSQL is the server TEST_DATABASE_URL names, or else a throwaway local
 * cluster started by scripts/with-postgres.sh for the run, with fsync on (WITH_POSTGRES_FSYNC=on) and
 * synchronous_commit off: the durability of SQLite's WAL with synchronous=NORMAL, so the two compare.
 */
const databaseArg = process.argv.includes("--database")
  ? process.argv[process.argv.indexOf("--database") + 1]
  : process.env.BENCH_DATABASE;
if (databaseArg !== undefined && databaseArg !== "postgres" && databaseArg !== "sqlite") {
  console.error(`--database must be sqlite or postgres (got ${databaseArg})`);
  process.exit(2);
}
const withPostgres = databaseArg === "postgres";
if (withPostgres && !process.env.TEST_DATABASE_URL) {
  const run = spawnSync(
    "scripts/with-postgres.sh",
    [process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: "inherit",
      env: { ...process.env, WITH_POSTGRES_FSYNC: "on" },
    },
  );
  process.exit(run.status ?? 1);
}
type Dialect = "sqlite" | "postgres";
const dialectName: Record<Dialect, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

/** A new benchmark database: a SQLite file, or a fresh database on the PostgreSQL server. */
async function benchDatabase(dialect: Dialect): Promise<string> {
  if (dialect === "sqlite") return join("bench/results", `national-${organisations}.sqlite`);
  const name = `bench_national_${organisations}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Row {
  measurement: string;
  value: number;
  unit: string;
  baseline: string;
  ratio: number | null;
  budget: string;
  ok: boolean | null;
}
let rows: Row[] = [];
const record = (r: Row) => {
  rows.push(r);
  console.info(
    `  ${r.measurement}: ${r.value.toFixed(r.unit === "req/s" || r.unit === "KB" ? 0 : 1)} ${r.unit}${r.ratio === null ? "" : ` (×${r.ratio.toFixed(2)} ${r.baseline})`}${r.ok === false ? "  MISSED" : ""}`,
  );
};

async function timeQuery(run: () => unknown, n = 200): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const started = performance.now();
    await run();
    if (i >= 20) times.push(performance.now() - started);
  }
  return times;
}

/**
 * JavaScript and CSS a page loads: the scripts and styles its HTML names, and the modules they import,
 * dynamic imports included, so code a page loads lazily (the report's recharts charts, ADR 021) counts
 * against that page's budget and never against a page that does not load it (the theme page).
 */
async function pageWeight(url: string, path: string, cookie: string) {
  const html = await (await fetch(url + path, { headers: { cookie } })).text();
  // What the browser fetches: scripts, module preloads, style sheets and the inline module script's imports
  // (not the route modules the inline manifest merely names for later navigation).
  const assets = new Set(
    [
      ...html.matchAll(
        /<(?:script[^>]*src|link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href)="(\/assets\/[^"]+\.(?:js|css))"/g,
      ),
      ...html.matchAll(/import\s*(?:[\w*{}\s,]+from\s*)?\(?"(\/assets\/[^"]+\.js)"/g),
    ].map((m) => m[1]!),
  );
  const queue = [...assets].filter((a) => a.endsWith(".js"));
  while (queue.length > 0) {
    const file = queue.pop()!;
    const source = readFileSync(join("build/client", file), "utf8");
    for (const m of source.matchAll(/(?:from|import)\s*\(?\s*"\.\/([^"]+\.js)"/g)) {
      const dep = `/assets/${m[1]}`;
      if (!assets.has(dep)) {
        assets.add(dep);
        queue.push(dep);
      }
    }
  }
  let js = 0;
  let css = 0;
  for (const file of assets) {
    const size = gzipSync(readFileSync(join("build/client", file))).length / 1024;
    if (file.endsWith(".js")) js += size;
    else css += size;
  }
  return { js, css, files: assets.size };
}

async function measure(dialect: Dialect): Promise<Row[]> {
  rows = [];
  console.info(`\n== ${dialectName[dialect]}`);
  const database = await benchDatabase(dialect);
  let generated: Awaited<ReturnType<typeof generate>>;
  {
    console.info(`Generating ${organisations} organisations × ${cycles.length} cycles…`);
    const started = performance.now();
    generated = await generate(database, organisations, 200, (m) => console.info(m));
    console.info(`  generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }

  // The same V8 memory settings as `npm start` (package.json is their one home).
  const startScript: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
  const nodeFlags = startScript.match(/--(?:max-[\w-]+|v8-pool-size)=\d+/g) ?? [];
  const app = await startAppServer(database, nodeFlags);
  const startMs = await waitForHealth(app.url, app.started, app.child);
  const bare = await startProcess(
    [dialect === "sqlite" ? "bench/bare-server.mjs" : "bench/bare-server-pg.mjs"],
    { DATABASE_URL: database, PORT: "0" },
  );
  console.info(`Server at ${app.url}; bare server at ${bare.url}`);

  const contributor = await signIn(app.url, generated.contributorEmail);
  const analyst = await signIn(app.url, generated.analystEmail);
  const admin = await signIn(app.url, generated.adminEmail);
  const open = generated.openAssessments;
  const saveHeaders = { cookie: contributor.cookie, "x-csrf-token": contributor.csrf };

  console.info("1. Saving answers over HTTP");
  const seconds = 10;
  const noop = {
    next: (): LoadRequest => ({
      method: "POST",
      path: "/bench/noop",
      headers: { ...saveHeaders, "content-type": "application/x-www-form-urlencoded" },
      body: "answers.paperless-epr-coverage.value=3&answers.paperless-epr-coverage.revision=1",
    }),
  };
  // Each target is warmed for 3 s first (JIT, caches, connections), so no one is measured cold.
  await closedLoop(app.url, 50, 3, noop.next);
  const empty = await closedLoop(app.url, 50, seconds, noop.next);
  const bareLoad = autosaves((slot) => `/assessments/${open[slot]!.id}/answers`, 50, {});
  await closedLoop(bare.url, 50, 3, bareLoad.next, bareLoad.onResponse);
  const bareRun = await closedLoop(bare.url, 50, seconds, bareLoad.next, bareLoad.onResponse);
  // The bare server moved those answers on: the app's runs use other assessments.
  const appLoad = autosaves((slot) => `/assessments/${open[50 + slot]!.id}/answers`, 50, saveHeaders);
  await closedLoop(app.url, 50, 3, appLoad.next, appLoad.onResponse);
  const autosave = await closedLoop(app.url, 50, seconds, appLoad.next, appLoad.onResponse);
  const steadyLoad = autosaves((slot) => `/assessments/${open[100 + slot]!.id}/answers`, 100, saveHeaders);
  const steady = await openLoop(app.url, 200, seconds, steadyLoad.next, steadyLoad.onResponse);
  const unexpected = (r: { statuses: Record<number, number> }) =>
    Object.entries(r.statuses)
      .filter(([status]) => status !== "200")
      .reduce((n, [, count]) => n + count, 0);
  const failures = unexpected(autosave) + unexpected(steady) + unexpected(bareRun) + unexpected(empty);
  record({
    measurement: "autosave throughput (50 connections)",
    value: autosave.perSecond,
    unit: "req/s",
    baseline: "empty Remix route",
    ratio: autosave.perSecond / empty.perSecond,
    // Issue 27's goal for SQLite. PostgreSQL's budget is half SQLite's rate in the same run (the row
    // "PostgreSQL autosave throughput against SQLite's"): its ratio to the empty route is shown, not judged.
    budget: "≥ 0.85× empty route (SQLite)",
    ok: dialect === "sqlite" ? autosave.perSecond / empty.perSecond >= 0.85 : null,
  });
  // Durability (ADR 014): the same autosave load on a server that commits with synchronous=NORMAL, which
  // survives crashes but not power loss, beside the shipped FULL above.
  {
    const relaxed = await startAppServer(database, nodeFlags, { DATABASE_SYNCHRONOUS: "normal" });
    const who = await signIn(relaxed.url, generated.contributorEmail);
    const load = autosaves((slot) => `/assessments/${open[150 + slot]!.id}/answers`, 50, {
      cookie: who.cookie,
      "x-csrf-token": who.csrf,
    });
    await closedLoop(relaxed.url, 50, 3, load.next, load.onResponse);
    const normal = await closedLoop(relaxed.url, 50, seconds, load.next, load.onResponse);
    relaxed.child.kill("SIGTERM");
    record({
      measurement: "autosave throughput with synchronous=NORMAL",
      value: normal.perSecond,
      unit: "req/s",
      baseline: "shipped synchronous=FULL",
      ratio: normal.perSecond / autosave.perSecond,
      budget: "–",
      ok: null,
    });
  }
  record({
    measurement: "empty Remix route throughput",
    value: empty.perSecond,
    unit: "req/s",
    baseline: "bare node:http + the same write",
    ratio: empty.perSecond / bareRun.perSecond,
    budget: "–",
    ok: null,
  });
  record({
    measurement: "bare node:http + the same write",
    value: bareRun.perSecond,
    unit: "req/s",
    baseline: "–",
    ratio: null,
    budget: "–",
    ok: null,
  });
  record({
    measurement: "autosave p50 at 200 req/s",
    value: percentile(steady.latencies, 0.5),
    unit: "ms",
    baseline: "–",
    ratio: null,
    budget: "–",
    ok: null,
  });
  record({
    measurement: "autosave p99 at 200 req/s",
    value: percentile(steady.latencies, 0.99),
    unit: "ms",
    baseline: "–",
    ratio: null,
    budget: "< 20 ms",
    ok: percentile(steady.latencies, 0.99) < 20,
  });
  record({
    measurement: "responses other than 200 under load",
    value: failures,
    unit: "",
    baseline: "–",
    ratio: null,
    budget: "0",
    ok: failures === 0,
  });

  console.info("2. Pages at national scale");
  const theme = { path: `/assessments/${open[0]!.id}/themes/paperless`, cookie: contributor.cookie };
  const report = { path: `/reports/${generated.sampleReportId}`, cookie: admin.cookie };
  const region = { path: "/regions/Y56", cookie: analyst.cookie };
  // The raw read of each page's rows, on the same database (SQLite prepared statements; one pg connection).
  const themeSql = "select * from answer where assessment_id = ? and theme_id = ?";
  const reportSql = "select content from report where id = ?";
  const regionSql = `
    select o.ods_code, o.name, s.theme_id, s.score
    from organisation o
    join report r on r.id = (select max(r2.id) from report r2 where r2.organisation_code = o.ods_code and r2.questionnaire_id = 'core-digital-maturity' and r2.cycle = ?)
    join report_score s on s.report_id = r.id
    where o.region_code = 'Y56' order by o.name`;
  const sqlite = dialect === "sqlite" ? new SQLite(database, { readonly: true }) : undefined;
  const client = dialect === "postgres" ? new pg.Client({ connectionString: database }) : undefined;
  await client?.connect();
  const raw = (text: string) => {
    if (sqlite) {
      const statement = sqlite.prepare(text);
      return (...params: unknown[]) => statement.all(...params);
    }
    let n = 0;
    const numbered = text.replace(/\?/g, () => `$${++n}`);
    return (...params: unknown[]) => client!.query(numbered, params);
  };
  const [themeRead, reportRead, regionRead] = [raw(themeSql), raw(reportSql), raw(regionSql)];
  for (const [name, page, query] of [
    ["theme page", theme, () => themeRead(open[0]!.id, "paperless")],
    ["report page", report, () => reportRead(generated.sampleReportId)],
    ["regional view", region, () => regionRead(cycles.at(-1))],
  ] as const) {
    const times = await timePage(app.url, page.path, page.cookie);
    const sql = await timeQuery(query);
    const p95 = percentile(times, 0.95);
    // Issue 27: the regional view within 70 ms on SQLite (headroom for a loaded machine), 100 ms on PostgreSQL.
    const budget = name === "regional view" && dialect === "sqlite" ? 70 : 100;
    record({
      measurement: `${name} p50`,
      value: percentile(times, 0.5),
      unit: "ms",
      baseline: "–",
      ratio: null,
      budget: "–",
      ok: null,
    });
    record({
      measurement: `${name} p95`,
      value: p95,
      unit: "ms",
      baseline: "raw SQL read of its rows",
      ratio: p95 / percentile(sql, 0.95),
      budget: `< ${budget} ms`,
      ok: p95 < budget,
    });
  }
  sqlite?.close();
  await client?.end();

  console.info("3. Weight");
  for (const [name, page, budget] of [
    ["theme page", theme, 120],
    ["report page", report, 250],
  ] as const) {
    const w = await pageWeight(app.url, page.path, page.cookie);
    record({
      measurement: `${name} JavaScript (gzip)`,
      value: w.js,
      unit: "KB",
      baseline: "–",
      ratio: null,
      budget: `≤ ${budget} KB`,
      ok: w.js <= budget,
    });
    record({
      measurement: `${name} CSS (gzip)`,
      value: w.css,
      unit: "KB",
      baseline: "–",
      ratio: null,
      budget: "–",
      ok: null,
    });
  }

  console.info("4. Start and memory");
  record({
    measurement: "start to first /healthz 200",
    value: startMs,
    unit: "ms",
    baseline: "–",
    ratio: null,
    budget: "< 2000 ms",
    ok: startMs < 2000,
  });
  const rss = rssMegabytes(app.child.pid!);
  record({
    measurement: "server memory (RSS) after the load",
    value: rss,
    unit: "MB",
    baseline: "–",
    ratio: null,
    budget: "< 250 MB",
    ok: rss < 250,
  });

  app.child.kill("SIGTERM");
  bare.child.kill("SIGTERM");
  return rows;
}

async function main() {
  console.info(
    `Machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  if (!args.has("--no-build")) {
    console.info("Building…");
    execFileSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
  }
  const dialects: Dialect[] = withPostgres ? ["sqlite", "postgres"] : ["sqlite"];
  const results = new Map<Dialect, Row[]>();
  for (const dialect of dialects) results.set(dialect, await measure(dialect));
  if (withPostgres) {
    // PostgreSQL's autosave against SQLite's in the same run: one server of each, on the same machine.
    const throughput = (d: Dialect) =>
      results.get(d)!.find((r) => r.measurement.startsWith("autosave throughput ("))!;
    const ratio = throughput("postgres").value / throughput("sqlite").value;
    for (const d of dialects)
      results.get(d)!.push({
        measurement: "PostgreSQL autosave throughput against SQLite's",
        value: ratio,
        unit: "×",
        baseline: "–",
        ratio: null,
        budget: "≥ 0.5×",
        ok: d === "postgres" ? ratio >= 0.5 : null,
      });
  }
  console.info("\n== Assessment workbook");
  const workbook = [...(await workbookBench()), ...(await evidenceBench())];
  console.info("\n== Reminder sweep (SQLite)");
  const reminders = await remindersBench(join("bench/results", `national-${organisations}.sqlite`));
  console.info("\n== Hostile requests");
  const hostile = await hostileBench();
  const stamp = new Date().toISOString();
  writeFileSync(
    join("bench/results", `bench-${stamp.replace(/[:.]/g, "-")}.json`),
    JSON.stringify(
      {
        date: stamp,
        organisations,
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        ...(withPostgres ? { dialects: Object.fromEntries(results) } : { rows: results.get("sqlite") }),
        workbook,
        reminders,
        hostile,
      },
      null,
      2,
    ),
  );

  const value = (r: Row) =>
    `${r.value.toFixed(1)} ${r.unit}${r.ratio === null ? "" : ` (${r.ratio.toFixed(2)}× ${r.baseline})`}`;
  const result = (r: Row) => (r.ok === null ? "" : r.ok ? "met" : "MISSED");
  const first = results.get(dialects[0]!)!;
  if (dialects.length === 1) {
    console.info("\n| measurement | value | ratio to baseline | budget | result |\n|---|---|---|---|---|");
    for (const r of first) {
      console.info(
        `| ${r.measurement} | ${r.value.toFixed(1)} ${r.unit} | ${r.ratio === null ? "–" : `${r.ratio.toFixed(2)}× ${r.baseline}`} | ${r.budget} | ${result(r)} |`,
      );
    }
  } else {
    const other = results.get("postgres")!;
    console.info(
      "\n| measurement | SQLite | PostgreSQL | budget | SQLite | PostgreSQL |\n|---|---|---|---|---|---|",
    );
    for (const [i, r] of first.entries()) {
      const p = other[i]!;
      console.info(
        `| ${r.measurement} | ${value(r)} | ${value(p)} | ${r.budget} | ${result(r)} | ${result(p)} |`,
      );
    }
  }
  console.info(
    "\n| workbook and evidence (SQLite, demo data) | value | ratio to baseline | budget | result |\n|---|---|---|---|---|",
  );
  for (const r of workbook)
    console.info(
      `| ${r.measurement} | ${r.value.toFixed(1)} ${r.unit} | ${r.ratio === null ? "–" : `${r.ratio.toFixed(2)}× ${r.baseline}`} | ${r.budget} | ${result(r)} |`,
    );
  console.info(
    "\n| reminder sweep (SQLite) | value | ratio to baseline | budget | result |\n|---|---|---|---|---|",
  );
  for (const r of reminders)
    console.info(
      `| ${r.measurement} | ${r.value.toFixed(1)} ${r.unit} | ${r.ratio === null ? "–" : `${r.ratio.toFixed(2)}× ${r.baseline}`} | ${r.budget} | ${result(r)} |`,
    );
  const missed = [
    ...[...results].flatMap(([d, rs]) =>
      rs.filter((r) => r.ok === false).map((r) => `${d}: ${r.measurement}`),
    ),
    ...workbook.filter((r) => r.ok === false).map((r) => `workbook: ${r.measurement}`),
    ...reminders.filter((r) => r.ok === false).map((r) => `reminders: ${r.measurement}`),
    ...hostile.filter((r) => !r.ok).map((r) => `hostile: ${r.request}`),
  ];
  if (missed.length > 0) {
    console.error(`\n${missed.length} budget(s) missed:\n  ${missed.join("\n  ")}`);
    process.exit(1);
  }
}

if (args.has("--hostile")) {
  // Only the hostile requests (bench/hostile.ts).
  if (!args.has("--no-build")) execFileSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
  process.exit((await hostileBench()).some((r) => !r.ok) ? 1 : 0);
} else if (args.has("--evidence")) {
  // Only the evidence library's uploads against autosave (bench/evidence.ts).
  if (!args.has("--no-build")) execFileSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
  process.exit((await evidenceBench()).some((r) => r.ok === false) ? 1 : 0);
} else if (args.has("--workbook")) {
  // Only the assessment workbook (bench/workbook.ts).
  if (!args.has("--no-build")) execFileSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
  process.exit((await workbookBench()).some((r) => r.ok === false) ? 1 : 0);
} else if (args.has("--reminders")) {
  // Only the reminder sweep (bench/reminders.ts), on a national database generated for it (or kept: --reuse).
  const database = join("bench/results", `national-${organisations}.sqlite`);
  if (!args.has("--reuse")) await generate(database, organisations, 200, (m) => console.info(m));
  const reminders = await remindersBench(database);
  for (const r of reminders)
    console.info(
      `${r.measurement}: ${r.value.toFixed(1)} ${r.unit} (budget ${r.budget}) ${r.ok === false ? "MISSED" : ""}`,
    );
  process.exit(reminders.some((r) => r.ok === false) ? 1 : 0);
} else if (args.has("--region")) {
  // Only the regional view, at 1,000 and 10,000 organisations side by side (bench/region.ts).
  const { regionBench } = await import("./region");
  if (!args.has("--no-build")) execFileSync("npx", ["remix", "vite:build"], { stdio: "ignore" });
  process.exit((await regionBench({ reuse: args.has("--reuse") })) > 0 ? 1 : 0);
} else await main();
