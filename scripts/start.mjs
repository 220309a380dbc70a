// `npm start`: build when there is no build yet, make sure the session secret is set, then run the server.
import { execFileSync } from "node:child_process";
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

await import("../server.mjs");
