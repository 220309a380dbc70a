import {
  dialectOf,
  migrateToLatest,
  quickCheck,
  withRelaxedDurability,
  withStartupLock,
} from "../db/database";
import { storageFault } from "../db/errors";
import { oidcProviders } from "./auth/oidc.server";
import { config, disclosureRule } from "./config.server";
import { closeDb, getDb } from "./db.server";
import { limits } from "./limits";
import { demoSignIns, hasDemoPeople, seedDemoIfEmpty } from "./models/demo.server";
import { checkWritable } from "./models/health.server";
import { loadQuestionnaires } from "./models/questionnaire.server";
import { configuredTransport } from "./notifications/transport.server";
import { runNotifications } from "./services/notifications.server";

/**
 * Runs once as the server starts: validate the configuration, check the database (damaged? newer than
 * this version? writable?) before changing it, migrate, load the questionnaire files (refusing changes to
 * frozen versions), seed an empty database with demo data, and say how to sign in and how to serve.
 */
export async function startServer() {
  try {
    return await start();
  } catch (error) {
    const fault = storageFault(error);
    if (!fault) throw error;
    throw new Error(
      `The database cannot be used (${fault}): ${error instanceof Error ? error.message : error}. Check that the database file and its folder can be written by this user, and that the disk has free space.`,
    );
  }
}

async function start() {
  const settings = config(); // every environment variable checked before anything else happens
  disclosureRule(); // a disclosure rule looser than its floor stops the start, not a page later
  // quick_check is SQLite's; PostgreSQL checks its own pages.
  if (settings.DATABASE_CHECK_ON_START && dialectOf(getDb()) === "sqlite") {
    const problems = await quickCheck(getDb());
    if (problems.length > 0) {
      throw new Error(`The database is damaged (quick_check):\n  ${problems.slice(0, 10).join("\n  ")}`);
    }
  }
  // Several servers may start together on one PostgreSQL database: one at a time migrates, loads and seeds.
  const hasDemo = await withStartupLock(getDb(), async (db) => {
    await migrateToLatest(db);
    const writable = await checkWritable(db);
    if (!writable.ok) throw new Error(`The database cannot be written: ${writable.reason}`);
    await loadQuestionnaires(db);
    // DEMO_DATA=off keeps a new production database empty until real data is imported.
    if (settings.DEMO_DATA) await withRelaxedDurability(db, () => seedDemoIfEmpty(db));
    return hasDemoPeople(db);
  });
  startNotifications(settings.NOTIFICATIONS_INTERVAL_SECONDS);
  return {
    demoSignIns: hasDemo ? demoSignIns : [],
    // Sign-in and sign-out forms end in a redirect to the identity provider: the CSP's form-action must allow it.
    formActionOrigins: oidcProviders().map((p) => p.issuer.origin),
    settings: {
      port: settings.PORT,
      host: settings.HOST,
      trustProxy: settings.TRUST_PROXY,
      logRequests: settings.LOG_REQUESTS,
      shutdownGraceSeconds: settings.SHUTDOWN_GRACE_SECONDS,
      anyRequestBytes: limits.anyRequestBytes,
      urlLimits: limits.url,
      headerBytes: limits.headerBytes,
      headerCount: limits.headerCount,
      // The Origin a browser sends from the service's own pages (the cross-site check in server.mjs).
      publicOrigin: new URL(settings.PUBLIC_URL).origin,
    },
  };
}

let notificationTimer: NodeJS.Timeout | undefined;

/**
 * Sends due emails every `seconds`, outside any request (issue 24). Without SMTP_URL they go to the log, and
 * the server says so once at start. A run that fails is logged and the next one tries again.
 */
function startNotifications(seconds: number) {
  const transport = configuredTransport();
  if (transport.kind === "log")
    console.info(
      "Email: SMTP_URL is not set, so emails are written to this log and shown on the notifications page.",
    );
  if (seconds === 0) return;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await runNotifications(getDb(), transport, new Date());
    } catch (error) {
      console.error(`notifications run failed: ${error instanceof Error ? error.message : error}`);
    } finally {
      running = false;
    }
  };
  notificationTimer = setInterval(() => void run(), seconds * 1000);
  notificationTimer.unref();
  void run();
}

/** The last step of a graceful shutdown, once requests in flight have finished. */
export async function stopServer() {
  clearInterval(notificationTimer);
  await closeDb();
}
