import { createRequire } from "node:module";
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import SQLite from "better-sqlite3";

/**
 * The tests read what a server wrote straight from its database, synchronously (better-sqlite3's
 * `prepare(sql).get/all`), independent of what the pages say. On PostgreSQL the same calls run through a
 * worker thread holding one `pg` connection, with the test's thread waiting for each answer; `?`
 * placeholders become `$1…`, and counts and sums come back as numbers, as from SQLite.
 */
export interface ReadonlyDb {
  prepare(sql: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
  close(): void;
}

/** The same, for tests that also change what the server will read (deactivate a person, rename an email). */
export interface WritableDb extends ReadonlyDb {
  prepare(sql: string): ReturnType<ReadonlyDb["prepare"]> & { run(...params: unknown[]): void };
}

const workerSource = `
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
const { port, signal, url, writable } = workerData;
const number = (v) => Number(v);
pg.types.setTypeParser(20, number);
pg.types.setTypeParser(1700, number);
const client = new pg.Client({ connectionString: url });
const ready = client
  .connect()
  .then(() => (writable ? undefined : client.query("set default_transaction_read_only = on")));
port.on("message", async ({ sql, params }) => {
  let reply;
  try {
    await ready;
    reply = { rows: sql === null ? [] : (await client.query(sql, params)).rows };
  } catch (error) {
    reply = { error: String(error && error.message) };
  }
  if (sql === null) await client.end().catch(() => {});
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

function toPostgres(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function openPostgresConnection(url: string, writable: boolean): WritableDb {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const pgPath = createRequire(import.meta.url).resolve("pg");
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { port: port2, signal, url, pgPath, writable },
    transferList: [port2],
  });
  worker.unref();
  const call = (sql: string | null, params: unknown[]): Record<string, unknown>[] => {
    Atomics.store(signal, 0, 0);
    port1.postMessage({ sql, params });
    if (Atomics.wait(signal, 0, 0, 30_000) === "timed-out")
      throw new Error(`database read timed out: ${sql}`);
    const reply = receiveMessageOnPort(port1)?.message as
      | { rows: Record<string, unknown>[]; error?: undefined }
      | { error: string };
    if (!reply) throw new Error(`no answer from the database reader: ${sql}`);
    if (reply.error !== undefined) throw new Error(`${reply.error}\n  in: ${sql}`);
    return reply.rows;
  };
  return {
    prepare(sql) {
      const text = toPostgres(sql);
      return {
        get: (...params) => call(text, params)[0],
        all: (...params) => call(text, params),
        run: (...params) => {
          call(text, params);
        },
      };
    },
    close() {
      call(null, []);
      port1.close();
      void worker.terminate();
    },
  };
}

/** Opens a server's database (a SQLite file or a postgres:// URL) for reading. */
export function openReadonlyDatabase(urlOrPath: string): ReadonlyDb {
  if (/^postgres(ql)?:\/\//.test(urlOrPath)) return openPostgresConnection(urlOrPath, false);
  return new SQLite(urlOrPath, { readonly: true, fileMustExist: true });
}

/** Opens a server's database for reading and writing: only for what a test must set up behind the pages. */
export function openWritableDatabase(urlOrPath: string): WritableDb {
  if (/^postgres(ql)?:\/\//.test(urlOrPath)) return openPostgresConnection(urlOrPath, true);
  return new SQLite(urlOrPath, { fileMustExist: true });
}
