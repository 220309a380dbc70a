import { sql } from "kysely";
import type { Db } from "../../db/database";

/**
 * Sign-in throttling. Every attempt is counted, and allowed or refused, by one atomic statement per key, so
 * parallel attempts cannot slip past the count: the attempt that earns a wait sets it for all that follow.
 *
 * Keys, and the attempts each allows before every further one has to wait (2 s, doubling to 15 minutes):
 * - the account and address together: 5, the usual guessing limit;
 * - the account from anywhere: 20, so guessing spread over many addresses is slowed too;
 * - the address: 300 an hour, because a whole trust (thousands of staff) may reach us through one NAT
 *   address, and one person's mistakes there must not lock out the rest.
 * A successful sign-in clears its account's keys and gives its address's attempt back. A key with no
 * attempt for an hour starts afresh.
 */
const freeAttempts = { "account-address": 5, account: 20, address: 300 } as const;
type KeyKind = keyof typeof freeAttempts;
const maxWaitMs = 15 * 60 * 1000;
const forgetAfterMs = 60 * 60 * 1000;

export interface ThrottleKey {
  kind: KeyKind;
  key: string;
}

/** The most specific first: a refusal there stops the attempt before the wider keys count it. */
export function throttleKeys(email: string, address: string | null): ThrottleKey[] {
  const account = email.toLowerCase();
  return [
    ...(address ? [{ kind: "account-address" as const, key: `account-address:${account}|${address}` }] : []),
    { kind: "account" as const, key: `account:${account}` },
    ...(address ? [{ kind: "address" as const, key: `address:${address}` }] : []),
  ];
}

/** Milliseconds that attempt number `attempts` (an SQL expression) makes the next attempt wait. */
function waitCase(kind: KeyKind, attempts: string): string {
  const free = freeAttempts[kind];
  const whens = [`when ${attempts} < ${free} then 0`];
  for (let i = 0, ms = 2000; ms < maxWaitMs; i++, ms *= 2)
    whens.push(`when ${attempts} = ${free + i} then ${ms}`);
  return `case ${whens.join(" ")} else ${maxWaitMs} end`;
}

export type Attempt = { allowed: true } | { allowed: false; waitSeconds: number };

/**
 * Counts a sign-in attempt against each key and says whether it may go ahead. Call before checking the
 * password, so that the check itself is what is rationed.
 */
export async function claimAttempt(db: Db, keys: ThrottleKey[], now = new Date()): Promise<Attempt> {
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  const staleIso = new Date(nowMs - forgetAfterMs).toISOString();
  for (const { kind, key } of keys) {
    const previous = sql.raw("sign_in_failure.failures");
    const fresh = sql`sign_in_failure.last_failure_at < ${staleIso}`;
    // An attempt that earns no wait leaves no time behind (0): with several attempts in flight at once (and
    // on PostgreSQL they truly run at once), "now" from a later one must not refuse an earlier one. The cast
    // keeps milliseconds out of PostgreSQL's 32-bit integer.
    const wait = sql.raw(waitCase(kind, "sign_in_failure.failures + 1"));
    const until = sql`coalesce(nullif(${wait}, 0) + cast(${nowMs} as double precision), 0)`;
    const claimed = await sql<{ failures: number }>`
      insert into sign_in_failure (key, failures, last_failure_at, blocked_until)
      values (${key}, 1, ${nowIso}, 0)
      on conflict (key) do update set
        failures = case when ${fresh} then 1 else ${previous} + 1 end,
        last_failure_at = ${nowIso},
        blocked_until = case when ${fresh} then 0 else ${until} end
      where sign_in_failure.blocked_until <= ${nowMs} or ${fresh}
      returning failures`.execute(db);
    if (claimed.rows.length === 0) {
      const row = await db
        .selectFrom("sign_in_failure")
        .select("blocked_until")
        .where("key", "=", key)
        .executeTakeFirst();
      return {
        allowed: false,
        waitSeconds: Math.max(1, Math.ceil(((row?.blocked_until ?? nowMs) - nowMs) / 1000)),
      };
    }
  }
  return { allowed: true };
}

/** The right password: the account starts afresh, and the address has its attempt back. */
export async function attemptSucceeded(db: Db, keys: ThrottleKey[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const accountKeys = keys.filter((k) => k.kind !== "address").map((k) => k.key);
    if (accountKeys.length > 0)
      await trx.deleteFrom("sign_in_failure").where("key", "in", accountKeys).execute();
    for (const { key } of keys.filter((k) => k.kind === "address")) {
      await trx
        .updateTable("sign_in_failure")
        .set({ failures: sql`case when failures > 0 then failures - 1 else 0 end` })
        .where("key", "=", key)
        .execute();
    }
  });
}
