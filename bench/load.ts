import { Agent, request } from "node:http";

/** One request of a load: what to send, built from the connection's own state. */
export interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  latencies: number[];
  statuses: Record<number, number>;
}

function send(agent: Agent, base: URL, r: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, ...(r.body ? { "content-length": Buffer.byteLength(r.body) } : {}) },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(r.body);
  });
}

/**
 * Closed loop: each of `connections` sends its next request as soon as its last one answers, for
 * `seconds`. Each connection keeps its own state, so an autosave can track its answer's revision exactly.
 */
export async function closedLoop(
  url: string,
  connections: number,
  seconds: number,
  next: (connection: number) => LoadRequest,
  onResponse: (connection: number, status: number, body: string) => void = () => {},
): Promise<LoadResult> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      while (performance.now() < end) {
        const started = performance.now();
        const { status, body } = await send(agent, base, next(c));
        latencies.push(performance.now() - started);
        statuses[status] = (statuses[status] ?? 0) + 1;
        onResponse(c, status, body);
      }
    }),
  );
  agent.destroy();
  return { requests: latencies.length, perSecond: latencies.length / seconds, latencies, statuses };
}

/**
 * Open loop at a steady offered rate: requests start on schedule whether or not earlier ones have answered,
 * and latency counts from the scheduled start, so queueing shows (no coordinated omission).
 */
export async function openLoop(
  url: string,
  rate: number,
  seconds: number,
  next: (i: number) => LoadRequest,
  onResponse: (i: number, status: number, body: string) => void = () => {},
): Promise<LoadResult> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      send(agent, base, next(i)).then(({ status, body }) => {
        latencies.push(performance.now() - due);
        statuses[status] = (statuses[status] ?? 0) + 1;
        onResponse(i, status, body);
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { requests: total, perSecond: total / seconds, latencies, statuses };
}
