import type { Db } from "../../db/database";

/**
 * Failures allowed before each further attempt has to wait: few per account, more per address because a
 * whole trust may reach us through one address.
 */
const freeAttempts = (key: string) => (key.startsWith("address:") ? 50 : 5);
const maxWaitSeconds = 15 * 60;
/** A key with no failure for this long starts afresh. */
const forgetAfterSeconds = 60 * 60;

export const throttleKeys = (email: string, address: string | null) => [
  `email:${email.toLowerCase()}`,
  ...(address ? [`address:${address}`] : []),
];

/**
 * Seconds the caller must still wait before another sign-in attempt for any of the keys: zero for the
 * first few failures, then doubling from 2 s up to 15 minutes. Slows guessing down per account and per
 * address without locking the real owner out for long.
 */
export async function secondsToWait(db: Db, keys: string[], now = new Date()): Promise<number> {
  const rows = await db
    .selectFrom("sign_in_failure")
    .select(["key", "failures", "last_failure_at"])
    .where("key", "in", keys)
    .execute();
  let wait = 0;
  for (const row of rows) {
    const since = (now.getTime() - Date.parse(row.last_failure_at)) / 1000;
    const free = freeAttempts(row.key);
    if (row.failures < free || since > forgetAfterSeconds) continue;
    const required = Math.min(2 ** (row.failures - free + 1), maxWaitSeconds);
    wait = Math.max(wait, Math.ceil(required - since));
  }
  return Math.max(wait, 0);
}

export async function recordFailure(db: Db, keys: string[], now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const key of keys) {
      const row = await trx
        .selectFrom("sign_in_failure")
        .select(["failures", "last_failure_at"])
        .where("key", "=", key)
        .executeTakeFirst();
      const stale = row && (now.getTime() - Date.parse(row.last_failure_at)) / 1000 > forgetAfterSeconds;
      const failures = row && !stale ? row.failures + 1 : 1;
      await trx
        .insertInto("sign_in_failure")
        .values({ key, failures, last_failure_at: at })
        .onConflict((oc) => oc.column("key").doUpdateSet({ failures, last_failure_at: at }))
        .execute();
    }
  });
}

export async function clearFailures(db: Db, keys: string[]): Promise<void> {
  await db.deleteFrom("sign_in_failure").where("key", "in", keys).execute();
}
