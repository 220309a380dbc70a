import type { Db } from "../../db/database";
import { limits } from "../limits";
import type { Preview } from "../workbook/preview";

/**
 * Uploaded workbooks' previews, kept between upload and confirmation. Each read is scoped to the assessment
 * and the person who uploaded it: nobody else's id opens one. Old ones are forgotten as new ones arrive.
 */

const expiry = (now: Date) => new Date(now.getTime() - limits.workbookPreviewHours * 3_600_000).toISOString();

export async function keepWorkbookPreview(
  db: Db,
  input: { assessmentId: number; personId: number; fileName: string; preview: Preview },
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom("workbook_upload").where("created_at", "<", expiry(now)).execute();
    const row = await trx
      .insertInto("workbook_upload")
      .values({
        assessment_id: input.assessmentId,
        person_id: input.personId,
        file_name: input.fileName.slice(0, 200),
        created_at: now.toISOString(),
        preview: JSON.stringify(input.preview),
        confirmed_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** The person's unconfirmed, unexpired upload to this assessment, or undefined. */
export async function workbookPreview(
  db: Db,
  key: { id: number; assessmentId: number; personId: number },
  now: Date,
): Promise<{ id: number; fileName: string; createdAt: string; preview: Preview } | undefined> {
  const row = await db
    .selectFrom("workbook_upload")
    .select(["id", "file_name", "created_at", "preview"])
    .where("id", "=", key.id)
    .where("assessment_id", "=", key.assessmentId)
    .where("person_id", "=", key.personId)
    .where("confirmed_at", "is", null)
    .where("created_at", ">=", expiry(now))
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, fileName: row.file_name, createdAt: row.created_at, preview: JSON.parse(row.preview) };
}

/** Marks an upload confirmed, once: false when another request confirmed it first. */
export async function claimWorkbookPreview(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("workbook_upload")
    .set({ confirmed_at: now.toISOString() })
    .where("id", "=", id)
    .where("confirmed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
