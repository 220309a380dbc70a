import { config } from "../config.server";

/**
 * The framework's floor for `npm run bench`: a resource route that does nothing. Answers 404 unless the
 * server was started with BENCH_ROUTES=1, so production never exposes it.
 */
const noop = () =>
  config().BENCH_ROUTES === "1"
    ? new Response("ok", { headers: { "Content-Type": "text/plain" } })
    : new Response("Not found", { status: 404 });

export const loader = noop;
export const action = noop;
