import { createHash } from "node:crypto";
import { Migrator } from "kysely";
import { describe, expect, it, onTestFinished } from "vitest";
import { migrateToLatest } from "../../db/database";
import { migrationProvider } from "../../db/migrations/index";
import { evidenceLimits } from "../../app/limits";
import { addEvidenceFile, downloadEvidenceFile } from "../../app/models/evidence-file.server";
import { addPersonAndOrganisation, openTestDb } from "../support/database";

/**
 * Evidence files kept in parts (migration 0020, ADR 022), on the service's own database factory (SQLite, or
 * PostgreSQL under TEST_DATABASE_URL): the migration carries existing files' bytes, an upload is written a
 * part at a time and counted only once stored, and an upload left half-written is removed by a later one.
 */
const at = new Date("2026-12-01T09:00:00.000Z");
const actor = { personId: 1, address: null };
const organisation = { odsCode: "RYY", name: "Test Trust", careSetting: "acute" };

async function addItem(db: Awaited<ReturnType<typeof openTestDb>>) {
  const { id } = await db
    .insertInto("evidence_item")
    .values({
      organisation_code: "RYY",
      title: "Backup test report",
      produced_on: "2026-11-01",
      review_by: "2027-11-01",
      revision: 1,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

const read = async (stream: ReadableStream<Uint8Array>) =>
  Buffer.from(await new Response(stream).arrayBuffer());

describe("evidence files in parts", () => {
  it("migration 0020 moves each file's bytes into a part, and a deleted file's nowhere", async () => {
    const db = await openTestDb({ migrate: false });
    onTestFinished(() => db.dropAfter());
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo("0019-evidence-library")).error).toBeUndefined();
    await addPersonAndOrganisation(db, organisation, at);
    const item = await addItem(db);
    const kept = Buffer.from("%PDF-1.7\nkept");
    for (const [name, content, deleted] of [
      ["kept.pdf", kept, null],
      ["gone.pdf", Buffer.from("%PDF-1.7\ngone"), at.toISOString()],
    ] as const) {
      // Columns as they were at 0019 (the typed schema is the newest one).
      await db
        .insertInto("evidence_file")
        .values({
          evidence_item_id: item,
          organisation_code: "RYY",
          file_name: name,
          media_type: "application/pdf",
          size: content.length,
          sha256: "-",
          content,
          uploaded_by: 1,
          uploaded_at: at.toISOString(),
          deleted_at: deleted,
        } as never)
        .execute();
    }
    await migrateToLatest(db);
    const files = await db
      .selectFrom("evidence_file")
      .leftJoin("evidence_file_part", "evidence_file_part.file_id", "evidence_file.id")
      .select(["file_name", "stored_at", "seq", "bytes"])
      .orderBy("file_name")
      .execute();
    expect(files.map((f) => [f.file_name, f.stored_at, f.seq])).toEqual([
      ["gone.pdf", at.toISOString(), null],
      ["kept.pdf", at.toISOString(), 0],
    ]);
    expect(Buffer.from(files[1]!.bytes!).equals(kept)).toBe(true);
  });

  it("writes an upload a part at a time, reads it back whole, and removes uploads abandoned half-way", async () => {
    const db = await openTestDb();
    onTestFinished(() => db.dropAfter());
    await addPersonAndOrganisation(db, organisation, at);
    const item = await addItem(db);
    // Left half-written two hours ago (the server stopped mid-upload): one part, never stored.
    const { id: abandoned } = await db
      .insertInto("evidence_file")
      .values({
        evidence_item_id: item,
        organisation_code: "RYY",
        file_name: "cut-off.pdf",
        media_type: "application/pdf",
        size: 999,
        sha256: "-",
        uploaded_at: new Date(at.getTime() - 2 * 3_600_000).toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("evidence_file_part")
      .values({ file_id: abandoned, seq: 0, bytes: Buffer.alloc(10) })
      .execute();
    // Half-written just now (an upload still under way): it must be left alone.
    const { id: underWay } = await db
      .insertInto("evidence_file")
      .values({
        evidence_item_id: item,
        organisation_code: "RYY",
        file_name: "under-way.pdf",
        media_type: "application/pdf",
        size: 999,
        sha256: "-",
        uploaded_at: at.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const content = new Uint8Array(2 * evidenceLimits.filePartBytes + 17).map((_, i) => (i * 31) % 256);
    const added = await addEvidenceFile(
      db,
      "RYY",
      item,
      { fileName: "report.pdf", mediaType: "application/pdf", content },
      actor,
      at,
    );
    expect(added.ok).toBe(true);
    const id = added.ok ? added.id : -1;
    const parts = await db
      .selectFrom("evidence_file_part")
      .select(["file_id", "seq"])
      .orderBy("file_id")
      .orderBy("seq")
      .execute();
    expect(parts).toEqual([
      { file_id: id, seq: 0 },
      { file_id: id, seq: 1 },
      { file_id: id, seq: 2 },
    ]);
    const ids = (await db.selectFrom("evidence_file").select("id").orderBy("id").execute()).map((r) => r.id);
    expect(ids).toEqual([underWay, id]);
    const row = await db
      .selectFrom("evidence_file")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(row.stored_at).toBe(at.toISOString());

    const file = await downloadEvidenceFile(db, "RYY", item, id, actor, at);
    expect((await read(file!.content)).equals(Buffer.from(content))).toBe(true);
    // The one under way is neither listed nor downloadable.
    expect(await downloadEvidenceFile(db, "RYY", item, underWay, actor, at)).toBeUndefined();
  });

  it("refuses a file past the organisation's quota before writing a byte of it", async () => {
    const db = await openTestDb();
    onTestFinished(() => db.dropAfter());
    await addPersonAndOrganisation(db, organisation, at);
    const item = await addItem(db);
    // Stored files that already use all but 100 bytes of the quota (sizes only: their bytes do not matter here).
    await db
      .insertInto("evidence_file")
      .values({
        evidence_item_id: item,
        organisation_code: "RYY",
        file_name: "archive.pdf",
        media_type: "application/pdf",
        size: evidenceLimits.organisationBytes - 100,
        sha256: "-",
        uploaded_at: at.toISOString(),
        stored_at: at.toISOString(),
      })
      .execute();
    const content = new Uint8Array(101);
    const added = await addEvidenceFile(
      db,
      "RYY",
      item,
      { fileName: "one-too-many.pdf", mediaType: "application/pdf", content },
      actor,
      at,
    );
    expect(added).toEqual({ ok: false, reason: "quota" });
    expect(await db.selectFrom("evidence_file").select("id").execute()).toHaveLength(1);
    expect(await db.selectFrom("evidence_file_part").select("seq").execute()).toHaveLength(0);
    const fits = await addEvidenceFile(
      db,
      "RYY",
      item,
      { fileName: "just-fits.pdf", mediaType: "application/pdf", content: new Uint8Array(100) },
      actor,
      at,
    );
    expect(fits.ok).toBe(true);
  });
});
