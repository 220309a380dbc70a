import { type Db, groupCommit } from "../../db/database";
import { lockInTransaction } from "../../db/errors";
import { evidenceLimits } from "../limits";
import { type Actor, recordAuditEvent } from "./audit.server";

/**
 * Evidence items' files, kept in the database (BLOB on SQLite, bytea on PostgreSQL; ADR 022) in parts of
 * evidenceLimits.filePartBytes, scoped to the organisation in every query. An upload writes its parts one
 * short write at a time and is then stored in one transaction that checks the organisation's quota and the
 * files-per-item limit, under a lock per organisation on PostgreSQL (SQLite has one writer), so two uploads
 * at once cannot together pass them. Until then (`stored_at` null) nothing lists, downloads or counts it.
 */

export interface EvidenceFileMeta {
  id: number;
  itemId: number;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedAt: string;
}

export type AddFileResult =
  | { ok: true; id: number }
  | { ok: false; reason: "missing" | "quota" | "too-many" };

/** Why a file may not be added now, or null: the item, the quota and the files on the item. */
async function refusal(trx: Db, organisationCode: string, itemId: number, bytes: number) {
  const item = await trx
    .selectFrom("evidence_item")
    .select("id")
    .where("id", "=", itemId)
    .where("organisation_code", "=", organisationCode)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!item) return "missing" as const;
  // Only stored files count: an upload under way (this one among them) has no stored_at yet.
  const used = await trx
    .selectFrom("evidence_file")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("size"), eb.lit(0)).as("bytes"),
      eb.fn.sum<number>(eb.case().when("evidence_item_id", "=", itemId).then(1).else(0).end()).as("onItem"),
    ])
    .where("organisation_code", "=", organisationCode)
    .where("deleted_at", "is", null)
    .where("stored_at", "is not", null)
    .executeTakeFirst();
  if (Number(used?.bytes ?? 0) + bytes > evidenceLimits.organisationBytes) return "quota" as const;
  if (Number(used?.onItem ?? 0) >= evidenceLimits.filesPerItem) return "too-many" as const;
  return null;
}

/**
 * Adds a file to an item: checked first (nothing is written for a file that would be refused), then its
 * parts written one short write each (on SQLite each shares its commit with whatever else is saving), then
 * stored, checked again, in one transaction with its audit event. A refusal at that point, or any failure on
 * the way, removes what was written. Uploads this organisation left half-written over an hour ago (a
 * server stopped mid-upload) are removed first.
 */
export async function addEvidenceFile(
  db: Db,
  organisationCode: string,
  itemId: number,
  file: { fileName: string; mediaType: string; content: Uint8Array<ArrayBuffer> },
  actor: Actor,
  now: Date,
): Promise<AddFileResult> {
  const at = now.toISOString();
  const size = file.content.byteLength;
  await removeAbandonedUploads(db, organisationCode, now);
  const early = await refusal(db, organisationCode, itemId, size);
  if (early) return { ok: false, reason: early };
  // SHA-256 on the thread pool (WebCrypto), not the request thread: 10 MB is about 15 ms of hashing.
  const sha256 = Buffer.from(await crypto.subtle.digest("SHA-256", file.content)).toString("hex");
  const { id } = await groupCommit(db, (trx) =>
    trx
      .insertInto("evidence_file")
      .values({
        evidence_item_id: itemId,
        organisation_code: organisationCode,
        file_name: file.fileName,
        media_type: file.mediaType,
        size,
        sha256,
        uploaded_by: actor.personId,
        uploaded_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  try {
    const partBytes = evidenceLimits.filePartBytes;
    for (let seq = 0; seq * partBytes < size; seq++) {
      const bytes = file.content.subarray(seq * partBytes, (seq + 1) * partBytes);
      await groupCommit(db, (trx) =>
        trx
          .insertInto("evidence_file_part")
          .values({ file_id: id, seq, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
          .execute(),
      );
    }
    return await db.transaction().execute(async (trx): Promise<AddFileResult> => {
      await lockInTransaction(trx, `evidence-files:${organisationCode}`);
      const late = await refusal(trx, organisationCode, itemId, size);
      if (late) {
        await removeFile(trx, id);
        return { ok: false, reason: late };
      }
      await trx.updateTable("evidence_file").set({ stored_at: at }).where("id", "=", id).execute();
      await recordAuditEvent(
        trx,
        {
          action: "evidence.file-uploaded",
          personId: actor.personId,
          subject: `${organisationCode}/evidence/${itemId}/files/${id}`,
          details: { fileName: file.fileName, mediaType: file.mediaType, size },
          address: actor.address,
        },
        now,
      );
      return { ok: true, id };
    });
  } catch (error) {
    await db
      .transaction()
      .execute((trx) => removeFile(trx, id))
      .catch(() => {}); // the sweep above removes it later if this fails too
    throw error;
  }
}

/** A file row and its parts, gone (an upload refused or abandoned). */
async function removeFile(trx: Db, id: number) {
  await trx.deleteFrom("evidence_file_part").where("file_id", "=", id).execute();
  await trx.deleteFrom("evidence_file").where("id", "=", id).where("stored_at", "is", null).execute();
}

async function removeAbandonedUploads(db: Db, organisationCode: string, now: Date) {
  const before = new Date(now.getTime() - evidenceLimits.abandonedUploadHours * 3_600_000).toISOString();
  const abandoned = await db
    .selectFrom("evidence_file")
    .select("id")
    .where("organisation_code", "=", organisationCode)
    .where("stored_at", "is", null)
    .where("uploaded_at", "<", before)
    .execute();
  for (const { id } of abandoned) await db.transaction().execute((trx) => removeFile(trx, id));
}

/** The files of some items (not their content). */
export async function filesOf(db: Db, organisationCode: string, itemIds: readonly number[]) {
  if (itemIds.length === 0) return [] as EvidenceFileMeta[];
  return db
    .selectFrom("evidence_file")
    .select([
      "id",
      "evidence_item_id as itemId",
      "file_name as fileName",
      "media_type as mediaType",
      "size",
      "uploaded_at as uploadedAt",
    ])
    .where("organisation_code", "=", organisationCode)
    .where("evidence_item_id", "in", itemIds)
    .where("deleted_at", "is", null)
    .where("stored_at", "is not", null)
    .orderBy("file_name")
    .orderBy("id")
    .execute();
}

/**
 * One file, when it is the organisation's and on that item, with a stream of its bytes read a part at a time;
 * its download audited.
 */
export async function downloadEvidenceFile(
  db: Db,
  organisationCode: string,
  itemId: number,
  fileId: number,
  actor: Actor,
  now: Date,
) {
  const file = await db
    .selectFrom("evidence_file")
    .select(["id", "file_name", "media_type", "size"])
    .where("id", "=", fileId)
    .where("evidence_item_id", "=", itemId)
    .where("organisation_code", "=", organisationCode)
    .where("deleted_at", "is", null)
    .where("stored_at", "is not", null)
    .executeTakeFirst();
  if (!file) return undefined;
  await recordAuditEvent(
    db,
    {
      action: "evidence.file-downloaded",
      personId: actor.personId,
      subject: `${organisationCode}/evidence/${itemId}/files/${fileId}`,
      details: { fileName: file.file_name },
      address: actor.address,
    },
    now,
  );
  return { ...file, content: partsOf(db, file.id, file.size) };
}

/** A file's bytes as a stream, one part read from the database each time the reader asks for more. */
function partsOf(db: Db, fileId: number, size: number): ReadableStream<Uint8Array> {
  let seq = 0;
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const part = await db
        .selectFrom("evidence_file_part")
        .select("bytes")
        .where("file_id", "=", fileId)
        .where("seq", "=", seq++)
        .executeTakeFirst();
      if (!part) {
        // Every byte sent, or the file deleted while it downloaded: a short body is an error, never silent.
        if (sent === size) controller.close();
        else controller.error(new Error(`evidence file ${fileId} ended at ${sent} of ${size} bytes`));
        return;
      }
      sent += part.bytes.byteLength;
      controller.enqueue(new Uint8Array(part.bytes));
    },
  });
}

/** Removes a file (softly: the row stays for the audit trail; its bytes are deleted, so no longer count). */
export async function deleteEvidenceFile(
  db: Db,
  organisationCode: string,
  itemId: number,
  fileId: number,
  actor: Actor,
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const gone = await trx
      .updateTable("evidence_file")
      .set({ deleted_at: now.toISOString() })
      .where("id", "=", fileId)
      .where("evidence_item_id", "=", itemId)
      .where("organisation_code", "=", organisationCode)
      .where("deleted_at", "is", null)
      .where("stored_at", "is not", null)
      .executeTakeFirst();
    if (Number(gone.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom("evidence_file_part").where("file_id", "=", fileId).execute();
    await recordAuditEvent(
      trx,
      {
        action: "evidence.file-deleted",
        personId: actor.personId,
        subject: `${organisationCode}/evidence/${itemId}/files/${fileId}`,
        address: actor.address,
      },
      now,
    );
    return true;
  });
}
