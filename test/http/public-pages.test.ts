import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server";
import { openDatabase } from "../support/assessment";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describe("static files from public/", () => {
  it.each([
    ["/favicon.ico", /image\//],
    ["/favicon.svg", /image\/svg\+xml/],
    ["/robots.txt", /text\/plain/],
  ])("%s is served as it is", async (path, type) => {
    const response = await fetch(server.url + path);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(type);
  });

  it("the browser's JavaScript carries no licence banners; their licences are whole in one file beside it", async () => {
    const response = await fetch(`${server.url}/third-party-licences.txt`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const name of [
      "react-dom 18.",
      "@remix-run/react 2.",
      "react-hook-form 7.",
      "zod 4.",
      "nhsuk-frontend 10.",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain("Permission is hereby granted, free of charge");
    const home = await (await fetch(`${server.url}/sign-in`)).text();
    const scripts = [...home.matchAll(/"(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(2);
    for (const script of new Set(scripts)) {
      expect(await (await fetch(server.url + script)).text(), script).not.toContain("@license");
    }
  });
});

describe("the accessibility statement", () => {
  it("has the sections the accessibility regulations require", async () => {
    const html = await (await fetch(`${server.url}/accessibility`)).text();
    for (const heading of [
      "Compliance status",
      "Non-accessible content",
      "Reporting accessibility problems with this service",
      "Enforcement procedure",
      "Preparation of this accessibility statement",
    ])
      expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).toContain("<title>Accessibility statement – Digital maturity self-assessment</title>");
  });
});

describe("signed-out visitors cannot tell which ids exist", () => {
  it("answers the same redirect to sign-in for real and made-up assessment and report ids", async () => {
    const db = openDatabase(server);
    const assessment = db.prepare("select id from assessment order by id limit 1").get() as { id: number };
    const report = db.prepare("select id from report order by id limit 1").get() as { id: number };
    db.close();
    for (const path of [
      `/assessments/${assessment.id}`,
      "/assessments/987654",
      `/assessments/${assessment.id}/themes/paperless`,
      "/assessments/987654/themes/paperless",
      `/reports/${report.id}`,
      "/reports/987654",
      `/reports/${report.id}/pdf`,
      "/reports/987654/pdf",
    ]) {
      const response = await fetch(server.url + path, { redirect: "manual" });
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location"), path).toMatch(/^\/sign-in\?redirectTo=/);
    }
  });
});

describe("demo data", () => {
  it("never names an organisation 'Demo Demo'", async () => {
    const db = openDatabase(server);
    const names = db.prepare("select name from organisation").all() as { name: string }[];
    db.close();
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((n) => /Demo Demo/.test(n.name))).toEqual([]);
  });
});

describe("page titles", () => {
  it("an error page is titled with its error", async () => {
    const html = await (await fetch(`${server.url}/no-such-page`)).text();
    expect(html).toContain("<title>Page not found – Digital maturity self-assessment</title>");
  });

  it.each(["/sign-in", "/accessibility", "/help/scoring", "/signed-out"])(
    "%s has a title of its own",
    async (path) => {
      const html = await (await fetch(server.url + path)).text();
      expect(html).toMatch(/<title>[^<]+ – Digital maturity self-assessment<\/title>/);
    },
  );
});
