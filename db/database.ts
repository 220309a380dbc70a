import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
  type Transaction,
} from "kysely";
import pg from "pg";
import { config } from "../app/config.server";
import { migrationProvider } from "./migrations/index";
import type { Database } from "./schema";

export type Db = Kysely<Database>;
export type Dialect = "sqlite" | "postgres";

export const defaultDatabaseUrl = "file:data/digital-maturity.sqlite";

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** Which dialect a database (or a transaction on one) speaks, for the few places the SQL must differ. */
// biome-ignore lint/suspicious/noExplicitAny: any database schema
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

export interface OpenOptions {
  /** SQLite's `synchronous`: FULL also survives power loss; NORMAL only process crashes (ADR 014). */
  synchronous?: "full" | "normal";
  /** Refuse a database file that does not exist yet (CLI commands that read or copy an existing one). */
  mustExist?: boolean;
  /**
   * Checkpoint SQLite's WAL from a worker thread instead of in the commit that fills it (the server's): a
   * checkpoint writes and syncs hundreds of pages, and one taken by a request stalls every request behind it.
   */
  checkpointInBackground?: boolean;
  /**
   * Called with the SQL of every statement run (on SQLite transaction control included; on PostgreSQL, where
   * each is a round trip, every statement but begin and commit): tests count work with it.
   */
  onStatement?: (sql: string) => void;
}

/**
 * Opens the database named by a DATABASE_URL: a file path or file: URL for embedded SQLite, ":memory:" for
 * tests, or a postgres:// (postgresql://) URL for a PostgreSQL database that several servers share. This is
 * the one place that knows how to connect; everything else speaks kysely (see `dialectOf` for the rest).
 * The options are SQLite's: PostgreSQL's durability and existence are the server's to decide.
 */
export function openDatabase(
  url: string = config().DATABASE_URL || defaultDatabaseUrl,
  options: OpenOptions = {},
): Db {
  if (isPostgresUrl(url)) return openPostgres(url, options.onStatement);
  const path = sqlitePath(url);
  if (path !== ":memory:") {
    if (options.mustExist && !existsSync(path)) {
      throw new Error(`There is no database at ${path}: check DATABASE_URL.`);
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  const sqlite = new SQLite(path, { fileMustExist: options.mustExist ?? false });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
  const checkpointer =
    options.checkpointInBackground && path !== ":memory:" ? startCheckpointer(sqlite, path) : undefined;
  return new Kysely<Database>({
    dialect: new WriterFirstSqliteDialect({
      database: withStatementCache(sqlite, options.onStatement, () => checkpointer?.terminate()),
    }),
  });
}

/**
 * Checkpoints the WAL from a worker thread with its own connection, every 200 ms. A PASSIVE checkpoint takes
 * no write lock, so commits on the request thread go on meanwhile; once the WAL passes 4,000 pages (16 MB)
 * and is nearly all copied, a RESTART checkpoint (only when the write lock is free at that moment: the worker
 * never waits) lets it start again from the beginning. The
 * request thread itself checkpoints only if the WAL grows to 20,000 pages (about 80 MB), should the worker
 * ever fall behind or stop. Durability is unchanged: a commit is durable once its WAL frames are synced.
 */
function startCheckpointer(sqlite: SQLite.Database, path: string) {
  sqlite.pragma("wal_autocheckpoint = 20000");
  const worker = new Worker(
    `const { workerData } = require("node:worker_threads");
     const SQLite = require(workerData.module);
     const db = new SQLite(workerData.path, { fileMustExist: true });
     db.pragma("busy_timeout = 0");
     db.pragma("synchronous = " + workerData.synchronous);
     setInterval(() => {
       try {
         const [done] = db.pragma("wal_checkpoint(PASSIVE)");
         // Under steady writes a passive checkpoint is never quite complete, so the WAL would only grow:
         // once it is large and nearly all copied, restart it, taking the write lock only if it is free now.
         if (done.log > 4000 && done.log - done.checkpointed < 256) db.pragma("wal_checkpoint(RESTART)");
       } catch {}
     }, 200);`,
    {
      eval: true,
      workerData: {
        module: createRequire(import.meta.url).resolve("better-sqlite3"),
        path,
        synchronous: Number(sqlite.pragma("synchronous", { simple: true })),
      },
    },
  );
  worker.unref();
  worker.on("error", (error) => console.error(`background checkpoints stopped: ${error.message}`));
  return worker;
}

/**
 * SQLite transactions start as `BEGIN IMMEDIATE`: they take the write lock first, waiting for it up to
 * busy_timeout. Kysely's `begin` is deferred: a transaction that reads before it writes holds a read
 * snapshot, and SQLite refuses that snapshot's upgrade to a write at once (SQLITE_BUSY, no busy_timeout)
 * while another process (the CLI, a backup, a second server by mistake) holds the write lock, so a save
 * failed in milliseconds instead of waiting. Every transaction here writes, or reads to decide a write; one
 * connection per process runs them one at a time anyway, so taking the lock first costs nothing in-process.
 */
class WriterFirstSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class WriterFirstSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new WriterFirstSqliteDriver(this.#config);
  }
}

/**
 * A write transaction that may share its commit with others (group commit, ADR 018). On SQLite every commit
 * waits for the disk (`synchronous=FULL`), and better-sqlite3 waits on the one thread that serves every
 * request: at 50 autosaves in flight, most of the server's time was spent in fsync. Writes handed in while the
 * disk is busy, or in the same turn of the event loop, run one after another in one transaction and are
 * committed by one fsync; none is answered before that commit is on disk, so every acknowledged write still
 * survives a power cut. A write that throws rolls the whole transaction back and gets its error; the others
 * (none of them answered yet) run again in the next commit, so a failure never leaves a partial write and
 * `work` must only touch the database (it may run more than once). PostgreSQL has a connection per
 * transaction and commits them in parallel already: there this is `db.transaction().execute(work)`.
 */
export function groupCommit<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (dialectOf(db) === "postgres") return db.transaction().execute(work);
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter(db);
    committers.set(db, committer);
  }
  return committer.run(work);
}

const committers = new WeakMap<Db, GroupCommitter>();

interface PendingWrite {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

class GroupCommitter {
  /** Most writes one commit carries: bounds how long the others wait for the connection. */
  static readonly maxBatch = 64;
  #queue: PendingWrite[] = [];
  #scheduled = false;
  constructor(readonly db: Db) {}

  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After this turn's I/O: every write handed in meanwhile joins the batch.
    setImmediate(() => {
      void this.#flush().finally(() => {
        this.#scheduled = false;
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  async #flush() {
    const batch = this.#queue.splice(0, GroupCommitter.maxBatch);
    let trx: Awaited<ReturnType<ReturnType<Db["startTransaction"]>["execute"]>>;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    const values: unknown[] = [];
    for (const write of batch) {
      try {
        values.push(await write.work(trx));
      } catch (error) {
        await trx
          .rollback()
          .execute()
          .catch(() => {});
        write.reject(error);
        // Nothing of the others was answered: they run again, in order, in the next commit.
        this.#queue.unshift(...batch.filter((other) => other !== write));
        return;
      }
    }
    try {
      await trx.commit().execute();
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      for (const write of batch) write.reject(error);
      return;
    }
    for (const [i, write] of batch.entries()) write.resolve(values[i]);
  }
}

/**
 * Counts and sums come back from PostgreSQL as bigint and numeric, which `pg` hands over as strings (they may
 * not fit a double). Ours always fit, and SQLite answers numbers, so both dialects answer numbers.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    if (oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function openPostgres(url: string, onStatement?: (sql: string) => void): Db {
  const { DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS } = config();
  const pool = new pg.Pool({
    connectionString: url,
    max: DATABASE_POOL_SIZE,
    // A connection that cannot be had within this time fails the request (503/500) instead of queueing forever.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: DATABASE_STATEMENT_TIMEOUT_MS,
    types: pgTypes,
    application_name: "digital-maturity",
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process: the pool
  // discards it and the next query opens a new one, so the service recovers when the database returns.
  pool.on("error", (error) => console.error(`database connection lost: ${error.message}`));
  // So must one dropped while it is checked out (a transaction, a long read such as the reminder sweep): its
  // query fails and its caller answers for it, but the client also emits "error", which pg's pool listens
  // for only while the client is idle. Without a listener of its own, that event would end the process.
  pool.on("connect", (client) => {
    client.on("error", (error) => console.error(`database connection lost: ${error.message}`));
    preparedByText(client);
  });
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    // Each statement kysely runs (transaction control is the driver's and not among them).
    log: onStatement && ((event) => onStatement(event.query.sql)),
  });
}

/**
 * PostgreSQL parses and plans every unnamed statement afresh, and for autosave's statements that was most of
 * the server's work (a third of a millisecond to parse and plan the save's statement, more than running it).
 * Each connection names the statements it runs by their text, so PostgreSQL parses each once per connection
 * and may keep its plan, as better-sqlite3's statements are kept below. A connection names at most
 * `preparedPerConnection` texts (a query with a list of parameters has one text per length); past that, the
 * rest run unnamed. Statements without parameters (begin, commit, migrations' DDL) always run unnamed.
 */
const preparedPerConnection = 500;
function preparedByText(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = new Set<string>();
  (client as { query: unknown }).query = (text: unknown, values: unknown, callback: unknown) => {
    // Kysely passes an empty list for a statement without parameters (begin, commit, DDL): those stay unnamed.
    if (typeof text !== "string" || !Array.isArray(values) || values.length === 0)
      return query(text, values, callback);
    const name = `s${createHash("sha1").update(text).digest("base64url")}`;
    if (!named.has(name)) {
      if (named.size >= preparedPerConnection) return query(text, values, callback);
      named.add(name);
    }
    return query({ name, text, values }, callback);
  };
}

/**
 * Kysely prepares every query afresh, and preparing (parsing and planning the SQL) costs more than running a
 * small query. Queries repeat their SQL with different parameters, so prepared statements are kept by their
 * text (better-sqlite3 statements are reusable and the driver is synchronous).
 */
function withStatementCache(
  sqlite: SQLite.Database,
  onStatement?: (sql: string) => void,
  onClose?: () => void,
) {
  const statements = new Map<string, SQLite.Statement>();
  // SQLite ends a transaction itself when a write fails for lack of space or memory (SQLITE_FULL and kin),
  // and kysely's rollback then fails with "cannot rollback - no transaction is active", hiding the real
  // error. A rollback with no transaction open does nothing, so the real error is the one that surfaces.
  const noTransaction = { reader: false, all: () => [], run: () => ({ changes: 0, lastInsertRowid: 0 }) };
  return {
    prepare(sql: string) {
      onStatement?.(sql);
      if (!sqlite.inTransaction && /^\s*rollback\b/i.test(sql)) return noTransaction as never;
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size > 2000) statements.clear(); // bounded: generated SQL could vary without end
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      onClose?.();
      statements.clear();
      sqlite.close();
    },
  };
}

export function sqlitePath(url: string): string {
  if (url === ":memory:") return url;
  if (url.startsWith("file:")) {
    return url.startsWith("file://") ? fileURLToPath(url) : resolve(url.slice("file:".length));
  }
  return resolve(url);
}

/** Any fixed number: the key of the advisory lock that lets one server at a time run the start-up steps. */
const startupLockKey = 7_301_926;

/**
 * Runs `work` while holding a database-wide lock, so two servers starting together on one PostgreSQL
 * database do not both migrate or both load questionnaires: the second waits, then finds the work done.
 * SQLite has one server per file, and its migrator locks the file itself.
 */
export async function withStartupLock<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== "postgres") return work(db);
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${startupLockKey})`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`select pg_advisory_unlock(${startupLockKey})`.execute(connection);
    }
  });
}

/**
 * Migrates to the newest schema this version knows. A database migrated by a newer version is refused
 * before anything is changed, and named as such (kysely alone would call it "corrupted").
 */
export async function migrateToLatest(db: Db): Promise<void> {
  await assertSchemaNotNewer(db);
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
}

/**
 * Runs bulk work that can simply be done again (seeding demo data, generating benchmark data) without waiting
 * for the disk after every commit: SQLite's `synchronous` is NORMAL for its length (a crash still loses
 * nothing committed; only power loss could drop its last commits, and the work would be redone).
 */
export async function withRelaxedDurability<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return work();
  const [{ synchronous } = { synchronous: 2 }] = (
    await sql<{ synchronous: number }>`pragma synchronous`.execute(db)
  ).rows;
  await sql`pragma synchronous = normal`.execute(db);
  try {
    return await work();
  } finally {
    await sql.raw(`pragma synchronous = ${Number(synchronous)}`).execute(db);
  }
}

export async function assertSchemaNotNewer(db: Db): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === "kysely_migration")) return;
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const known = new Set(Object.keys(await migrationProvider.getMigrations()));
  const unknown = applied.rows.map((r) => r.name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `The database has a newer schema than this version of the service (migration ${unknown.join(", ")} is not known here). Run the newer version, or restore a backup made for this one. Nothing was changed.`,
    );
  }
}

/**
 * SQLite's quick_check: reads every page and checks its structure (not index contents), so a damaged file
 * is found before a request trips over it. Returns the problems, or an empty list.
 */
export async function quickCheck(db: Db): Promise<string[]> {
  const result = await sql<{ quick_check: string }>`pragma quick_check`.execute(db);
  const messages = result.rows.map((r) => Object.values(r)[0] as string);
  return messages.length === 1 && messages[0] === "ok" ? [] : messages;
}

/**
 * The operator of a case-insensitive `like`: SQLite's `like` already ignores the case of ASCII letters;
 * PostgreSQL's is case-sensitive, and `ilike` is the same search there.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database schema
export const likeIgnoringCase = (db: Kysely<any>) => (dialectOf(db) === "postgres" ? "ilike" : "like");
