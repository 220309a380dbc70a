import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from "kysely";

export const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** An auto-numbered primary key in the dialect's own idiom (SQLite rowid alias, PostgreSQL identity). */
export function autoId(db: Kysely<unknown>) {
  const postgres = isPostgres(db);
  return (c: ColumnDefinitionBuilder) =>
    postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}

/**
 * The column type of an 8-byte floating-point number on both dialects ("real" is 8 bytes in SQLite, 4 in
 * PostgreSQL). Booleans are `integer` 0/1 on both, so code reads the same values from either.
 */
export const float64 = (db: Kysely<unknown>) => (isPostgres(db) ? "double precision" : "real");
