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
