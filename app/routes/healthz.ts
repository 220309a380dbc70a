import { sql } from "kysely";
import { getDb } from "../db.server";

export async function loader() {
  try {
    await sql`select 1`.execute(getDb());
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
