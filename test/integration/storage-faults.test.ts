import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/database";
import { storageFault } from "../../db/errors";

// A full disk, simulated with SQLite's own page limit on a real migrated database (the HTTP test in
// test/http/resilience.test.ts fills a real, small file system).

async function fullDatabase() {
  const db = openDatabase(":memory:");
  await migrateToLatest(db);
  const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
  await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
  return db;
}

describe("a full disk", () => {
  it("surfaces the real error from a failed transaction, not 'cannot rollback'", async () => {
    const db = await fullDatabase();
    const failure = await db
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < 200; i++) {
          await trx
            .insertInto("audit_event")
            .values({ occurred_at: new Date().toISOString(), action: "test", subject: "x".repeat(4000) })
            .execute();
        }
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toMatch(/cannot rollback/);
    expect(storageFault(failure)).toBe("full");
    // Nothing of the transaction was kept, and the connection still works.
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from audit_event where action = 'test'`.execute(db);
    expect(rows[0]!.n).toBe(0);
    await db.destroy();
  });
});

describe("storageFault", () => {
  it.each([
    [{ code: "SQLITE_FULL" }, "full"],
    [{ code: "SQLITE_READONLY_DBMOVED" }, "read-only"],
    [{ code: "SQLITE_BUSY" }, "locked"],
    [{ code: "SQLITE_IOERR_WRITE" }, "unavailable"],
    [{ code: "SQLITE_CORRUPT" }, "damaged"],
    [{ code: "53100" }, "full"],
    [{ code: "25006" }, "read-only"],
    [{ code: "ECONNREFUSED" }, "unavailable"],
    [{ code: "SQLITE_CONSTRAINT_UNIQUE" }, null],
    [{ code: "23505" }, null],
    [new Error("something else"), null],
  ])("%j is %s", (error, fault) => {
    expect(storageFault(error)).toBe(fault);
  });
});
