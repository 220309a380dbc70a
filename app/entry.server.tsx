import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { InitialFormErrors, showsFormErrors } from "./components/page-title";

export { startServer, stopServer } from "./startup.server";

const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <InitialFormErrors.Provider value={showsFormErrors(responseStatusCode)}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </InitialFormErrors.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = gathered();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * Unexpected errors, logged once with the request's id. Responses thrown on purpose (a 405 for a method a
 * route does not take, a 404, a 503 for a storage fault, logged where it was recognised) are not logged.
 */
export function handleError(
  error: unknown,
  { request, context }: { request: Request; context: AppLoadContext },
) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error)) return;
  console.error(
    JSON.stringify({
      time: new Date().toISOString(),
      level: "error",
      requestId: context.requestId,
      path: new URL(request.url).pathname,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  );
}

/**
 * The page as React renders it, in as few chunks as it allows. React writes 2 KB at a time and calls the
 * destination's `flush()` whenever it has nothing more to send for now (the convention compression streams
 * use), so the 2 KB pieces are gathered until then and passed on as one: the regional view's 190 KB page was
 * about 100 chunks, each a turn through the web stream, the response and compression.
 *
 * React 18.3's streaming renderer can also emit a NUL byte where a multi-byte character meets its 2 KB buffer
 * edge (facebook/react#26228, fixed after 18.3). NUL never belongs in HTML, and 0x00 is never part of a UTF-8
 * sequence, so it is dropped.
 */
function gathered() {
  const pieces: Buffer[] = [];
  const passOn = () => {
    if (pieces.length === 0) return;
    const chunk = Buffer.concat(pieces.splice(0));
    stream.push(chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk);
  };
  const stream = new Transform({
    transform(piece: Buffer, _encoding, callback) {
      pieces.push(piece);
      callback();
    },
    flush(callback) {
      passOn();
      callback();
    },
  });
  return Object.assign(stream, { flush: passOn });
}
