import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../support/assessment";
import type { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";
import { openReadonlyDatabase } from "../support/sync-database";

// The two CSV upload pages, as an administrator uses them over HTTP against the built server: a good file,
// a file with a bad row (nothing written unless asked), and the valid rows alone when asked.

let server: RunningServer;
let admin: Client;

beforeAll(async () => {
  server = await startServer();
  admin = await signIn(server, "admin");
});

afterAll(async () => {
  await server?.stop();
});

const fixture = (name: string) => readFileSync(resolve(process.cwd(), "test/fixtures/ods", name), "utf8");
const upload = (text: string, name: string, importValidRows = false) => {
  const body = new FormData();
  body.set("file", new File([text], name, { type: "text/csv" }));
  if (importValidRows) body.set("importValidRows", "yes");
  return body;
};
const stored = (sql: string, ...params: unknown[]) => {
  const db = openReadonlyDatabase(server.databaseUrl);
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
};
const careSetting = (code: string) =>
  (stored("select care_setting from organisation where ods_code = ?", code)[0] as { care_setting: string })
    ?.care_setting;
// The page's words, as read: Remix's comments between "Added", ":" and the count removed.
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("importing the ODS extract", () => {
  it("adds the organisations of a good file and says how many", async () => {
    const response = await admin.post("/admin/organisations/import", upload(fixture("valid.csv"), "etr.csv"));
    expect(response.status).toBe(200);
    const text = textOf(await response.text());
    expect(text).toContain("Import complete");
    expect(text).toMatch(/Added: 5 Updated: 0 Closed: 1 Unchanged: 0 Rejected: 0/);
    expect(stored("select ods_code from organisation where ods_code in ('XA1', 'XB2', 'XC3')")).toHaveLength(
      3,
    );
  });

  it("writes nothing from a file with a rejected row, names the row, and keeps the choice to import the rest", async () => {
    const before = stored("select count(*) as n from organisation");
    const response = await admin.post(
      "/admin/organisations/import",
      upload(fixture("bad-rows.csv"), "etr.csv"),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("nhsuk-error-summary");
    expect(textOf(html)).toMatch(/rows? (was|were) rejected, so nothing was imported/);
    expect(html).toMatch(/<caption[^>]*>\d+ rejected rows?/);
    expect(html).toContain('href="#file"');
    expect(stored("select count(*) as n from organisation")).toEqual(before);
  });
});

describe("setting care settings from a CSV file", () => {
  it("sets the care settings of a good file", async () => {
    const response = await admin.post(
      "/admin/organisations/care-settings",
      upload("ods_code,care_setting\nZD01,acute\nZD02,mental-health\n", "settings.csv"),
    );
    expect(response.status).toBe(200);
    expect(textOf(await response.text())).toMatch(/Import complete Updated: \d Unchanged: \d Rejected: 0/);
    expect(careSetting("ZD02")).toBe("mental-health");
  });

  it("changes nothing when a row is rejected, unless the valid rows are to be applied alone", async () => {
    const file = "ods_code,care_setting\nZD02,community\nZD01,not-a-setting\n";
    const refused = await admin.post("/admin/organisations/care-settings", upload(file, "settings.csv"));
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain("Some rows were rejected, so nothing was changed");
    expect(careSetting("ZD02")).toBe("mental-health");

    const applied = await admin.post(
      "/admin/organisations/care-settings",
      upload(file, "settings.csv", true),
    );
    expect(applied.status).toBe(200);
    expect(textOf(await applied.text())).toMatch(
      /Updated: 1 Unchanged: 0 Rejected: 1 1 rejected row Line Reason 3 care setting/,
    );
    expect(careSetting("ZD02")).toBe("community");
  });
});
