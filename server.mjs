// The HTTP server: security headers, static files, then Remix. Started by scripts/start.mjs (production)
// or `npm run dev` (Vite in middleware mode). Start-up work (migrations, questionnaires, demo data) lives in
// the app and is reached through the server build's entry module.
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const dev = process.argv.includes("--dev");
if (!dev && process.env.NODE_ENV === "production" && !process.env.SESSION_SECRET) {
  console.error("SESSION_SECRET is not set. Production refuses to start without it.");
  process.exit(1);
}
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";
// Tests and benchmarks may run a copy of the build while the working one is rebuilt.
const buildDir = resolve(process.env.BUILD_DIR || "build");

const vite = dev
  ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }))
  : undefined;
const loadBuild = () =>
  vite
    ? vite.ssrLoadModule("virtual:remix/server-build")
    : import(pathToFileURL(join(buildDir, "server/index.js")).href);

const build = await loadBuild();
let demoSignIns;
let formActionOrigins;
try {
  ({ demoSignIns, formActionOrigins = [] } = await build.entry.module.startServer());
} catch (error) {
  // A refused questionnaire change or a failed migration: say what is wrong, plainly, and do not serve.
  console.error(`The service cannot start:\n${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
// Express reads "trust proxy" as a hop count, true/false, or addresses: pass numbers and booleans as such.
const trustProxy = process.env.TRUST_PROXY;
if (trustProxy) {
  app.set("trust proxy", /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy === "true" ? true : trustProxy === "false" ? false : trustProxy);
}

app.use((_req, res, next) => {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.set({
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-inline'" : ""}`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src 'self'${dev ? " ws:" : ""}`,
      ["form-action 'self'", ...formActionOrigins].join(" "),
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  });
  next();
});
app.use(compression());

// Cross-site request forgery, first line: a browser names the site a form came from; refuse other sites'.
// (Signed-in forms also carry a per-session token, checked in app/auth/guard.server.ts.)
app.use((req, res, next) => {
  const origin = req.get("Origin");
  if (req.method === "GET" || req.method === "HEAD" || !origin) return next();
  const host = (app.get("trust proxy") && req.get("X-Forwarded-Host")) || req.get("Host");
  if (origin === "null" || new URL(origin).host !== host) {
    res.status(403).type("text/plain").send("This request came from another site, so it was refused.");
    return;
  }
  next();
});

app.use(
  "/assets/images",
  express.static("node_modules/nhsuk-frontend/dist/nhsuk/assets/images", { maxAge: "1d" }),
);
if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static(join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(join(buildDir, "client"), { maxAge: "1h" }));
}

app.all(
  "*",
  createRequestHandler({
    build: vite ? loadBuild : build,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? null }),
  }),
);

const server = app.listen(port, host, () => {
  const { port: bound } = server.address();
  const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${bound}`;
  console.info(`Digital maturity self-assessment is running at ${url}`);
  if (demoSignIns.length > 0) {
    console.info("\nDemo sign-ins (password for all: %s):", demoSignIns[0].password);
    for (const d of demoSignIns) console.info(`  ${d.role.padEnd(22)} ${d.email}`);
  }
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
