import { data } from "@remix-run/node";
import { type BodyLimit, bodyLimitFor } from "./limits";
import { parseMultipart, tooLargeMessage } from "./multipart.server";

/**
 * Request bodies are read here and nowhere else: once per request (the CSRF check and the action share the
 * result), measured while they stream in, refused with 413 past their route's limit, and parsed in time
 * linear in their size.
 */
const forms = new WeakMap<Request, Promise<FormData>>();

export const tooLarge = (message = "What was sent is too large.") => data(message, { status: 413 });

/** The posted form, or a 400 when the body is not a form, or a 413 past the route's limits. */
export function readForm(request: Request, limit: BodyLimit = limitFor(request)): Promise<FormData> {
  let form = forms.get(request);
  if (!form) {
    form = parseForm(request, limit);
    forms.set(request, form);
  }
  return form;
}

/** The route's limit: single-fetch posts go to `/path.data`, which has the limit of `/path`. */
const limitFor = (request: Request) =>
  bodyLimitFor(new URL(request.url).pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/"));

async function parseForm(request: Request, limit: BodyLimit): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    if (!declaredWithin(request, limit.bytes)) throw tooLarge(tooLargeMessage(limit.bytes));
    const form = await parseMultipart(request.body ?? new Blob([]).stream(), type, limit, tooLarge);
    checkFields(form, limit);
    return form;
  }
  const body = await readBody(request, limit.bytes);
  if (!type.startsWith("application/x-www-form-urlencoded"))
    throw data("Send the answers as a form.", { status: 400 });
  return parseUrlEncoded(new TextDecoder().decode(body), limit);
}

/** Whether the body's declared length, if any, is a number within `maxBytes`. */
const declaredWithin = (request: Request, maxBytes: number) => {
  const declared = request.headers.get("Content-Length");
  return declared === null || (/^[0-9]+$/.test(declared) && Number(declared) <= maxBytes);
};

/**
 * Reads at most `maxBytes` of body. Past that it stops reading and answers 413; server.mjs then closes the
 * connection rather than leave the unread rest on it.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const body = await readBodyWithin(request, maxBytes);
  if (body === null) throw tooLarge(tooLargeMessage(maxBytes));
  return body;
}

/** The body, or null as soon as it (or its declared length) passes `maxBytes`. */
async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!declaredWithin(request, maxBytes)) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.releaseLock();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * A JSON body (the FHIR API's resources), read the same bounded way, then parsed and measured: a body that is
 * not UTF-8 JSON, or nests deeper than `maxDepth` (so that no recursive validator can run out of stack), is a
 * 400; one past `maxBytes` a 413. Returned, not thrown, so that the API can answer in its own format.
 */
export type JsonBody = { ok: true; json: unknown } | { ok: false; status: 400 | 413; message: string };

export async function readJsonBody(
  request: Request,
  { maxBytes, maxDepth }: { maxBytes: number; maxDepth: number },
): Promise<JsonBody> {
  const body = await readBodyWithin(request, maxBytes);
  if (body === null)
    return {
      ok: false,
      status: 413,
      message: `The body is larger than this endpoint accepts (${maxBytes} bytes).`,
    };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return { ok: false, status: 400, message: "The body is not UTF-8 text." };
  }
  if (jsonDepth(text) > maxDepth)
    return { ok: false, status: 400, message: `The JSON nests deeper than ${maxDepth} levels.` };
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: "The body is not JSON." };
  }
}

/** The deepest nesting of arrays and objects in JSON text, in one pass (brackets inside strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** `a=1&b=2` into a FormData, counting fields before decoding any, so a flood of fields costs nothing. */
export function parseUrlEncoded(text: string, limit: BodyLimit): FormData {
  let fields = text.length === 0 ? 0 : 1;
  for (let i = text.indexOf("&"); i !== -1; i = text.indexOf("&", i + 1)) fields++;
  if (fields > limit.fields) throw tooLarge(`The form has too many fields (more than ${limit.fields}).`);
  const form = new FormData();
  for (const [key, value] of new URLSearchParams(text)) form.append(key, value);
  checkFields(form, limit);
  return form;
}

function checkFields(form: FormData, limit: BodyLimit) {
  let count = 0;
  for (const [key, value] of form) {
    count++;
    const length = typeof value === "string" ? value.length : 0;
    if (count > limit.fields) throw tooLarge(`The form has too many fields (more than ${limit.fields}).`);
    if (key.length > limit.fieldChars || length > limit.fieldChars) {
      throw tooLarge(`A field is longer than this page accepts (${limit.fieldChars} characters).`);
    }
  }
}
