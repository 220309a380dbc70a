// The physical limit for `npm run bench`: the same SQLite write as an autosave (one answer with its revision
// check and its history row, in one transaction) behind node:http with no framework, no session, no validation.
import { createServer } from "node:http";
import SQLite from "better-sqlite3";

const db = new SQLite(process.env.DATABASE_URL);
db.pragma("journal_mode = WAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");
// As durable as the app it is the floor for (ADR 014): FULL unless the run asks for NORMAL.
db.pragma(`synchronous = ${process.env.DATABASE_SYNCHRONOUS === "normal" ? "NORMAL" : "FULL"}`);

const read = db.prepare("select value, revision from answer where assessment_id = ? and question_id = ?");
const update = db.prepare(
  "update answer set value = ?, revision = ?, updated_at = ? where assessment_id = ? and question_id = ? and revision = ?",
);
const history = db.prepare(
  "insert into answer_change (assessment_id, question_id, revision, before, after, changed_by, changed_at) values (?, ?, ?, ?, ?, null, ?)",
);
const save = db.transaction((assessmentId, questionId, value, baseRevision) => {
  const current = read.get(assessmentId, questionId);
  if (!current || current.revision !== baseRevision) return { status: 409, revision: current?.revision ?? 0 };
  const at = new Date().toISOString();
  update.run(value, baseRevision + 1, at, assessmentId, questionId, baseRevision);
  history.run(assessmentId, questionId, baseRevision + 1, current.value, value, at);
  return { status: 200, revision: baseRevision + 1 };
});

const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", () => {
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
    const result = save(Number(match[1]), questionId, value, revision);
    res.writeHead(result.status, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        results: [
          { questionId, outcome: result.status === 200 ? "saved" : "conflict", revision: result.revision },
        ],
      }),
    );
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () =>
  console.info(`bare server at http://127.0.0.1:${server.address().port}`),
);
