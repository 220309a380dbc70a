import { createHash } from "node:crypto";
import type { Db } from "../../db/database";
import { lockInTransaction } from "../../db/errors";
import { evidenceLimits } from "../limits";
import { type Actor, recordAuditEvent } from "./audit.server";

/**
 * Evidence items' files, kept in the database (BLOB on SQLite, bytea on PostgreSQL; ADR 022), scoped to the
 * organisation in every query. The organisation's quota and the files-per-item limit are checked in the
 * upload's transaction, under a lock per organisation on PostgreSQL (SQLite has one writer), so two uploads
 * at once cannot together pass them.
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

export async function addEvidenceFile(
  db: Db,
  organisationCode: string,
  itemId: number,
  file: { fileName: string; mediaType: string; content: Uint8Array },
  actor: Actor,
  now: Date,
): Promise<AddFileResult> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx): Promise<AddFileResult> => {
    await lockInTransaction(trx, `evidence-files:${organisationCode}`);
    const item = await trx
      .selectFrom("evidence_item")
      .select("id")
      .where("id", "=", itemId)
      .where("organisation_code", "=", organisationCode)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (!item) return { ok: false, reason: "missing" };
    const used = await trx
      .selectFrom("evidence_file")
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>("size"), eb.lit(0)).as("bytes"),
        eb.fn.sum<number>(eb.case().when("evidence_item_id", "=", itemId).then(1).else(0).end()).as("onItem"),
      ])
      .where("organisation_code", "=", organisationCode)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (Number(used?.bytes ?? 0) + file.content.byteLength > evidenceLimits.organisationBytes)
      return { ok: false, reason: "quota" };
    if (Number(used?.onItem ?? 0) >= evidenceLimits.filesPerItem) return { ok: false, reason: "too-many" };
    const { id } = await trx
      .insertInto("evidence_file")
      .values({
        evidence_item_id: itemId,
        organisation_code: organisationCode,
        file_name: file.fileName,
        media_type: file.mediaType,
        size: file.content.byteLength,
        sha256: createHash("sha256").update(file.content).digest("hex"),
        content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
        uploaded_by: actor.personId,
        uploaded_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAuditEvent(
      trx,
      {
        action: "evidence.file-uploaded",
        personId: actor.personId,
        subject: `${organisationCode}/evidence/${itemId}/files/${id}`,
        details: { fileName: file.fileName, mediaType: file.mediaType, size: file.content.byteLength },
        address: actor.address,
      },
      now,
    );
    return { ok: true, id };
  });
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
    .orderBy("file_name")
    .orderBy("id")
    .execute();
}

/** One file with its content, when it is the organisation's and on that item; its download audited. */
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
    .select(["id", "file_name", "media_type", "size", "content"])
    .where("id", "=", fileId)
    .where("evidence_item_id", "=", itemId)
    .where("organisation_code", "=", organisationCode)
    .where("deleted_at", "is", null)
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
  return file;
}

/** Removes a file (softly: the row stays for the audit trail; its bytes no longer count or download). */
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
      .set({ deleted_at: now.toISOString(), content: Buffer.alloc(0) })
      .where("id", "=", fileId)
      .where("evidence_item_id", "=", itemId)
      .where("organisation_code", "=", organisationCode)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (Number(gone.numUpdatedRows) !== 1) return false;
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
