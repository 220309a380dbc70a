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

/** The p-th quantile of the values, by rank (no interpolation), as every table in the bench reports it. */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

/**
 * Autosave-shaped requests: each targets its own answer (one per open assessment) and carries that answer's
 * current revision, so every save writes rather than conflicting.
 */
export function autosaves(pathOf: (slot: number) => string, slots: number, headers: Record<string, string>) {
  const revision = new Map<number, number>();
  const value = new Map<number, number>();
  return {
    next: (i: number): LoadRequest => {
      const slot = i % slots;
      value.set(slot, value.get(slot) === 3 ? 2 : 3);
      return {
        method: "POST",
        path: pathOf(slot),
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        body: `answers.paperless-epr-coverage.value=${value.get(slot)}&answers.paperless-epr-coverage.revision=${revision.get(slot) ?? 1}`,
      };
    },
    onResponse: (i: number, _status: number, body: string) => {
      const r = /"revision":(\d+)/.exec(body)?.[1];
      if (r) revision.set(i % slots, Number(r));
    },
  };
}

/** Times a page: 20 warm-up requests, then `n` timed ones; any answer but 200 stops the bench. */
export async function timePage(url: string, path: string, cookie: string, n = 200): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const started = performance.now();
    const response = await fetch(url + path, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    if (i >= 20) times.push(performance.now() - started);
  }
  return times;
}
