import { type Db, openDatabase } from "../db/database";

declare global {
  // Survives module reloads in development so there is one connection per process.
  var __db: Db | undefined;
}

/** The process's database, opened from DATABASE_URL on first use. */
export function getDb(): Db {
  globalThis.__db ??= openDatabase();
  return globalThis.__db;
}
