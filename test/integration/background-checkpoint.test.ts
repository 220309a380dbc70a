import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/database";

/**
 * The server's SQLite connection leaves WAL checkpoints to a worker thread (issue 27: a checkpoint taken by
 * the commit that fills the WAL stalled every request behind it). This is SQLite's own file and WAL, so it
 * runs on SQLite whatever database the rest of the suite uses.
 */
describe("background checkpoints", () => {
  it("copy the WAL back into the database file without the request thread checkpointing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dm-checkpoint-"));
    const path = join(dir, "db.sqlite");
    const db = openDatabase(path, { checkpointInBackground: true });
    onTestFinished(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    await migrateToLatest(db);
    const limit = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    // The request thread would checkpoint only at 20,000 pages (80 MB), should the worker stop.
    expect(limit.rows[0]?.wal_autocheckpoint).toBe(20_000);
    const before = statSync(path).size;
    // About 6 MB of writes: past SQLite's default of 1,000 pages, where the request thread used to checkpoint.
    for (let batch = 0; batch < 30; batch++) {
      await db
        .insertInto("audit_event")
        .values(
          Array.from({ length: 100 }, (_, i) => ({
            action: "test.fill",
            person_id: null,
            occurred_at: new Date(Date.UTC(2026, 0, 1, 0, 0, batch * 100 + i)).toISOString(),
            subject: "x".repeat(2_000),
            address: null,
          })),
        )
        .execute();
    }
    // The worker copies the pages back: the database file grows to hold them, and the WAL can start again.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before + 5_000_000), {
      timeout: 10_000,
      interval: 50,
    });
    const rows = await db
      .selectFrom("audit_event")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .execute();
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(3_000);
  });
});
