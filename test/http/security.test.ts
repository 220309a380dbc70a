import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describe("every response", () => {
  it.each(["/", "/sign-in", "/healthz", "/no-such-page", "/assets/images/favicon.svg"])(
    "%s carries the security headers",
    async (path) => {
      const response = await fetch(server.url + path);
      const csp = response.headers.get("Content-Security-Policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:\/\//);
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    },
  );

  it("loads nothing from another origin", async () => {
    const html = await (await fetch(`${server.url}/sign-in`)).text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(3);
    for (const ref of references) expect(ref).toMatch(/^(\/|#)/);
  });

  it("answers 404 with the NHS error page", async () => {
    const response = await fetch(`${server.url}/no-such-page`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});

describe("health", () => {
  it("answers ok when the database answers", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    // With the emails waiting to be sent (the demo data's own, on a server that has not sent them yet or has).
    expect(await response.json()).toEqual({
      status: "ok",
      emailOutbox: {
        pending: expect.any(Number),
        oldest: expect.toSatisfy((v) => v === null || typeof v === "string"),
      },
    });
  });
});

describe("sessions", () => {
  it("sets an httpOnly SameSite=Lax cookie and rotates it at every sign-in", async () => {
    const sign = () =>
      fetch(`${server.url}/sign-in`, {
        method: "POST",
        body: new URLSearchParams({ email: "lead@demo.example", password: "demo-password-2026" }),
        redirect: "manual",
      });
    const first = (await sign()).headers.get("Set-Cookie") ?? "";
    const second = (await sign()).headers.get("Set-Cookie") ?? "";
    expect(first).toMatch(/HttpOnly/i);
    expect(first).toMatch(/SameSite=Lax/i);
    expect(first).not.toMatch(/Secure/i); // plain HTTP here; Secure when served over HTTPS
    expect(first.split(";")[0]).not.toBe(second.split(";")[0]);
  });

  it("destroys the session at sign-out", async () => {
    const client = await new Client(server.url).signIn("lead@demo.example");
    const stolen = new Client(server.url);
    const cookie = (client as unknown as { cookies: Map<string, string> }).cookies;
    (stolen as unknown as { cookies: Map<string, string> }).cookies = new Map(cookie);
    expect((await stolen.get("/organisations/ZD01")).status).toBe(200);
    expect((await client.post("/sign-out")).status).toBe(302);
    expect((await stolen.get("/organisations/ZD01")).status).toBe(302);
  });

  it("sends a person back where they were going after sign-in, and only within the site", async () => {
    const client = new Client(server.url);
    const home = await client.post("/sign-in", {
      email: "lead@demo.example",
      password: "demo-password-2026",
      redirectTo: "/organisations/ZD01",
    });
    expect(home.headers.get("Location")).toBe("/organisations/ZD01");
    const evil = await new Client(server.url).post("/sign-in", {
      email: "lead@demo.example",
      password: "demo-password-2026",
      redirectTo: "//evil.example/",
    });
    expect(evil.headers.get("Location")).toBe("/");
  });
});

describe("cross-site request forgery", () => {
  it("refuses a signed-in form post without the session's token", async () => {
    const admin = await new Client(server.url).signIn("admin@demo.example");
    const response = await admin.post("/admin/organisations/ZD03", {
      careSetting: "community",
      csrf: "wrong",
    });
    expect(response.status).toBe(403);
    const page = await (await admin.get("/admin/organisations/ZD03")).text();
    expect(page).not.toContain('value="community" selected');
  });

  it("refuses a post from another origin even with a token", async () => {
    const admin = await new Client(server.url).signIn("admin@demo.example");
    const response = await admin.request("/admin/organisations/ZD03", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: new URLSearchParams({ careSetting: "community", csrf: admin.csrfToken }),
    });
    expect(response.status).toBe(403);
  });

  it("refuses a sign-in posted from another origin", async () => {
    const response = await new Client(server.url).request("/sign-in", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: new URLSearchParams({ email: "lead@demo.example", password: "demo-password-2026" }),
    });
    expect(response.status).toBe(403);
  });
});

describe("sign-in", () => {
  it("answers 400 with the NHS error summary for a wrong password, and records it", async () => {
    const response = await new Client(server.url).post("/sign-in", {
      email: "board@demo.example",
      password: "wrong",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain('href="#email"');
    const admin = await new Client(server.url).signIn("admin@demo.example");
    const log = await (await admin.get("/admin/audit")).text();
    expect(log).toContain("sign-in.failed");
    expect(log).toContain("board@demo.example");
  });

  it.each([
    [{ email: "", password: "" }],
    [{ email: "not-an-email", password: "x" }],
    [{ email: "a@b.nhs.uk" }],
    [{ email: "x".repeat(5000), password: "x" }],
    [{ email: ["a@b.nhs.uk", "c@d.nhs.uk"], password: "x" }],
  ])("answers 400 for malformed input %j", async (fields) => {
    const response = await new Client(server.url).post("/sign-in", fields as Record<string, string>);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("There is a problem");
  });

  it("slows down repeated failures for one account, and lets the owner in after the wait", async () => {
    const attempt = (password: string) =>
      new Client(server.url).post("/sign-in", { email: "contributor@demo.example", password });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong")).status).toBe(400);
    const throttled = await attempt("demo-password-2026");
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toMatch(/Wait \d+ seconds? before you try again/);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await attempt("demo-password-2026")).status).toBe(302);
  });
});
