import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What the test server is published as: FHIR canonical URLs use it (never the request's Host). */
export const testPublicUrl = "https://dma.test.example";

export interface RunningServer {
  url: string;
  databasePath: string;
  /** Everything the server printed, for assertions and for diagnosing a failed start. */
  output: () => string;
  stop: () => Promise<void>;
  /** Sends a signal to the server process and answers how it exited. */
  kill: (signal: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts the built production server (`npm run build` first) on a free loopback port with a fresh SQLite
 * database, exactly as `npm start` would, and waits until it listens.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), "dm-test-"));
  const databasePath = join(dir, "test.sqlite");
  const child: ChildProcess = spawn(process.execPath, ["server.mjs"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: "test-session-secret",
      PUBLIC_URL: testPublicUrl,
      DATABASE_URL: databasePath,
      PORT: "0",
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const check = () => {
      const match = output.match(/running at (http:\/\/[\d.]+:\d+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    databasePath,
    output: () => output,
    kill: (signal) => {
      const exited = new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.once("exit", (code) => resolve(code));
      });
      child.kill(signal);
      return exited;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
