import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from "kysely";

/** An auto-numbered primary key in the dialect's own idiom (SQLite rowid alias, PostgreSQL identity). */
export function autoId(db: Kysely<unknown>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return (c: ColumnDefinitionBuilder) =>
    postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}
