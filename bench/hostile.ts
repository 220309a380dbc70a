// Hostile requests (issue 21): the server's CPU time for the worst URL, headers and body (≤ 1 MB) found for
// each shape, against a budget of 50 ms each. Runs with the rest of `npm run bench`, or alone with
// `npm run bench -- --hostile`. The server runs on a fresh SQLite file with the demo data; CPU time is the
// server process's utime + stime from /proc/PID/stat (10 ms ticks), so a cheap request is sent several
// times and the mean is reported.
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { limits } from "../app/limits";
import { openAssessment, people } from "../test/support/assessment";
import { Client } from "../test/support/client";
import { startAppServer, waitForHealth } from "./server-process";

export interface HostileRow {
  request: string;
  status: number;
  cpuMs: number;
  ok: boolean;
}

const budgetMs = 50;
const ticksPerSecond = 100; // getconf CLK_TCK on Linux

function cpuMsOf(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** One raw HTTP/1.1 request on its own connection, exactly as written (no URL normalisation). */
function raw(url: string, head: string, body: Buffer | string = ""): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(120_000, () => socket.destroy(new Error("no answer in 120 s")));
    socket.on("data", (c) => chunks.push(c));
    // The server may answer and close before the whole body is written (EPIPE): the answer is still read,
    // and "close" follows.
    socket.on("error", () => {});
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString("latin1"))?.[1]);
      resolve(status || 0);
    });
    socket.write(`${head}\r\nConnection: close\r\n\r\n`);
    if (body.length > 0) socket.write(body);
  });
}

interface Hostile {
  name: string;
  head: string;
  body?: string;
}

function hostileRequests(
  host: string,
  session: {
    cookie: string;
    csrf: string;
    assessmentId: number;
    version: string;
    token: string;
    admin: { cookie: string; csrf: string };
  },
) {
  const h = `Host: ${host}`;
  const get = (target: string, extra = ""): string => `GET ${target} HTTP/1.1\r\n${h}${extra}`;
  const post = (target: string, type: string, body: string, extra = ""): Hostile => ({
    name: "",
    head: `POST ${target} HTTP/1.1\r\n${h}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}${extra}`,
    body,
  });
  const signedIn = `\r\nCookie: ${session.cookie}\r\nX-CSRF-Token: ${session.csrf}`;
  // Node refuses a request line and headers over 16 KB (maxHeaderSize) itself: each URL stays just under.
  const urlBytes = 16 * 1024 - 200;
  const list: Hostile[] = [
    { name: "deep path: /a/a/a/… (about 8,000 segments)", head: get("/a".repeat(urlBytes / 2)) },
    { name: "empty segments: //////… (16 KB)", head: get("/".repeat(urlBytes)) },
    { name: "one long segment: /aaaa… (16 KB)", head: get(`/${"a".repeat(urlBytes)}`) },
    { name: "percent-encoded segments: /%61/%61/… (16 KB)", head: get("/%61".repeat(urlBytes / 4)) },
    {
      name: "deep path under a real route: /organisations/ZD01/a/a/… (16 KB)",
      head: get(`/organisations/ZD01${"/a".repeat(urlBytes / 2 - 20)}`),
    },
    { name: "deep .data URL: /a/a/….data (16 KB)", head: get(`${"/a".repeat(urlBytes / 2 - 5)}.data`) },
    {
      name: "many query parameters: /sign-in?a=1&a=1… (16 KB)",
      head: get(`/sign-in?${"a=1&".repeat(urlBytes / 4)}`),
    },
    {
      name: "/__manifest with many deep p= (16 KB)",
      head: get(
        `/__manifest?version=${session.version}&${"p=/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a&".repeat(urlBytes / 36)}`,
      ),
    },
    {
      name: "/__manifest with one deep p= (Remix's own limit, 7,680 characters)",
      head: get(`/__manifest?version=${session.version}&p=${"/a".repeat(3700)}`),
    },
    {
      name: "/__manifest with many short p= (7,680 characters)",
      head: get(`/__manifest?version=${session.version}&${"p=/a&".repeat(1500)}`),
    },
    // The worst still served: at each limit of app/limits.ts, not past it.
    {
      name: `deepest path served: ${limits.url.pathSegments} segments of ${limits.url.pathBytes / limits.url.pathSegments - 1} characters`,
      head: get(
        `/${"a".repeat(limits.url.pathBytes / limits.url.pathSegments - 1)}`.repeat(limits.url.pathSegments),
      ),
    },
    {
      name: `longest query served: ${limits.url.queryBytes / 4} parameters on /sign-in`,
      head: get(`/sign-in?${"a=1&".repeat(limits.url.queryBytes / 4)}`),
    },
    {
      name: `/__manifest at its limit: ${limits.url.manifestPaths} distinct paths`,
      head: get(
        `/__manifest?version=${session.version}&${Array.from(
          { length: limits.url.manifestPaths },
          (_, i) => `p=/${i}`,
        ).join("&")}`,
      ),
    },
    {
      name: `/__manifest at its limit: ${Math.floor(limits.url.manifestPaths / limits.url.pathSegments)} paths of ${limits.url.pathSegments} segments`,
      head: get(
        `/__manifest?version=${session.version}&${Array.from(
          { length: limits.url.manifestPaths / limits.url.pathSegments },
          (_, i) => `p=/${i}${"/a".repeat(limits.url.pathSegments - 1)}`,
        ).join("&")}`,
      ),
    },
    {
      name: "/__manifest past its limit: distinct paths of 16 segments, as many as fit in 7,680 characters",
      head: get(
        `/__manifest?version=${session.version}&${Array.from(
          { length: 7400 / 38 },
          (_, i) => `p=/${i}${"/a".repeat(limits.url.pathSegments - 1)}`,
        ).join("&")}`,
      ),
    },
    {
      name: `${limits.headerCount} headers of 150 characters`,
      head: get(
        "/",
        Array.from({ length: limits.headerCount - 2 }, (_, i) => `\r\nX-H${i}: ${"x".repeat(150)}`).join(""),
      ),
    },
    {
      name: "big cookie header: 1,700 cookies (16 KB)",
      head: get("/", `\r\nCookie: ${Array.from({ length: 1700 }, (_, i) => `c${i}=x`).join("; ")}`),
    },
    {
      name: "many headers: 1,900 of them",
      head: get("/", Array.from({ length: 1900 }, (_, i) => `\r\nX-H${i}: x`).join("")),
    },
    {
      name: "header just over Node's limit (17 KB): Node's own 431",
      head: get("/", `\r\nX-Big: ${"x".repeat(17 * 1024)}`),
    },
    {
      ...post(
        "/sign-in",
        "application/x-www-form-urlencoded",
        `email=a&password=${"x".repeat(1024 * 1024 - 20)}`,
      ),
      name: "anonymous 1 MB sign-in form",
    },
    {
      ...post(
        "/sign-in",
        "application/x-www-form-urlencoded",
        Array.from({ length: (8 * 1024) / 2 }, () => "a").join("&"),
      ),
      name: "anonymous sign-in form of 4,000 empty fields (8 KB)",
    },
    {
      ...post(
        `/assessments/${session.assessmentId}/answers`,
        "application/x-www-form-urlencoded",
        Array.from({ length: 1000 }, (_, i) => `answers.q${i}.evidence=${"e".repeat(500)}`).join("&"),
        signedIn,
      ),
      name: "signed-in autosave of 1,000 unknown fields (500 KB)",
    },
    {
      ...post(
        `/assessments/${session.assessmentId}/themes/paperless`,
        "application/x-www-form-urlencoded",
        `csrf=${session.csrf}&${Array.from({ length: 999 }, () => `answers.paperless-epr-coverage.evidence=${"e".repeat(500)}`).join("&")}`,
        `\r\nCookie: ${session.cookie}`,
      ),
      name: "signed-in theme page of 999 repeated fields (500 KB)",
    },
    {
      // An administrator's upload: 1 MB of CSV lines that are all rejected, one by one.
      ...post(
        "/admin/organisations/import",
        "multipart/form-data; boundary=hostile",
        [
          "--hostile",
          'Content-Disposition: form-data; name="csrf"',
          "",
          session.admin.csrf,
          "--hostile",
          'Content-Disposition: form-data; name="file"; filename="etr.csv"',
          "Content-Type: text/csv",
          "",
          Array.from(
            { length: (1024 * 1024) / 24 },
            (_, i) => `bad line ${String(i).padStart(6, "0")},x,y`,
          ).join("\n"),
          "--hostile--",
          "",
        ].join("\r\n"),
        `\r\nCookie: ${session.admin.cookie}`,
      ),
      name: "administrator's CSV upload of 1 MB of rejected lines",
    },
    {
      ...post(
        "/fhir/QuestionnaireResponse",
        "application/fhir+json",
        `${"[".repeat(500_000)}${"]".repeat(500_000)}`,
        `\r\nAuthorization: Bearer ${session.token}`,
      ),
      name: "JSON nested 500,000 deep to /fhir with a write token (1 MB)",
    },
  ];
  return list;
}

/** Starts the production server on a fresh database with the demo data, and sends each hostile request. */
export async function hostileBench(): Promise<HostileRow[]> {
  console.info("Hostile requests (CPU time of the server process per request, budget 50 ms)");
  const dir = mkdtempSync(join(tmpdir(), "dm-hostile-"));
  const app = await startAppServer(join(dir, "hostile.sqlite"), [], { DEMO_DATA: "on", LOG_REQUESTS: "off" });
  const rows: HostileRow[] = [];
  try {
    await waitForHealth(app.url, app.started, app.child);
    const lead = await new Client(app.url).signIn(people.lead);
    const admin = await new Client(app.url).signIn(people.admin);
    const assessmentId = await openAssessment(lead, "ZD01");
    const html = await (await lead.get(`/assessments/${assessmentId}`)).text();
    // The manifest version the browser sends with /__manifest (a wrong one is answered 204 at once).
    const version = /\/assets\/manifest-([0-9a-f]+)\.js/.exec(html)?.[1] ?? "";
    const created = await lead.post("/api-tokens", {
      intent: "create",
      name: "Hostile",
      scope: "organisation:ZD01",
      access: "write",
      expiresInDays: "30",
    });
    const token = /data-testid="new-token">(dma_[A-Za-z0-9_-]+)</.exec(await created.text())?.[1] ?? "";
    if (!version || !token) throw new Error("no manifest version or API token");
    const cookie = lead.cookieHeader();
    const host = new URL(app.url).host;
    const pid = app.child.pid!;
    for (const hostile of hostileRequests(host, {
      cookie,
      csrf: lead.csrfToken,
      assessmentId,
      version,
      token,
      admin: { cookie: admin.cookieHeader(), csrf: admin.csrfToken },
    })) {
      const once = async () => {
        const before = cpuMsOf(pid);
        const status = await raw(app.url, hostile.head, hostile.body);
        // The server finishes its work before it closes the connection; its timers may still run after.
        return { status, cpu: cpuMsOf(pid) - before };
      };
      let { status, cpu } = await once();
      if (cpu < 200) {
        // Cheap enough to repeat: ten more, for a mean finer than the 10 ms tick.
        let total = 0;
        for (let i = 0; i < 10; i++) total += (await once()).cpu;
        cpu = total / 10;
      }
      const row = { request: hostile.name, status, cpuMs: cpu, ok: cpu <= budgetMs };
      rows.push(row);
      console.info(`  ${row.request}: ${status}, ${cpu.toFixed(1)} ms${row.ok ? "" : "  MISSED"}`);
      const health = await raw(app.url, `GET /healthz HTTP/1.1\r\nHost: ${host}`);
      if (health !== 200) throw new Error(`/healthz answered ${health} after ${hostile.name}`);
    }
  } finally {
    app.child.kill("SIGTERM");
    await new Promise((r) => app.child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
  console.info("\n| hostile request | status | server CPU time | budget | result |\n|---|---|---|---|---|");
  for (const r of rows) {
    console.info(
      `| ${r.request} | ${r.status} | ${r.cpuMs.toFixed(1)} ms | ≤ ${budgetMs} ms | ${r.ok ? "met" : "MISSED"} |`,
    );
  }
  return rows;
}
