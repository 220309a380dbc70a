import { readdirSync } from "node:fs";
import { createServer, type Server, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isShown } from "../../app/assessment/answers";
import {
  answerAllRequired,
  autosave,
  coreQuestionnaire,
  currentCycle,
  openAssessment,
  openDatabase,
  people,
  type ReadonlyDb,
  storedAnswers,
} from "../support/assessment";
import { Client } from "../support/client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";

/** Every questionnaire file the servers load (questionnaires/<id>/v<n>.yaml). */
const questionnaireFiles = readdirSync("questionnaires", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(`questionnaires/${d.name}`).filter((f) => /^v\d+\.yaml$/.test(f))).length;

/**
 * Several server processes on one PostgreSQL database, as a region would run them behind a proxy. Runs only
 * under TEST_DATABASE_URL=postgres://… (vitest.config.ts adds test/postgres/ then): SQLite is one process per
 * database file by design.
 */

let database: TestDatabase;
let a: RunningServer;
let b: RunningServer;
let db: ReadonlyDb;
let assessmentId: number;

/** Level questions every acute trust sees, whatever else is answered. */
const levelQuestions = coreQuestionnaire()
  .themes.flatMap((t) => t.questions)
  .filter((q) => q.type === "level" && !q.showWhen && isShown(q, "acute", new Map()))
  .map((q) => q.id);

const revisionOf = (questionId: string) => storedAnswers(db, assessmentId).get(questionId)?.revision ?? 0;

beforeAll(async () => {
  database = await createTestDatabase();
  // Two instances starting at the same moment on an empty database: one migrates, loads and seeds (the
  // advisory lock); the other waits and finds it done.
  [a, b] = await Promise.all([startServer({}, { database }), startServer({}, { database })]);
  db = openDatabase(a);
  const lead = await new Client(a.url).signIn(people.lead);
  assessmentId = await openAssessment(lead, "ZD01");
}, 180_000);

afterAll(async () => {
  db?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

describe("two servers on one PostgreSQL database", () => {
  it("started together, seeded once and migrated once", () => {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT count(*) AS n FROM organisation")).toBe(49);
    expect(count("SELECT count(*) AS n FROM person WHERE email = 'lead@demo.example'")).toBe(1);
    expect(count("SELECT count(*) AS n FROM kysely_migration")).toBe(
      count("SELECT count(DISTINCT name) AS n FROM kysely_migration"),
    );
    // Each file loaded once (core v1–v4, board check v1–v3, ICB v1–v2), not once per server.
    expect(count("SELECT count(*) AS n FROM questionnaire_version")).toBe(questionnaireFiles);
    expect(questionnaireFiles).toBe(9);
  });

  it("a session started on one is honoured by the other (cookies, CSRF, sessions in the database)", async () => {
    const onA = await new Client(a.url).signIn(people.contributor);
    const onB = onA.at(b.url);
    const questionId = levelQuestions[0]!;
    const saved = await autosave(onB, assessmentId, {
      [questionId]: { value: "2", evidence: "saved through B", revision: String(revisionOf(questionId)) },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.results?.[0]?.outcome).toBe("saved");
  });

  it("concurrent autosaves of one answer through both, from the same base revision: exactly one wins", async () => {
    const questionId = levelQuestions[1]!;
    const base = revisionOf(questionId);
    const changesBefore = (
      db
        .prepare("SELECT count(*) AS n FROM answer_change WHERE assessment_id = ? AND question_id = ?")
        .get(assessmentId, questionId) as { n: number }
    ).n;
    const onA = await new Client(a.url).signIn(people.lead);
    const onB = onA.at(b.url);
    const writers = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? onA : onB));
    const responses = await Promise.all(
      writers.map((client, i) =>
        autosave(client, assessmentId, {
          [questionId]: { value: String((i % 5) + 1), evidence: `writer ${i}`, revision: String(base) },
        }),
      ),
    );
    const outcomes = responses.map((r) => r.json.results?.[0]?.outcome);
    // As with one server: the winner 200, every loser 409 with the winner's answer; never a 500.
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...writers.slice(1).map(() => 409)]);
    expect(outcomes.filter((o) => o === "saved")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "conflict")).toHaveLength(writers.length - 1);
    // The winner's answer is what is stored, and what every loser was shown.
    const winner = outcomes.indexOf("saved");
    const stored = storedAnswers(db, assessmentId).get(questionId)!;
    expect(stored.revision).toBe(base + 1);
    expect(stored.evidence).toBe(`writer ${winner}`);
    for (const r of responses.filter((r) => r.json.results?.[0]?.outcome === "conflict"))
      expect(r.json.results?.[0]?.current?.evidence).toBe(`writer ${winner}`);
    const changesAfter = (
      db
        .prepare("SELECT count(*) AS n FROM answer_change WHERE assessment_id = ? AND question_id = ?")
        .get(assessmentId, questionId) as { n: number }
    ).n;
    expect(changesAfter).toBe(changesBefore + 1);
  });

  it("two people starting the same assessment at once through both: one starts it, the other is told it is open", async () => {
    // An organisation the demo data left without an assessment this cycle.
    const admin = await new Client(a.url).signIn(people.admin);
    const odsCode = (
      db
        .prepare(
          "SELECT ods_code FROM organisation WHERE care_setting <> 'icb' AND ods_code <> 'ZD01' AND ods_code NOT IN (SELECT organisation_code FROM assessment WHERE cycle = ?) ORDER BY ods_code LIMIT 1",
        )
        .get(currentCycle()) as { ods_code: string } | undefined
    )?.ods_code;
    expect(odsCode).toBeDefined();
    const before = (db.prepare("SELECT count(*) AS n FROM assessment").get() as { n: number }).n;
    const clients = [admin, admin.at(b.url), admin, admin.at(b.url)];
    const ids = await Promise.all(clients.map((c) => openAssessment(c, odsCode!)));
    expect(new Set(ids).size).toBe(1);
    expect((db.prepare("SELECT count(*) AS n FROM assessment").get() as { n: number }).n).toBe(before + 1);
  });

  it("a sign-out on one server ends the session on the other at once", async () => {
    const onA = await new Client(a.url).signIn(people.board);
    // A copy of the cookie as it was before signing out, replayed on the other server afterwards.
    const onB = onA.at(b.url, { copy: true });
    expect((await onB.get("/organisations/ZD01")).status).toBe(200);
    const signOut = await onA.post("/sign-out");
    expect(signOut.status).toBe(302);
    const after = await onB.get("/organisations/ZD01");
    expect(after.status).toBe(302);
    expect(after.headers.get("Location") ?? "").toMatch(/^\/sign-in/);
  });

  it("nothing acknowledged is lost when a server is killed (SIGKILL) in the middle of a save storm", async () => {
    const c = await startServer({}, { database });
    const lead = await new Client(c.url).signIn(people.lead);
    const questions = levelQuestions.slice(2, 8);
    const acknowledged = new Map<string, { revision: number; evidence: string }>();
    let acks = 0;
    let killing: Promise<unknown> | undefined;
    await Promise.all(
      questions.map(async (questionId) => {
        let revision = revisionOf(questionId);
        for (let k = 0; ; k++) {
          const evidence = `storm ${questionId} ${k}`;
          let result: Awaited<ReturnType<typeof autosave>>;
          try {
            result = await autosave(lead, assessmentId, {
              [questionId]: { value: String((k % 5) + 1), evidence, revision: String(revision) },
            });
          } catch {
            return; // the server is gone: this save was never acknowledged
          }
          const saved = result.json.results?.[0];
          expect(saved?.outcome).toBe("saved");
          revision = saved!.revision!;
          acknowledged.set(questionId, { revision, evidence });
          // Kill once enough saves are acknowledged, while every chain still has one in flight.
          if (++acks === 60) killing = c.kill("SIGKILL");
        }
      }),
    );
    await killing;
    expect(acks).toBeGreaterThanOrEqual(60);
    const stored = storedAnswers(db, assessmentId);
    for (const [questionId, ack] of acknowledged) {
      const row = stored.get(questionId)!;
      // A save may have committed without its answer reaching us, so the stored revision may be one ahead.
      expect(row.revision).toBeGreaterThanOrEqual(ack.revision);
      if (row.revision === ack.revision) expect(row.evidence).toBe(ack.evidence);
      const kept = db
        .prepare(
          "SELECT after FROM answer_change WHERE assessment_id = ? AND question_id = ? AND revision = ?",
        )
        .get(assessmentId, questionId, ack.revision) as { after: string } | undefined;
      expect(JSON.parse(kept!.after).evidence).toBe(ack.evidence);
    }
    await c.stop();
  }, 120_000);

  it("a role removed on one server holds on the other at once", async () => {
    const contributor = await new Client(b.url).signIn(people.contributor);
    const questionId = levelQuestions[0]!;
    const before = await autosave(contributor, assessmentId, {
      [questionId]: { value: "3", evidence: "before removal", revision: String(revisionOf(questionId)) },
    });
    expect(before.json.results?.[0]?.outcome).toBe("saved");
    const assignment = db
      .prepare(
        "SELECT ra.id FROM role_assignment ra JOIN person p ON p.id = ra.person_id WHERE p.email = ? AND ra.role = 'contributor'",
      )
      .get(people.contributor) as { id: number };
    const admin = await new Client(a.url).signIn(people.admin);
    const removed = await admin.post("/admin/people", { assignmentId: String(assignment.id) });
    expect(removed.status).toBeLessThan(400);
    expect(db.prepare("SELECT id FROM role_assignment WHERE id = ?").get(assignment.id)).toBeUndefined();
    const after = await autosave(contributor, assessmentId, {
      [questionId]: { value: "4", evidence: "after removal", revision: String(revisionOf(questionId)) },
    });
    expect([403, 404]).toContain(after.status);
    expect(storedAnswers(db, assessmentId).get(questionId)?.evidence).toBe("before removal");
  });

  it("a submission on one server closes the assessment for saves on the other at once", async () => {
    const onA = await new Client(a.url).signIn(people.lead);
    const onB = onA.at(b.url);
    const questionId = levelQuestions[0]!;
    // B has just served this assessment (what a per-process cache would remember).
    const open = await autosave(onB, assessmentId, {
      [questionId]: { value: "5", evidence: "just before", revision: String(revisionOf(questionId)) },
    });
    expect(open.json.results?.[0]?.outcome).toBe("saved");
    await answerAllRequired(onA, a, assessmentId);
    const submitted = await onA.post(`/assessments/${assessmentId}/check`, { intent: "submit" });
    expect(submitted.status).toBe(302);
    const after = await autosave(onB, assessmentId, {
      [questionId]: { value: "1", evidence: "too late", revision: String(revisionOf(questionId)) },
    });
    expect(after.status).toBe(409);
    expect(after.json.error).toMatch(/submitted/);
    expect(storedAnswers(db, assessmentId).get(questionId)?.evidence).toBe("just before");
  });
});

describe("/healthz when the database goes away", () => {
  let proxy: Server;
  let sockets: Set<Socket>;
  let port: number;
  let server: RunningServer;

  /** A TCP relay between one server and PostgreSQL, so this test can cut the database off for it alone. */
  const listen = () =>
    new Promise<void>((resolve) => {
      proxy = createServer((socket) => {
        const upstream = new URL(database.url);
        const target = new Socket();
        target.connect(Number(upstream.port), upstream.hostname);
        sockets.add(socket).add(target);
        socket.pipe(target).pipe(socket);
        const drop = () => {
          socket.destroy();
          target.destroy();
        };
        socket.on("error", drop).on("close", drop);
        target.on("error", drop).on("close", drop);
      });
      proxy.listen(port, "127.0.0.1", () => {
        port = (proxy.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      for (const s of sockets) s.destroy();
      sockets.clear();
    });

  beforeAll(async () => {
    sockets = new Set();
    port = 0;
    await listen();
    const url = new URL(database.url);
    url.port = String(port);
    server = await startServer(
      { DATABASE_STATEMENT_TIMEOUT_MS: "5000" },
      { database: { url: url.toString(), path: "", drop: async () => {} } },
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    proxy?.close();
  });

  it("answers 503 while the database is unreachable, and 200 again without a restart", async () => {
    const health = async () => (await fetch(`${server.url}/healthz`)).status;
    expect(await health()).toBe(200);
    await cut();
    expect(await health()).toBe(503);
    expect(await health()).toBe(503);
    await listen();
    expect(await health()).toBe(200);
    // And pages work again.
    const lead = await new Client(server.url).signIn(people.lead);
    expect((await lead.get("/organisations/ZD01")).status).toBe(200);
  }, 60_000);
});
