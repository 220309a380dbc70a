import { data } from "@remix-run/node";
import { type StorageFault, storageFault } from "../db/errors";
import { content } from "./content";

/**
 * Storage faults at the route boundary. A write that fails because the disk is full, the database is
 * read-only or unreachable, or a lock is held too long is the service's fault, not the request's: the log
 * gets the real error with the request's id, and the person gets a 503 that says nothing was saved.
 */
export function logStorageFault(error: unknown, fault: StorageFault, requestId?: unknown) {
  console.error(
    JSON.stringify({
      time: new Date().toISOString(),
      level: "error",
      event: "storage-fault",
      fault,
      requestId: typeof requestId === "string" ? requestId : undefined,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      code: (error as { code?: unknown } | null)?.code,
    }),
  );
}

/**
 * The last storage fault a request met, until a write succeeds again. A disk can be too full for a save and
 * still take /healthz's small write (SQLite reuses its journal's space), so /healthz reports this too.
 */
let lastFault: { fault: StorageFault; at: number } | null = null;
const faultMemoryMs = 60_000;

export function recentStorageFault(now = Date.now()): StorageFault | null {
  if (lastFault && now - lastFault.at > faultMemoryMs) lastFault = null;
  return lastFault?.fault ?? null;
}

/** A write succeeded: whatever stopped writes before has passed. */
export function storageRecovered() {
  lastFault = null;
}

/** The fault behind `error`, logged, or null when `error` is something else (which the caller rethrows). */
export function asStorageFault(error: unknown, context?: { requestId?: unknown }): StorageFault | null {
  const fault = storageFault(error);
  if (fault) {
    logStorageFault(error, fault, context?.requestId);
    lastFault = { fault, at: Date.now() };
  }
  return fault;
}

type Handler<A extends { context: { requestId?: unknown } }, R> = (args: A) => Promise<R>;

/**
 * Wraps a loader or action so that a storage fault answers 503 with the NHS error page instead of a 500.
 * Forms that can show what was typed (the theme page, sign-in) catch the fault themselves and re-render.
 */
export function storageSafe<A extends { context: { requestId?: unknown } }, R>(
  handler: Handler<A, R>,
): Handler<A, R> {
  return async (args) => {
    try {
      const result = await handler(args);
      const status = (result as { init?: { status?: number } | null } | null)?.init?.status;
      if (status !== 503) storageRecovered();
      return result;
    } catch (error) {
      if (asStorageFault(error, args.context)) throw data(content.storageUnavailable, { status: 503 });
      throw error;
    }
  };
}
