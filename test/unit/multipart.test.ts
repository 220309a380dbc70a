import { describe, expect, it } from "vitest";
import { tooLarge } from "../../app/forms.server";
import type { BodyLimit } from "../../app/limits";
import { boundaryOf, parseMultipart } from "../../app/multipart.server";

const limit: BodyLimit = { bytes: 1024 * 1024, fields: 10, fieldChars: 1024 * 1024 };

/** The body a browser (here undici, Node's fetch) sends for a form, with its Content-Type. */
async function encode(form: FormData) {
  const request = new Request("http://x/", { method: "POST", body: form });
  return {
    type: request.headers.get("Content-Type")!,
    bytes: new Uint8Array(await request.arrayBuffer()),
  };
}

/** The same bytes as a stream of chunks of `size` bytes, so boundaries fall across chunks. */
function chunked(bytes: Uint8Array, size: number) {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

const status = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    return (thrown as { init: { status: number } }).init.status;
  }
};

describe("parseMultipart", () => {
  // Content that looks like a delimiter without being one: CRLF, dashes, and most of the boundary.
  const tricky = new Uint8Array(70_000).map((_, i) => (i % 251) ^ 0x5a);
  const form = new FormData();
  form.set("csrf", "token-é-✓");
  form.set("empty", "");
  form.set(
    "file",
    new File([tricky, "\r\n--", "\r\n-----formdata-undici-0"], "../a\\b.pdf", { type: "application/pdf" }),
  );

  it.each([1, 7, 61, 4096, 65_536, 1_000_000])(
    "reads what undici sent, in chunks of %i bytes",
    async (size) => {
      const { type, bytes } = await encode(form);
      const parsed = await parseMultipart(chunked(bytes, size), type, limit, tooLarge);
      const expected = await new Response(bytes, { headers: { "Content-Type": type } }).formData();
      expect([...parsed.keys()]).toEqual([...expected.keys()]);
      expect(parsed.get("csrf")).toBe("token-é-✓");
      expect(parsed.get("empty")).toBe("");
      const file = parsed.get("file") as File;
      // The name exactly as sent (path separators included): the caller refuses it, the parser does not hide it.
      expect(file.name).toBe((expected.get("file") as File).name);
      expect(file.type).toBe("application/pdf");
      expect(Buffer.from(await file.arrayBuffer())).toEqual(
        Buffer.from(await (expected.get("file") as File).arrayBuffer()),
      );
    },
  );

  it("keeps a file input left empty as an empty file, as a browser sends it", async () => {
    const body = new TextEncoder().encode(
      '--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n',
    );
    const parsed = await parseMultipart(chunked(body, 3), "multipart/form-data; boundary=b", limit, tooLarge);
    const file = parsed.get("file") as File;
    expect([file instanceof File, file.name, file.size]).toEqual([true, "", 0]);
  });

  it("refuses a body past its limit with 413, counting as it reads", async () => {
    const { type, bytes } = await encode(form);
    let read = 0;
    const counted = chunked(bytes, 1024).pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          read += chunk.length;
          controller.enqueue(chunk);
        },
      }),
    );
    expect(await status(parseMultipart(counted, type, { ...limit, bytes: 10_000 }, tooLarge))).toBe(413);
    expect(read).toBeLessThan(20_000);
  });

  it("refuses more parts than the form may have with 413", async () => {
    const many = new FormData();
    for (let i = 0; i < 11; i++) many.append("a", "1");
    const { type, bytes } = await encode(many);
    expect(await status(parseMultipart(chunked(bytes, 100), type, limit, tooLarge))).toBe(413);
  });

  it("refuses broken framing with 400", async () => {
    const { type, bytes } = await encode(form);
    const cut = bytes.slice(0, bytes.length - 10); // no closing delimiter
    expect(await status(parseMultipart(chunked(cut, 500), type, limit, tooLarge))).toBe(400);
    const noName = new TextEncoder().encode("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n");
    expect(
      await status(parseMultipart(chunked(noName, 5), "multipart/form-data; boundary=b", limit, tooLarge)),
    ).toBe(400);
    expect(await status(parseMultipart(chunked(bytes, 500), "multipart/form-data", limit, tooLarge))).toBe(
      400,
    );
  });

  it("reads the boundary, quoted or not", () => {
    expect(boundaryOf("multipart/form-data; boundary=abc")).toBe("abc");
    expect(boundaryOf('multipart/form-data; boundary="a b;c"')).toBe("a b;c");
    expect(boundaryOf("multipart/form-data; charset=utf-8")).toBeNull();
  });
});
