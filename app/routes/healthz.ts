import { getDb } from "../db.server";
import { checkWritable } from "../models/health.server";
import { recentStorageFault } from "../storage.server";

/**
 * For load balancers and monitoring: 200 when the database can be written, 503 when it cannot or when a save
 * has failed for a storage fault in the last minute and none has succeeded since.
 */
export async function loader() {
  const health = await checkWritable(getDb()).catch((error: unknown) => ({
    ok: false as const,
    reason: error instanceof Error ? error.message : String(error),
  }));
  const recent = recentStorageFault();
  if (health.ok && !recent) return Response.json({ status: "ok" });
  const reason = health.ok ? `a save failed within the last minute (${recent})` : health.reason;
  console.error(JSON.stringify({ time: new Date().toISOString(), level: "error", event: "healthz", reason }));
  return Response.json({ status: "unavailable", reason: "The database cannot be written." }, { status: 503 });
}
