import { migrateToLatest } from "../db/database";
import { getDb } from "./db.server";
import { demoSignIns, hasDemoPeople, seedDemoIfEmpty } from "./models/demo.server";
import { loadQuestionnaires } from "./questionnaire/library.server";

/**
 * Runs once as the server starts: migrate, load the questionnaire files (refusing changes to frozen
 * versions), seed an empty database with demo data, and say how to sign in.
 */
export async function startServer() {
  const db = getDb();
  await migrateToLatest(db);
  await loadQuestionnaires(db);
  await seedDemoIfEmpty(db);
  return { demoSignIns: (await hasDemoPeople(db)) ? demoSignIns : [] };
}
