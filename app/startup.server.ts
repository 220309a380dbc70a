import { migrateToLatest } from "../db/database";
import { getDb } from "./db.server";
import { demoSignIns, hasDemoPeople, seedDemoIfEmpty } from "./models/demo.server";

/** Runs once as the server starts: migrate, seed an empty database with demo data, say how to sign in. */
export async function startServer() {
  const db = getDb();
  await migrateToLatest(db);
  await seedDemoIfEmpty(db);
  return { demoSignIns: (await hasDemoPeople(db)) ? demoSignIns : [] };
}
