import { randomBytes } from "node:crypto";
import type { Db } from "../../db/database";

/**
 * Post/redirect/get for posts that fail validation: what was typed and the errors are kept with the
 * session, and the page redirects to `path?failed=key`, whose loader shows them. Back and Reload then
 * repeat a GET, never a form post. One per session (the next failure replaces it), gone with the session.
 */
export async function keepFailedPost(
  db: Db,
  sessionId: string,
  path: string,
  data: unknown,
): Promise<string> {
  const key = randomBytes(8).toString("hex");
  await db
    .updateTable("session")
    .set({ failed_post: JSON.stringify({ key, path, data }) })
    .where("id", "=", sessionId)
    .execute();
  return key;
}

/** The failed post kept for this session, page and key, or null (another page's, replaced, or none). */
export async function failedPost<T>(db: Db, sessionId: string, path: string, key: string): Promise<T | null> {
  const row = await db
    .selectFrom("session")
    .select("failed_post")
    .where("id", "=", sessionId)
    .executeTakeFirst();
  if (!row?.failed_post) return null;
  const kept = JSON.parse(row.failed_post) as { key: string; path: string; data: T };
  return kept.key === key && kept.path === path ? kept.data : null;
}

/** Where a page sends a failed post: itself, with the key its loader reads. */
export const failedPostLocation = (path: string, key: string) => `${path}?failed=${key}`;
