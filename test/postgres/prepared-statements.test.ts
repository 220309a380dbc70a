import { sql } from "kysely";
import { describe, expect, it, onTestFinished } from "vitest";
import { openTestDb } from "../support/database";

/**
 * PostgreSQL statements with parameters are prepared once per connection, named by their text (ADR 024), and
 * a connection names at most 500 texts: a query whose text varies with its parameters (a list of any length)
 * cannot fill a backend's memory with plans.
 */
describe("prepared statements on PostgreSQL", () => {
  it("prepares a statement once per connection, runs it again by name, and names at most 500 texts", async () => {
    const db = await openTestDb({ migrate: false });
    onTestFinished(() => db.dropAfter());
    await db.connection().execute(async (connection) => {
      const prepared = async () =>
        (
          await sql<{ name: string; statement: string }>`
            select name, statement from pg_prepared_statements where statement like '%/* probe %'`.execute(
            connection,
          )
        ).rows;
      for (let i = 0; i < 3; i++) {
        const { rows } = await sql<{ n: number }>`select ${i}::int + 1 as n /* probe same */`.execute(
          connection,
        );
        expect(rows[0]!.n).toBe(i + 1);
      }
      // The same text three times: one prepared statement, named by its text.
      expect((await prepared()).map((p) => p.name)).toEqual([expect.stringMatching(/^s[\w-]+$/)]);
      for (let i = 0; i < 520; i++) {
        await sql`select ${i}::int as n /* probe ${sql.raw(String(i))} */`.execute(connection);
      }
      // One text and then 499 others fill the connection's 500 names; the texts past them run unnamed.
      const statements = (await prepared()).map((p) => p.statement);
      expect(statements).toHaveLength(500);
      expect(statements.some((s) => s.includes("/* probe 498 */"))).toBe(true);
      expect(statements.some((s) => s.includes("/* probe 499 */"))).toBe(false);
    });
  });
});
