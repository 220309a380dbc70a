import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { migrationProvider } from "./migrations/index";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

export const defaultDatabaseUrl = "file:data/digital-maturity.sqlite";

/**
 * Opens the database named by a DATABASE_URL: a file path or file: URL for embedded SQLite, ":memory:" for
 * tests. This is the one place that knows about dialects; everything else speaks kysely.
 */
export function openDatabase(url: string = process.env.DATABASE_URL || defaultDatabaseUrl): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("PostgreSQL is not supported by this version yet: set DATABASE_URL to a SQLite file.");
  }
  const path = sqlitePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Kysely prepares every query afresh, and preparing (parsing and planning the SQL) costs more than running a
 * small query. Queries repeat their SQL with different parameters, so prepared statements are kept by their
 * text (better-sqlite3 statements are reusable and the driver is synchronous).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
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

export async function migrateToLatest(db: Db): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
}
