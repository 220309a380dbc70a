import { migrateToLatest } from "../db/database";
import { oidcProviders } from "./auth/oidc.server";
import { config, disclosureRule } from "./config.server";
import { getDb } from "./db.server";
import { demoSignIns, hasDemoPeople, seedDemoIfEmpty } from "./models/demo.server";
import { loadQuestionnaires } from "./questionnaire/library.server";

/**
 * Runs once as the server starts: migrate, load the questionnaire files (refusing changes to frozen
 * versions), seed an empty database with demo data, and say how to sign in.
 */
export async function startServer() {
  config(); // every environment variable checked before anything else happens
  disclosureRule(); // a disclosure rule looser than its floor stops the start, not a page later
  const db = getDb();
  await migrateToLatest(db);
  await loadQuestionnaires(db);
  // DEMO_DATA=off keeps a new production database empty until real data is imported.
  if (config().DEMO_DATA) await seedDemoIfEmpty(db);
  return {
    demoSignIns: (await hasDemoPeople(db)) ? demoSignIns : [],
    // Sign-in and sign-out forms end in a redirect to the identity provider: the CSP's form-action must allow it.
    formActionOrigins: oidcProviders().map((p) => p.issuer.origin),
  };
}
