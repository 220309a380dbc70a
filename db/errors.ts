import { type Kysely, sql } from "kysely";
import { dialectOf } from "./database";

/**
 * What a database error means for the person waiting on it, for both dialects. A storage fault (no space, a
 * read-only or unreachable database, a lock held too long, an I/O error) is the service's problem, not the
 * request's: it answers 503 and keeps what was typed, and the log keeps the real error.
 */
export type StorageFault = "full" | "read-only" | "locked" | "unavailable" | "damaged";

const sqliteFaults: [RegExp, StorageFault][] = [
  [/^SQLITE_FULL/, "full"],
  [/^SQLITE_(READONLY|PERM|CANTOPEN)/, "read-only"],
  [/^SQLITE_(BUSY|LOCKED)/, "locked"],
  [/^SQLITE_(IOERR|NOMEM)/, "unavailable"],
  [/^SQLITE_(CORRUPT|NOTADB)/, "damaged"],
];

// PostgreSQL SQLSTATE classes and node's connection errors.
const postgresFaults: [RegExp, StorageFault][] = [
  [/^53100$/, "full"], // disk_full
  [/^25006$/, "read-only"], // read_only_sql_transaction
  [/^(55P03|57014)$/, "locked"], // lock_not_available, query_canceled (statement/lock timeout)
  [
    /^(08...|57P0[1-3]|53300|53200|58...|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH)$/,
    "unavailable",
  ],
  [/^XX001$/, "damaged"], // data_corrupted
];

export function storageFault(error: unknown): StorageFault | null {
  if (!error || typeof error !== "object") return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    for (const [pattern, fault] of [...sqliteFaults, ...postgresFaults]) if (pattern.test(code)) return fault;
  }
  const message = error instanceof Error ? error.message : "";
  if (/Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/.test(message)) {
    return "unavailable";
  }
  return null;
}


/**
 * What a database error means for the caller, the same on both dialects:
 * - "unique": a unique index or primary key refused the write (someone else wrote the same thing first);
 * - "retry": the database gave up to keep transactions apart (PostgreSQL serialisation failure or deadlock,
 *   SQLite busy), and running the whole transaction again is safe.
 * Anything else is a fault, not a conflict.
 */
export function databaseConflict(error: unknown): "unique" | "retry" | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return null;
  // PostgreSQL SQLSTATEs
  if (code === "23505") return "unique";
  if (code === "40001" || code === "40P01") return "retry";
  // better-sqlite3
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return "unique";
  if (code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT") return "retry";
  return null;
}

export const isUniqueViolation = (error: unknown) => databaseConflict(error) === "unique";

/**
 * Runs `work` (a whole transaction) again when it lost a race: a unique violation or a serialisation error.
 * The next attempt reads what the winner wrote and answers accordingly ("already open", "already has this
 * role"). Only for work whose second run decides afresh from what it reads.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || databaseConflict(error) === null) throw error;
    }
  }
}

/** For functions whose writes only make sense together with their caller's: refuse to run outside one. */
// biome-ignore lint/suspicious/noExplicitAny: any database schema
export function assertTransaction(db: Kysely<any>, what: string): void {
  if (!db.isTransaction) throw new Error(`${what} must run inside a transaction`);
}

/**
 * Serialises, across every server on a PostgreSQL database, the transactions that rewrite one derived
 * thing (a cycle's benchmarks): held until the transaction ends. SQLite already runs one writer at a time.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database schema
export async function lockInTransaction(db: Kysely<any>, key: string): Promise<void> {
  assertTransaction(db, `the lock on ${key}`);
  if (dialectOf(db) !== "postgres") return;
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}
