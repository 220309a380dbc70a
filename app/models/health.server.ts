import type { Db } from "../../db/database";
import { storageFault } from "../../db/errors";

const headroom = "0".repeat(64 * 1024);

export type Health = { ok: true } | { ok: false; reason: string };

/**
 * Whether the database accepts a write now: one row in a table of its own rewritten, needing what every
 * save needs (permission, no lock held too long, and room: the row carries 64 KB, more than the largest
 * save writes, so a disk too full to save on fails the check too). Cheap enough to call every few seconds.
 */
export async function checkWritable(db: Db, now = new Date()): Promise<Health> {
  try {
    const checked_at = now.toISOString();
    await db
      .insertInto("service_health")
      .values({ id: 1, checked_at, headroom })
      .onConflict((oc) => oc.column("id").doUpdateSet({ checked_at, headroom }))
      .execute();
    return { ok: true };
  } catch (error) {
    const fault = storageFault(error);
    if (!fault) throw error;
    return { ok: false, reason: `${fault} (${error instanceof Error ? error.message : String(error)})` };
  }
}
