import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteAdapter, SqliteDialect, sql } from "kysely";
import { migrationProvider } from "./migrations/index";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

export const defaultDatabaseUrl = "file:data/digital-maturity.sqlite";

export interface OpenOptions {
  /** SQLite's `synchronous`: FULL also survives power loss; NORMAL only process crashes (ADR 014). */
  synchronous?: "full" | "normal";
  /** Refuse a database file that does not exist yet (CLI commands that read or copy an existing one). */
  mustExist?: boolean;
}

/**
 * Opens the database named by a DATABASE_URL: a file path or file: URL for embedded SQLite, ":memory:" for
 * tests. This is the one place that knows about dialects; everything else speaks kysely.
 */
export function openDatabase(
  url: string = process.env.DATABASE_URL || defaultDatabaseUrl,
  options: OpenOptions = {},
): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("PostgreSQL is not supported by this version yet: set DATABASE_URL to a SQLite file.");
  }
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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Kysely prepares every query afresh, and preparing (parsing and planning the SQL) costs more than running a
 * small query. Queries repeat their SQL with different parameters, so prepared statements are kept by their
 * text (better-sqlite3 statements are reusable and the driver is synchronous).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  // SQLite ends a transaction itself when a write fails for lack of space or memory (SQLITE_FULL and kin),
  // and kysely's rollback then fails with "cannot rollback - no transaction is active", hiding the real
  // error. A rollback with no transaction open does nothing, so the real error is the one that surfaces.
  const noTransaction = { reader: false, all: () => [], run: () => ({ changes: 0, lastInsertRowid: 0 }) };
  return {
    prepare(sql: string) {
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
