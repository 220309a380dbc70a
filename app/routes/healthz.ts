import { getDb } from "../db.server";
import { checkWritable } from "../models/health.server";
import { outboxBacklog } from "../models/notification.server";
import { recentStorageFault } from "../storage.server";

/**
 * For load balancers and monitoring: 200 when the database can be written, 503 when it cannot or when a save
 * has failed for a storage fault in the last minute and none has succeeded since. It also reports the emails
 * waiting to be sent (a backlog never fails the check: the service works while a mail server is down).
 */
export async function loader() {
  const health = await checkWritable(getDb()).catch((error: unknown) => ({
    ok: false as const,
    reason: error instanceof Error ? error.message : String(error),
  }));
  const recent = recentStorageFault();
  if (health.ok && !recent) {
    const outbox = await outboxBacklog(getDb()).catch(() => null);
    return Response.json({ status: "ok", ...(outbox ? { emailOutbox: outbox } : {}) });
  }
  const reason = health.ok ? `a save failed within the last minute (${recent})` : health.reason;
  console.error(JSON.stringify({ time: new Date().toISOString(), level: "error", event: "healthz", reason }));
  return Response.json({ status: "unavailable", reason: "The database cannot be written." }, { status: 503 });
}
