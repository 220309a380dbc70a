// The HTTP server: security headers, static files, then Remix. Started by scripts/start.mjs (production)
// or `npm run dev` (Vite in middleware mode). Start-up work (migrations, questionnaires, demo data) lives in
// the app and is reached through the server build's entry module.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const dev = process.argv.includes("--dev");
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
let settings;
try {
  // Every environment variable is validated first (app/config.server.ts), then the database is checked,
  // migrated and loaded.
  ({ demoSignIns, settings, formActionOrigins = [] } = await build.entry.module.startServer());
} catch (error) {
  // A bad setting, a refused questionnaire change, an unwritable database or a failed migration: say what is
  // wrong, plainly, and do not serve.
  console.error(`The service cannot start:\n${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const {
  port,
  host,
  trustProxy,
  anyRequestBytes,
  urlLimits,
  headerBytes,
  headerCount,
  publicOrigin,
  shutdownGraceSeconds,
} = settings;
const quietLog = !settings.logRequests;
/** Set on SIGTERM: every response from then on closes its connection. */
let shuttingDown = false;

/** The FHIR API answers every refusal, even those made here before Remix, as an OperationOutcome. */
const isFhir = (req) => req.path === "/fhir" || req.path.startsWith("/fhir/");
function refuseFhir(res, status, code, diagnostics) {
  res
    .status(status)
    .set({ "Content-Type": "application/fhir+json; charset=utf-8", "Cache-Control": "no-store" })
    .send(
      JSON.stringify({ resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics }] }),
    );
}

const app = express();
app.disable("x-powered-by");
// Express reads "trust proxy" as a hop count, true/false, or addresses: pass numbers and booleans as such.
if (trustProxy !== undefined) app.set("trust proxy", trustProxy);

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

// Every request gets an id (in its log line, in the error log, and in the X-Request-Id header) and one JSON
// log line when it ends: method, path without the query (which may hold a redirect or a search), status,
// time. Nothing from bodies, cookies or headers is logged.
app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  const id = randomUUID();
  res.locals.requestId = id;
  res.set("X-Request-Id", id);
  res.on("finish", () => {
    if (quietLog) return;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const path = req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path;
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: "info", requestId: id, method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 })}\n`,
    );
  });
  next();
});

// A body is never read past the most any route accepts. A response sent before the body was read (a
// refusal, a 413, a redirect to sign in) drains what is left of it, up to 16 MB, so that the client reads
// the answer and the keep-alive connection is ready for the next request; past that the connection is
// closed. Routes have smaller limits of
// their own (app/limits.ts).
const drainBytes = 16 * 1024 * 1024;
app.use((req, res, next) => {
  const declared = req.get("Content-Length");
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    const unread = !req.complete && declared !== undefined && !(Number(declared) <= drainBytes);
    if (unread || shuttingDown) res.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  };
  const hasBody =
    (declared !== undefined && declared !== "0") || req.headers["transfer-encoding"] !== undefined;
  res.on("finish", () => {
    if (!hasBody || req.complete || req.destroyed) return;
    // Remix's body stream pauses the request when nobody reads it: take it over and discard the rest.
    req.removeAllListeners("data");
    let drained = 0;
    req.on("data", (chunk) => {
      drained += chunk.length;
      if (drained > drainBytes) req.socket.destroy();
    });
    req.resume();
  });
  if (declared !== undefined && !(/^[0-9]+$/.test(declared) && Number(declared) <= anyRequestBytes)) {
    res.status(413);
    // Autosave reads JSON, the FHIR API an OperationOutcome; everything else is a page.
    if (isFhir(req)) refuseFhir(res, 413, "too-costly", "What was sent is too large. Nothing was saved.");
    else if (/\/answers$/.test(req.path))
      res.json({ error: "What was sent is too large. Nothing was saved." });
    else res.type("text/plain").send("What was sent is too large. Nothing was saved.");
    return;
  }
  next();
});

// More headers than any browser sends (app/limits.ts): 431. Node refuses more than headerBytes of them itself
// (see clientError below).
app.use((req, res, next) => {
  if (req.rawHeaders.length / 2 <= headerCount) return next();
  const message = "The headers of this request are too large, or too many.";
  if (isFhir(req)) refuseFhir(res, 431, "too-costly", message);
  else res.status(431).type("text/plain").send(message);
});

// Cross-site request forgery, first line: a browser names the origin a form came from (scheme, host and port);
// accept only the service's own: PUBLIC_URL's, or the one this request reached (so an https page cannot post
// to a plain-http server, nor another port).
// (Signed-in forms also carry a per-session token, checked in app/auth/guard.server.ts.) A request without
// an Origin header is not a browser's cross-site post, so it passes: the FHIR API's clients (curl, an
// integration engine) send none, and /fhir authenticates by bearer token only, never by the session cookie,
// so there is nothing ambient to forge there. A browser page on another site is refused on /fhir too (the API
// answers no CORS preflight: CapabilityStatement cors false).
const publicHost = new URL(publicOrigin).host;
/**
 * Whether an Origin is the service's own: the origin this request reached (scheme, host and port), or
 * PUBLIC_URL's when the request reached PUBLIC_URL's host (behind a proxy that ends TLS, without TRUST_PROXY,
 * the connection is http while the page was https). The scheme is `req.protocol`: the connection's own unless
 * TRUST_PROXY lets X-Forwarded-Proto name it; the host likewise from X-Forwarded-Host. The host must match in
 * any case: Remix refuses an action whose Origin names another host, with a 500.
 */
function isOwnOrigin(req, sent) {
  const host = (app.get("trust proxy") && req.get("X-Forwarded-Host")) || req.get("Host");
  if (sent === publicOrigin && host === publicHost) return true;
  try {
    return sent === new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return false;
  }
}
app.use((req, res, next) => {
  const origin = req.get("Origin");
  // HEAD too: Remix runs a HEAD of a `.data` URL as an action.
  if (req.method === "GET" || !origin) return next();
  let sent;
  try {
    sent = origin === "null" ? null : new URL(origin).origin;
  } catch {
    const message = "The Origin header of this request is not a web address.";
    if (isFhir(req)) refuseFhir(res, 400, "invalid", message);
    else res.status(400).type("text/plain").send(message);
    return;
  }
  if (!isOwnOrigin(req, sent)) {
    const message = "This request came from another site, so it was refused.";
    if (isFhir(req)) refuseFhir(res, 403, "security", message);
    else res.status(403).type("text/plain").send(message);
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

// Everything past the static files is rendered for whoever is signed in (or could be): never kept in a
// browser's or a proxy's cache, so Back after sign-out on a shared PC shows nothing private.
app.use((_req, res, next) => {
  res.set("Cache-Control", "no-store");
  next();
});

// A URL past its limits (app/limits.ts) is refused here, just before Remix (static files and Vite's own
// module paths, deep under node_modules in development, are not held to them): Remix matches the route tree
// once for every parent path of a URL (route discovery), so a path of thousands of segments held the CPU for
// seconds, and `/__manifest` does the same for every path it is asked about.
const slashes = (path) => {
  let n = 0;
  // `\` counts: URL parsing turns it into `/`.
  for (let i = 0; i < path.length; i++) if (path[i] === "/" || path[i] === "\\") n++;
  return n;
};
const pathTooLong = (path) => path.length > urlLimits.pathBytes || slashes(path) > urlLimits.pathSegments;
/** Whether Remix would match more paths for this discovery request than the limit: its `p=` paths and their parents. */
function manifestTooLong(paths) {
  const matched = new Set();
  for (const p of paths) {
    if (pathTooLong(p)) return true;
    const segments = (p.startsWith("/") ? p : `/${p}`).split("/").slice(1);
    for (let i = 1; i <= segments.length; i++) matched.add(`/${segments.slice(0, i).join("/")}`);
    if (matched.size > urlLimits.manifestPaths) return true;
  }
  return false;
}
app.use((req, res, next) => {
  const target = req.originalUrl;
  const mark = target.indexOf("?");
  const path = mark === -1 ? target : target.slice(0, mark);
  const query = mark === -1 ? "" : target.slice(mark + 1);
  let tooLong = pathTooLong(path) || query.length > urlLimits.queryBytes;
  if (!tooLong && path === "/__manifest") tooLong = manifestTooLong(new URLSearchParams(query).getAll("p"));
  if (tooLong) {
    const message = "The address of this request is too long.";
    if (isFhir(req)) refuseFhir(res, 414, "too-costly", message);
    else res.status(414).type("text/plain").send(message);
    return;
  }
  next();
});

app.all(
  "*",
  createRequestHandler({
    build: vite ? loadBuild : build,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      clientAddress: req.ip ?? null,
      requestId: res.locals.requestId,
    }),
  }),
);

// Headers past headerBytes are refused by Node's parser: see the clientError handler below.
const server = createServer({ maxHeaderSize: headerBytes }, app);
server.listen(port, host, () => {
  const { port: bound } = server.address();
  const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${bound}`;
  console.info(`Digital maturity self-assessment is running at ${url}`);
  process.send?.("listening"); // to scripts/start.mjs, which restarts a server that crashes after this
  if (demoSignIns.length > 0) {
    console.info("\nDemo sign-ins (password for all: %s):", demoSignIns[0].password);
    for (const d of demoSignIns) console.info(`  ${d.role.padEnd(22)} ${d.email}`);
  }
});

// Node's HTTP parser refuses a request it cannot parse (headers past headerBytes, a control character in a
// header value) before any of our code runs, and would answer with an empty body. We answer as every other
// refusal here: a short text, or on /fhir an OperationOutcome (a malformed Authorization is the API's 401,
// with WWW-Authenticate, as a missing token gets). The parser stays strict (no
// insecureHTTPParser): nothing malformed reaches Remix.
const hasControlCharacter = (line) =>
  [...line].some((c) => {
    const n = c.charCodeAt(0);
    return (n < 0x20 && n !== 0x09) || n === 0x7f;
  });
server.on("clientError", (error, socket) => {
  if (error.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const [requestLine = "", ...lines] = (error.rawPacket?.toString("latin1") ?? "").split("\r\n");
  const target = requestLine.split(" ")[1] ?? "";
  const [status, reason, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "The headers of this request are too large, or too many."]
      : error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
        ? [413, "Payload Too Large", "What was sent is too large. Nothing was saved."]
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "Request Timeout", "The request took too long to arrive."]
          : [400, "Bad Request", "This request could not be read."];
  if (!/^\/fhir(\/|\?|$)/.test(target) || status === 408) {
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`,
    );
    return;
  }
  const bad = lines.slice(0, lines.indexOf("")).find(hasControlCharacter) ?? "";
  const authorization = status === 400 && /^authorization\s*:/i.test(bad);
  const [answer, answerReason, code, diagnostics, extra] = authorization
    ? [
        401,
        "Unauthorized",
        "login",
        "The Authorization header holds a character no token has: send 'Authorization: Bearer <token>'.",
        'WWW-Authenticate: Bearer realm="fhir", error="invalid_token"\r\n',
      ]
    : status === 400
      ? [
          400,
          reason,
          "structure",
          "The request could not be parsed as HTTP (a header holds a character HTTP does not allow).",
          "",
        ]
      : [status, reason, "too-costly", message, ""];
  const body = JSON.stringify({
    resourceType: "OperationOutcome",
    issue: [{ severity: "error", code, diagnostics }],
  });
  socket.end(
    `HTTP/1.1 ${answer} ${answerReason}\r\n` +
      "Content-Type: application/fhir+json; charset=utf-8\r\nCache-Control: no-store\r\n" +
      `${extra}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});

// Idle keep-alive connections stay open longer than a reverse proxy's (60 s is the common default), so the
// server never closes one just as the proxy, or a client, sends the next request on it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// Graceful shutdown: stop accepting connections, let requests in flight finish (up to the grace period),
// close idle keep-alive connections at once, then close the database and exit.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (shuttingDown) return; // Ctrl-C reaches both npm start's supervisor and the server
    shuttingDown = true;
    console.info(`${signal}: finishing requests in flight, then stopping.`);
    const stop = async (code) => {
      await build.entry.module.stopServer();
      process.exit(code);
    };
    server.close(() => void stop(0));
    server.closeIdleConnections();
    setTimeout(() => {
      console.error(`Requests still running after ${shutdownGraceSeconds} s: stopping anyway.`);
      server.closeAllConnections();
      void stop(1);
    }, shutdownGraceSeconds * 1000).unref();
  });
}
