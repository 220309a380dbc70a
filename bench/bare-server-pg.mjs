// The physical limit for `npm run bench -- --database postgres`: the same PostgreSQL write as an autosave (one
// answer with its revision check and its history row, in one transaction) behind node:http with no framework,
// no session, no validation; a pg pool of the service's default size.
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

async function save(assessmentId, questionId, value, baseRevision) {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const at = new Date().toISOString();
    const before = await client.query(
      "select value from answer where assessment_id = $1 and question_id = $2 and revision = $3",
      [assessmentId, questionId, baseRevision],
    );
    const updated = await client.query(
      "update answer set value = $1, revision = $2, updated_at = $3 where assessment_id = $4 and question_id = $5 and revision = $6 returning revision",
      [value, baseRevision + 1, at, assessmentId, questionId, baseRevision],
    );
    if (updated.rowCount !== 1) {
      await client.query("rollback");
      return { status: 409, revision: 0 };
    }
    await client.query(
      "insert into answer_change (assessment_id, question_id, revision, before, after, changed_by, changed_at) values ($1, $2, $3, $4, $5, null, $6)",
      [assessmentId, questionId, baseRevision + 1, before.rows[0]?.value ?? null, value, at],
    );
    await client.query("commit");
    return { status: 200, revision: baseRevision + 1 };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", async () => {
    const form = new URLSearchParams(body);
    const match = /^\/assessments\/(\d+)\/answers$/.exec(req.url ?? "");
    let questionId = "";
    let value = "";
    let revision = 0;
    for (const [key, v] of form) {
      const m = /^answers\.([a-z0-9-]+)\.(value|revision)$/.exec(key);
      if (!m) continue;
      questionId = m[1];
      if (m[2] === "value") value = JSON.stringify(Number(v));
      else revision = Number(v);
    }
    if (!match || !questionId) {
      res.writeHead(400).end();
      return;
    }
    try {
      const result = await save(Number(match[1]), questionId, value, revision);
      res.writeHead(result.status, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          results: [
            { questionId, outcome: result.status === 200 ? "saved" : "conflict", revision: result.revision },
          ],
        }),
      );
    } catch {
      res.writeHead(500).end();
    }
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () =>
  console.info(`bare server at http://127.0.0.1:${server.address().port}`),
);
