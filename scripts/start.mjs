// `npm start`: build when there is no build yet, make sure the session secret is set, then run the server.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

if (!process.env.SESSION_SECRET) {
  if (process.env.NODE_ENV === "production") {
    console.error("SESSION_SECRET is not set. Production refuses to start without it.");
    process.exit(1);
  }
  // Local use: keep a generated secret beside the embedded database so sessions survive restarts.
  const file = "data/session-secret";
  if (!existsSync(file)) {
    mkdirSync("data", { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  process.env.SESSION_SECRET = readFileSync(file, "utf8").trim();
  console.warn(`SESSION_SECRET is not set: using the generated one in ${file} (set it in production).`);
}
if (!process.env.PUBLIC_URL) {
  if (process.env.NODE_ENV === "production") {
    console.error(
      "PUBLIC_URL is not set. Production refuses to start without it (FHIR canonical URLs use it).",
    );
    process.exit(1);
  }
  // Local use: FHIR resources name the address this machine serves.
  process.env.PUBLIC_URL = `http://localhost:${process.env.PORT || 3000}`;
  console.warn(`PUBLIC_URL is not set: using ${process.env.PUBLIC_URL} (set it in production).`);
}
process.env.NODE_ENV = "production";

if (!existsSync("build/server/index.js")) {
  console.info("No build found: building the app (about 10 seconds)…");
  execFileSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
}

// The server runs as a child that is started again if it crashes (an out-of-memory kill, a bug), after a
// pause that doubles up to 30 s while it keeps crashing. A server that refuses to start (bad configuration,
// unwritable database) is not restarted: what it printed says what to fix. SIGINT and SIGTERM are passed on,
// and the server shuts down gracefully.
let child;
let stopping = false;
let pause = 1000;
function run() {
  const startedAt = Date.now();
  let listening = false;
  child = spawn(process.execPath, [...process.execArgv, "server.mjs"], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
  });
  child.on("message", (message) => {
    if (message === "listening") listening = true;
  });
  child.on("exit", (code, signal) => {
    if (stopping) process.exit(code ?? 0);
    if (!listening) process.exit(code ?? 1);
    if (Date.now() - startedAt > 60_000) pause = 1000;
    console.error(
      `The server stopped (${signal ?? `exit code ${code}`}); starting it again in ${pause / 1000} s.`,
    );
    setTimeout(run, pause);
    pause = Math.min(pause * 2, 30_000);
  });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    if (child && child.exitCode === null) child.kill(signal);
    else process.exit(0);
  });
}
run();
