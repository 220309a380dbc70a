import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidenceLimits } from "../../app/limits";
import type { Client } from "../support/client";
import { errorSummary, signIn } from "../support/assessment";
import { testDialect } from "../support/database";
import { fileForm } from "../support/evidence";
import { type RunningServer, startServer } from "../support/server";
import { openWritableDatabase, type WritableDb } from "../support/sync-database";

// Issue 23, the per-organisation quota on evidence files (500 MB of live files, ADR 022), through HTTP against
// the built server, on SQLite and on PostgreSQL (scripts/with-postgres.sh). Uploading 500 MB for real would
// take minutes, so each organisation's library is first filled to just under its quota with a row written
// straight into the migrated database: a live file whose `size` says what the quota counts (its bytes are
// empty; nothing reads them here). Then real uploads go through the upload route.

let server: RunningServer;
let db: WritableDb;
let admin: Client;

const quota = evidenceLimits.organisationBytes;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** A plain-text file of exactly `bytes` bytes (text is sniffed as text/plain). */
const textFile = (bytes: number, letter = "a") => new TextEncoder().encode(letter.repeat(bytes));

const row = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
const liveBytes = (odsCode: string) =>
  Number(
    row<{ s: number }>(
      "SELECT coalesce(sum(size), 0) AS s FROM evidence_file WHERE organisation_code = ? AND deleted_at IS NULL AND stored_at IS NOT NULL",
      odsCode,
    ).s,
  );
const snapshot = (odsCode: string) => ({
  files: Number(
    row<{ n: number }>("SELECT count(*) AS n FROM evidence_file WHERE organisation_code = ?", odsCode).n,
  ),
  bytes: liveBytes(odsCode),
  audits: Number(
    row<{ n: number }>(
      "SELECT count(*) AS n FROM audit_event WHERE action = 'evidence.file-uploaded' AND subject LIKE ?",
      `${odsCode}/%`,
    ).n,
  ),
});

async function addItem(odsCode: string, title: string) {
  const response = await admin.post(`/organisations/${odsCode}/evidence/new`, {
    title,
    description: "",
    owner: "role",
    ownerRole: "Information governance lead",
    producedOn: day(-30),
    reviewBy: day(300),
    links: "",
    outcomes: "",
  });
  expect(response.status, await response.clone().text()).toBe(302);
  return Number(/\/evidence\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1]);
}

/** Fills the organisation's library until `free` bytes of its quota are left, with one row behind the pages. */
async function fillUntil(odsCode: string, free: number) {
  const itemId = await addItem(odsCode, `Archive filler ${free}`);
  const size = quota - liveBytes(odsCode) - free;
  expect(size).toBeGreaterThan(0);
  db.prepare(
    `INSERT INTO evidence_file (evidence_item_id, organisation_code, file_name, media_type, size, sha256, uploaded_at, stored_at)
     VALUES (?, ?, 'archive.pdf', 'application/pdf', ?, ?, ?, ?)`,
  ).run(itemId, odsCode, size, "0".repeat(64), new Date().toISOString(), new Date().toISOString());
  expect(quota - liveBytes(odsCode)).toBe(free);
}

const upload = (odsCode: string, itemId: number, bytes: Uint8Array, name: string) =>
  admin.post(`/organisations/${odsCode}/evidence/${itemId}/files`, fileForm(bytes, name));

beforeAll(async () => {
  server = await startServer();
  db = openWritableDatabase(server.databaseUrl);
  admin = await signIn(server, "admin");
}, 180_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe(`the organisation's evidence quota (${testDialect})`, () => {
  it("refuses a file that would pass the quota, storing nothing, and takes one that fits exactly", async () => {
    const odsCode = "ZD03";
    await fillUntil(odsCode, 1_000);
    const item = await addItem(odsCode, "Records management audit");
    const before = snapshot(odsCode);

    const refused = await upload(odsCode, item, textFile(1_001), "audit.txt");
    expect(refused.status).toBe(400);
    expect(errorSummary(await refused.text())?.links.map((l) => l.text)).toEqual([
      "Your organisation's files would pass its limit of 500 MB: delete files you no longer need first",
    ]);
    expect(snapshot(odsCode)).toEqual(before);

    // The boundary: a file that takes the library to exactly 500 MB is accepted.
    const accepted = await upload(odsCode, item, textFile(1_000), "audit.txt");
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toMatch(
      new RegExp(`^/organisations/${odsCode}/evidence/${item}\\?uploaded=\\d+$`),
    );
    expect(snapshot(odsCode)).toEqual({
      files: before.files + 1,
      bytes: quota,
      audits: before.audits + 1,
    });
    // Now full: even a one-byte file is refused.
    expect((await upload(odsCode, item, textFile(1), "one.txt")).status).toBe(400);
    expect(snapshot(odsCode).files).toBe(before.files + 1);
  });

  it("lets exactly one of two uploads at once through when together they would pass it (the lock per organisation)", async () => {
    const odsCode = "ZD04";
    const size = 6_000;
    // Several rounds, so the two requests overlap in the server at least once: each round leaves room for one
    // file of `size` and not two, and the two files go up together.
    await fillUntil(odsCode, size + size / 2);
    for (let round = 0; round < 5; round++) {
      const [first, second] = [
        await addItem(odsCode, `Sharing agreement A${round}`),
        await addItem(odsCode, `Sharing agreement B${round}`),
      ];
      const before = snapshot(odsCode);
      const answers = await Promise.all([
        upload(odsCode, first!, textFile(size, "a"), "agreement-a.txt"),
        upload(odsCode, second!, textFile(size, "b"), "agreement-b.txt"),
      ]);
      expect(answers.map((a) => a.status).sort(), `round ${round}`).toEqual([302, 400]);
      const refusal = answers.find((a) => a.status === 400)!;
      expect(errorSummary(await refusal.text())?.links[0]?.text).toContain("would pass its limit of 500 MB");
      expect(snapshot(odsCode), `round ${round}`).toEqual({
        files: before.files + 1,
        bytes: before.bytes + size,
        audits: before.audits + 1,
      });
      expect(liveBytes(odsCode)).toBeLessThanOrEqual(quota);
      // Free the room again for the next round: the file that got in is deleted through the app.
      const stored = row<{ id: number; evidence_item_id: number }>(
        "SELECT id, evidence_item_id FROM evidence_file WHERE organisation_code = ? AND size = ? AND deleted_at IS NULL",
        odsCode,
        size,
      );
      const form = new FormData();
      form.set("intent", "delete");
      form.set("fileId", String(stored.id));
      const removed = await admin.post(
        `/organisations/${odsCode}/evidence/${stored.evidence_item_id}/files`,
        form,
      );
      expect(removed.status).toBe(302);
      expect(quota - liveBytes(odsCode)).toBe(size + size / 2);
    }
  });
});
