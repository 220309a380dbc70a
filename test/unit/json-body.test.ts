import { describe, expect, it } from "vitest";
import { jsonDepth, readJsonBody } from "../../app/forms.server";

// The FHIR API's bounded JSON reader, beside the form reader: what it refuses, and that it refuses it
// with a status the API can turn into an OperationOutcome (never a throw).

const request = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x.test/fhir/QuestionnaireResponse", { method: "POST", body, headers });
const bounds = { maxBytes: 100, maxDepth: 3 };

describe("readJsonBody", () => {
  it("parses JSON within the bounds", async () => {
    expect(await readJsonBody(request('{"a":[{"b":1}]}'), bounds)).toEqual({
      ok: true,
      json: { a: [{ b: 1 }] },
    });
  });

  it("refuses past the byte limit, declared or streamed, with 413", async () => {
    const big = `"${"x".repeat(200)}"`;
    expect(await readJsonBody(request(big), bounds)).toMatchObject({ ok: false, status: 413 });
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const streamed = new Request("http://x.test/", {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(await readJsonBody(streamed, bounds)).toMatchObject({ ok: false, status: 413 });
  });

  it("refuses what is not UTF-8, not JSON, or nested too deep, with 400", async () => {
    expect(await readJsonBody(request(new Uint8Array([0x22, 0xff, 0x22])), bounds)).toMatchObject({
      status: 400,
    });
    expect(await readJsonBody(request("{nope"), bounds)).toMatchObject({ status: 400 });
    expect(await readJsonBody(request('[[[["deep"]]]]'), bounds)).toMatchObject({ status: 400 });
  });
});

describe("jsonDepth", () => {
  it("counts arrays and objects, not brackets inside strings or after escapes", () => {
    expect(jsonDepth("1")).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[{{{"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[["}')).toBe(1);
  });
});
