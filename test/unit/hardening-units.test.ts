import { describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.server";
import { formValues } from "../../app/forms";
import { parseUrlEncoded } from "../../app/forms.server";
import { limits } from "../../app/limits";
import { isOwnKey, parseId } from "../../app/params";
import { safeRedirectPath } from "../../app/redirect";
import { fieldsFromFormData } from "../../app/assessment/fields";

describe("safeRedirectPath", () => {
  // Known open-redirect bypasses (OWASP, PortSwigger, and the two the review found).
  const offSite = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/\t/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    " /evil",
    "evil.example",
    "/\u0000",
    "/a\r\nSet-Cookie: x",
    "",
    "/%",
  ];
  it.each(offSite)("sends %j to the start page", (to) => {
    expect(safeRedirectPath(to)).toBe("/");
  });
  it.each([
    ["/", "/"],
    ["/organisations/ZD01", "/organisations/ZD01"],
    ["/reports/1?x=1#y", "/reports/1?x=1#y"],
    ["/a/../b", "/b"],
  ])("keeps %j", (to, expected) => {
    expect(safeRedirectPath(to)).toBe(expected);
  });
  it("refuses what is not a string", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(["/a"])).toBe("/");
  });
});

describe("form parsing is linear and bounded", () => {
  /** A FormData whose iteration counts the entries it hands out: the work of everything reading it. */
  function counted(n: number, name: (i: number) => string) {
    const form = new FormData();
    for (let i = 0; i < n; i++) form.append(name(i), "v");
    let visits = 0;
    const iterate = form[Symbol.iterator].bind(form);
    Object.defineProperty(form, Symbol.iterator, {
      value: function* () {
        for (const entry of iterate()) {
          visits++;
          yield entry;
        }
      },
    });
    return { form, visits: () => visits };
  }

  it("reads repeated fields in one pass, and builds each array in place", () => {
    for (const n of [10, 1000]) {
      const { form, visits } = counted(n, () => "same");
      const values = formValues(form);
      expect(values.same).toHaveLength(n);
      expect(visits()).toBe(n);
    }
  });

  it("reads a theme page's repeated answer fields in one pass", () => {
    const { form, visits } = counted(1000, () => "answers.q1.value");
    const fields = fieldsFromFormData(form);
    expect(fields.get("q1")?.value).toHaveLength(1000);
    expect(visits()).toBe(1000);
  });

  it("refuses more fields than the limit before decoding any", () => {
    const text = Array.from({ length: limits.form.fields + 1 }, () => "a=1").join("&");
    expect(() => parseUrlEncoded(text, limits.form)).toThrow();
    expect(
      parseUrlEncoded(Array.from({ length: limits.form.fields }, () => "a=1").join("&"), limits.form).getAll(
        "a",
      ),
    ).toHaveLength(limits.form.fields);
  });

  it("refuses a field longer than the limit", () => {
    expect(() => parseUrlEncoded(`a=${"x".repeat(limits.form.fieldChars + 1)}`, limits.form)).toThrow();
  });

  it("keeps __proto__ and constructor as plain field names", () => {
    const form = new FormData();
    form.append("__proto__", "x");
    form.append("constructor", "y");
    const values = formValues(form);
    expect(Object.keys(values)).toEqual(["__proto__", "constructor"]);
  });
});

describe("strict parameters", () => {
  it.each(["0x8E", "1e2", "1e0", " 1", "1 ", "+1", "-1", "1.0", "0", "01", "007", "", "9".repeat(16), "١٢"])(
    "%j is not an id",
    (p) => {
      expect(parseId(p)).toBeNull();
    },
  );
  it("reads decimal ids", () => {
    expect(parseId("142")).toBe(142);
  });
  it("finds only a table's own keys", () => {
    const table = { Y56: "London" };
    expect(isOwnKey(table, "Y56")).toBe(true);
    for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"])
      expect(isOwnKey(table, key)).toBe(false);
  });
});

describe("configuration", () => {
  it("uses the defaults for an empty environment", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      SESSION_IDLE_MINUTES: 30,
      DISCLOSURE_MIN_GROUP: 5,
      PORT: 3000,
      DEMO_DATA: true,
    });
    expect(config.DATABASE_SYNCHRONOUS).toBe("full");
  });

  it("names every bad value, one line each", () => {
    let message = "";
    try {
      parseConfig({
        SESSION_IDLE_MINUTES: "abc",
        DISCLOSURE_MIN_GROUP: "2",
        PORT: "70000",
        DEMO_DATA: "yes",
        PUBLIC_URL: "ftp://x",
        DATABASE_SYNCHRONOUS: "off",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split("\n").filter((l) => l.startsWith("  - "));
    expect(lines).toHaveLength(6);
    for (const name of [
      "SESSION_IDLE_MINUTES",
      "DISCLOSURE_MIN_GROUP",
      "PORT",
      "DEMO_DATA",
      "PUBLIC_URL",
      "DATABASE_SYNCHRONOUS",
    ])
      expect(message).toContain(name);
  });

  it("refuses production without a session secret", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET/);
  });

  it("reads TRUST_PROXY as express does", () => {
    expect(parseConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.0/8" }).TRUST_PROXY).toBe("10.0.0.0/8");
  });
});
