import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { onTestFinished } from "vitest";
import { type Db, migrateToLatest, openDatabase } from "../../db/database";
import { startAssessment } from "../../app/models/assessment.server";
import { loadQuestionnaires } from "../../app/models/questionnaire.server";

const questionnairesDir = fileURLToPath(new URL("../../questionnaires", import.meta.url));

/**
 * The whole suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL=postgres://… names a
 * server (scripts/with-postgres.sh starts a throwaway one). Each test file (each server it starts) gets a
 * database of its own: a temporary SQLite file, or a new PostgreSQL database dropped afterwards.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const onPostgres = testDatabaseUrl !== undefined && /^postgres(ql)?:\/\//.test(testDatabaseUrl);
export const testDialect = onPostgres ? "postgres" : "sqlite";

export interface TestDatabase {
  /** What DATABASE_URL a server or CLI opens it with. */
  url: string;
  /** The SQLite file, or "" on PostgreSQL. */
  path: string;
  drop: () => Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (onPostgres) {
    const name = `dm_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    await admin((c) => c.query(`create database ${name}`));
    const url = new URL(testDatabaseUrl!);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      path: "",
      drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "dm-test-"));
  const path = join(dir, "test.sqlite");
  return { url: path, path, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A migrated database for an integration test, opened through the service's own factory: in memory on
 * SQLite, a fresh database on PostgreSQL. `close` also drops it.
 */
export async function openTestDb({
  migrate = true,
  onStatement,
}: {
  migrate?: boolean;
  onStatement?: (sql: string) => void;
} = {}): Promise<Db & { dropAfter: () => Promise<void> }> {
  const database = onPostgres ? await createTestDatabase() : undefined;
  const db = openDatabase(database?.url ?? ":memory:", { onStatement });
  if (migrate) await migrateToLatest(db);
  return Object.assign(db, {
    dropAfter: async () => {
      await db.destroy();
      await database?.drop();
    },
  });
}

/**
 * What most model tests start from: person 1 and one active organisation, as the service would find them
 * (no roles: a test that needs them adds them).
 */
export async function addPersonAndOrganisation(
  db: Db,
  organisation: { odsCode: string; name: string; careSetting: string },
  at: Date,
  person: { email: string; name: string } = { email: "a@test.example", name: "A" },
) {
  await db
    .insertInto("person")
    .values({ id: 1, ...person, password_hash: "-", created_at: at.toISOString() })
    .execute();
  await db
    .insertInto("organisation")
    .values({
      ods_code: organisation.odsCode,
      name: organisation.name,
      care_setting: organisation.careSetting,
      status: "active",
      updated_at: at.toISOString(),
    })
    .execute();
}

/**
 * A test database (dropped when the test finishes) holding the questionnaires, an acute trust RXX with person 1,
 * and its core v2 assessment for 2026/27 started: what the answer-saving tests start from.
 */
export async function openWithStartedAssessment(
  at: Date,
  options: { onStatement?: (sql: string) => void } = {},
) {
  const db = await openTestDb(options);
  onTestFinished(() => db.dropAfter());
  await loadQuestionnaires(db, questionnairesDir, at);
  await addPersonAndOrganisation(
    db,
    { odsCode: "RXX", name: "Test Hospitals NHS Trust", careSetting: "acute" },
    at,
  );
  const started = await startAssessment(
    db,
    { organisationCode: "RXX", questionnaireId: "core-digital-maturity", version: 2, cycle: "2026/27" },
    { personId: 1, address: null },
    at,
  );
  if (!started.started) throw new Error("not started");
  return { db, id: started.id };
}
