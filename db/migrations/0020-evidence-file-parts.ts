import { type Kysely, sql } from "kysely";
import { isPostgres } from "./columns";

/**
 * Evidence files' bytes move out of `evidence_file` into parts of at most 256 KB (`evidence_file_part`), so
 * that an upload is written, and a download read, a part at a time (issue 23: a 10 MB upload must not hold
 * up other requests; on SQLite a 10 MB row was one synchronous write of 230–420 ms on the request thread).
 * It also keeps the metadata rows small: SQLite reads a row's columns in order, so `deleted_at`, after the
 * 10 MB `content`, cost a walk through the content's overflow pages on every listing and quota check.
 *
 * `stored_at` is set when every part is written and the upload's checks have passed; until then the file is
 * being uploaded, and no listing, download or quota counts it (an upload cut off half-way is removed by the
 * next upload to that organisation, an hour later at the earliest). Existing files become one part each.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const blob = isPostgres(db) ? "bytea" : "blob";
  await db.schema
    .createTable("evidence_file_part")
    .addColumn("file_id", "integer", (c) => c.notNull().references("evidence_file.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("bytes", blob, (c) => c.notNull())
    .addPrimaryKeyConstraint("evidence_file_part_pk", ["file_id", "seq"])
    .execute();
  await db.schema.alterTable("evidence_file").addColumn("stored_at", "text").execute();
  await sql`insert into evidence_file_part (file_id, seq, bytes)
    select id, 0, content from evidence_file where deleted_at is null`.execute(db);
  await sql`update evidence_file set stored_at = uploaded_at`.execute(db);
  await db.schema.alterTable("evidence_file").dropColumn("content").execute();
}
