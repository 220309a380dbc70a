// Starting the production server (or the bare baseline) as a child process, and signing in to it: shared by
// bench/run.ts and the diagnostic probes beside it.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { benchPassword } from "./generate";

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  /** performance.now() when it was spawned. */
  started: number;
}

/** Runs `node ARGS…` with the environment added, and resolves once it prints the address it listens on. */
export function startProcess(args: string[], env: Record<string, string>): Promise<StartedProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/(http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        // Found: keep reading (the request log must not fill the pipe) without keeping what it says.
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve({ child, url: match[1]!, started });
      }
    });
    child.once("exit", (code) => reject(new Error(`node ${args.join(" ")} exited with ${code}`)));
  });
}

/** The production server on a benchmark database, as `npm start` runs it but for the given Node flags. */
export function startAppServer(database: string, flags: string[] = [], env: Record<string, string> = {}) {
  return startProcess([...flags, "server.mjs"], {
    DATABASE_URL: database,
    NODE_ENV: "production",
    SESSION_SECRET: "bench-secret",
    PUBLIC_URL: "https://dma.bench.example",
    DEMO_DATA: "off",
    PORT: "0",
    BENCH_ROUTES: "1",
    ...env,
  });
}

export async function signIn(url: string, email: string) {
  const response = await fetch(`${url}/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ email, password: benchPassword }),
    redirect: "manual",
  });
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
  const home = await (await fetch(`${url}/`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(home)?.[1] ?? "";
  if (!cookie || !csrf) throw new Error(`could not sign in as ${email}`);
  return { cookie, csrf, home };
}

/** The newest assessment of each of the first `count` organisations on a signed-in person's home page. */
export async function openAssessments(
  url: string,
  cookie: string,
  home: string,
  count: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (const [, org] of [...home.matchAll(/organisations\/(N\d+)/g)].slice(0, count)) {
    const page = await (await fetch(`${url}/organisations/${org}`, { headers: { cookie } })).text();
    const id = [...page.matchAll(/assessments\/(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => b - a)[0];
    if (id) ids.push(id);
  }
  return ids;
}

export function rssMegabytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

/** Waits for the server's first /healthz 200 and answers how long after its spawn that came. */
export async function waitForHealth(url: string, started: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error("server exited during start");
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}
