import { type ChildProcess, spawn } from "node:child_process";
import { createTestDatabase, onPostgres, type TestDatabase } from "./database";

/** A bound on a start (seeding the demo data), not a timing: generous, as the machine may be loaded. */
const startTimeoutMs = onPostgres ? 110_000 : 60_000;

/** What the test server is published as: FHIR canonical URLs use it (never the request's Host). */
export const testPublicUrl = "https://dma.test.example";

export interface RunningServer {
  url: string;
  /** The SQLite file ("" on PostgreSQL). */
  databasePath: string;
  /** The server's DATABASE_URL: the SQLite file, or its own PostgreSQL database under TEST_DATABASE_URL. */
  databaseUrl: string;
  /** Everything the server printed, for assertions and for diagnosing a failed start. */
  output: () => string;
  stop: () => Promise<void>;
  /** Sends a signal to the server process and answers how it exited (SIGKILL: no shutdown of any kind). */
  kill: (signal: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts the built production server (`npm run build` first) on a free loopback port with a fresh database
 * (SQLite, or PostgreSQL when TEST_DATABASE_URL is set), exactly as `npm start` would, and waits until it
 * listens. `database` shares one database between servers (the multi-instance tests); its owner drops it.
 */
export async function startServer(
  env: Record<string, string> = {},
  { database }: { database?: TestDatabase } = {},
): Promise<RunningServer> {
  const own = database ? undefined : await createTestDatabase();
  const { url: databaseUrl, path: databasePath } = database ?? own!;
  const child: ChildProcess = spawn(process.execPath, ["server.mjs"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: "test-session-secret",
      PUBLIC_URL: testPublicUrl,
      DATABASE_URL: databaseUrl,
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
  let started = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), startTimeoutMs);
    const check = () => {
      const match = output.match(/running at (http:\/\/[\d.]+:\d+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        started = true;
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      // A server that failed to start is never stopped by its test: drop its database here.
      if (started) return;
      void (own?.drop() ?? Promise.resolve()).finally(() =>
        reject(new Error(`server exited with ${code}:\n${output}`)),
      );
    });
  });
  return {
    url,
    databasePath,
    databaseUrl,
    output: () => output,
    kill: (signal) => {
      const exited = new Promise<number | null>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
        else child.once("exit", (code) => resolve(code));
      });
      child.kill(signal);
      return exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await own?.drop();
    },
  };
}
