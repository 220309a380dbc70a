import { type Db, openDatabase } from "../db/database";
import { config } from "./config.server";

declare global {
  // Survives module reloads in development so there is one connection per process.
  var __db: Db | undefined;
}

/** The process's database, opened from DATABASE_URL on first use. */
export function getDb(): Db {
  globalThis.__db ??= openDatabase(config().DATABASE_URL || undefined, {
    synchronous: config().DATABASE_SYNCHRONOUS,
    checkpointInBackground: true,
  });
  return globalThis.__db;
}

export async function closeDb(): Promise<void> {
  const db = globalThis.__db;
  globalThis.__db = undefined;
  await db?.destroy();
}
