import { data } from "@remix-run/node";
import type { BodyLimit } from "./limits";

/**
 * A multipart/form-data body parsed as it streams in (RFC 7578), for readForm: each chunk is searched for the
 * boundary with Buffer.indexOf and its bytes handed to the part they belong to, so a 10 MB upload costs the
 * event loop a few microseconds per chunk rather than one long parse of the whole body (undici's
 * `Response.formData()` took 100–160 ms for 10 MB, during which no other request moved). The body is
 * counted as it arrives: past `limit.bytes`, or past `limit.fields` parts, it is refused with 413 before the
 * rest is read. Malformed framing is a 400. File parts become `File`s (their name exactly as sent, path
 * separators and all, for the caller to judge); other parts strings.
 */
export async function parseMultipart(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  limit: BodyLimit,
  tooLarge: (message: string) => unknown,
): Promise<FormData> {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw malformed();
  // A CRLF before the body lets the first boundary, which has none before it, match the same delimiter.
  const delimiter = Buffer.from(`\r\n--${boundary}`, "latin1");
  const form = new FormData();
  let state = "preamble" as "preamble" | "after-delimiter" | "headers" | "content" | "done";
  let pending: Buffer = Buffer.from("\r\n");
  let part: { name: string; fileName?: string; type: string; chunks: Buffer[]; bytes: number } | undefined;
  let parts = 0;
  let received = 0;

  const take = (chunk: Buffer) => {
    if (!part || chunk.length === 0) return;
    part.bytes += chunk.length;
    // A text field's characters are checked once decoded (checkFields); its bytes bound it on the way.
    if (part.fileName === undefined && part.bytes > limit.fieldChars * 4)
      throw tooLarge(`A field is longer than this page accepts (${limit.fieldChars} characters).`);
    part.chunks.push(chunk);
  };
  const finish = () => {
    if (!part) return;
    if (part.fileName === undefined) form.append(part.name, Buffer.concat(part.chunks).toString("utf8"));
    else
      form.append(
        part.name,
        new File(part.chunks as Uint8Array<ArrayBuffer>[], part.fileName, { type: part.type }),
      );
    part = undefined;
  };

  const step = (): boolean => {
    switch (state) {
      case "preamble":
      case "content": {
        const at = pending.indexOf(delimiter);
        if (at === -1) {
          // Keep only what could be the start of a delimiter split across chunks.
          const keep = Math.min(pending.length, delimiter.length - 1);
          if (state === "content") take(pending.subarray(0, pending.length - keep));
          pending = pending.subarray(pending.length - keep);
          return false;
        }
        if (state === "content") {
          take(pending.subarray(0, at));
          finish();
        }
        pending = pending.subarray(at + delimiter.length);
        state = "after-delimiter";
        return true;
      }
      case "after-delimiter": {
        if (pending.length < 2) return false;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          state = "done"; // the closing delimiter; anything after it is an epilogue to ignore
          return false;
        }
        if (pending[0] !== 0x0d || pending[1] !== 0x0a) throw malformed();
        pending = pending.subarray(2);
        state = "headers";
        return true;
      }
      case "headers": {
        const end = pending.indexOf("\r\n\r\n");
        if (end === -1) {
          if (pending.length > maxHeaderBytes) throw malformed();
          return false;
        }
        if (++parts > limit.fields)
          throw tooLarge(`The form has too many fields (more than ${limit.fields}).`);
        part = { ...partHeaders(pending.subarray(0, end).toString("utf8")), chunks: [], bytes: 0 };
        pending = pending.subarray(end + 4);
        state = "content";
        return true;
      }
      case "done":
        return false;
    }
  };

  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > limit.bytes) throw tooLarge(tooLargeMessage(limit.bytes));
      if (state === "done") continue;
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (step()) {}
    }
  } finally {
    reader.releaseLock();
  }
  if (state !== "done") throw malformed();
  return form;
}

export const tooLargeMessage = (maxBytes: number) =>
  `What was sent is larger than this page accepts (${Math.round(maxBytes / 1024)} KB).`;

/** A part's headers: far more than any browser sends (a name, a file name and a type). */
const maxHeaderBytes = 8 * 1024;

const malformed = () => data("Send the answers as a form.", { status: 400 });

/** The boundary parameter of a multipart/form-data type (RFC 2046: 1 to 70 characters), or null. */
export function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** Content-Disposition's name and filename, and Content-Type, of one part; a part without a name is malformed. */
function partHeaders(text: string): { name: string; fileName?: string; type: string } {
  let name: string | undefined;
  let fileName: string | undefined;
  let type = "application/octet-stream";
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon === -1) throw malformed();
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === "content-type") type = value;
    if (header !== "content-disposition") continue;
    if (!/^form-data\s*(;|$)/i.test(value)) throw malformed();
    for (const [, key, quoted, bare] of value.matchAll(/;\s*([A-Za-z*]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g)) {
      // Browsers percent-encode quotes and line breaks in names (the HTML standard) and send a backslash as
      // itself: it is part of the name, not an escape.
      const v = quoted ?? (bare ?? "").trim();
      if (key!.toLowerCase() === "name") name = v;
      else if (key!.toLowerCase() === "filename") fileName = v;
    }
  }
  if (name === undefined) throw malformed();
  return { name, fileName, type };
}
