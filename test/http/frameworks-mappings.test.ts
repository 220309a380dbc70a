import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeEntities, openDatabase, signIn } from "../support/assessment";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import { coreVersion } from "../support/core-version";

// ADR 023 end to end: a server restarted on a database whose assessments use the current core version (the
// demo's current cycle) takes a change to its mappings alone (and the CAF view follows it), and still refuses
// to start when one of its questions changes.

let database: TestDatabase;
let dir: string;
let server: RunningServer | undefined;
let assessmentId: number;
const current = () => join(dir, "core-digital-maturity", `v${coreVersion}.yaml`);

function edit(from: string, to: string) {
  const text = readFileSync(current(), "utf8");
  expect(text.split(from)).toHaveLength(2);
  writeFileSync(current(), text.replace(from, to));
}

const section = (html: string, code: string) => {
  const id = `outcome-${code.toLowerCase().replace(".", "-")}-heading`;
  const start = html.indexOf(`id="${id}"`);
  return start < 0 ? "" : html.slice(start, html.indexOf("</section>", start));
};
const patchingLink = "#question-cyber-patching";

async function cafView() {
  const analyst = await signIn(server!, "analyst");
  const response = await analyst.get(`/assessments/${assessmentId}/frameworks/caf`);
  expect(response.status).toBe(200);
  return decodeEntities(await response.text());
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "questionnaires-"));
  cpSync(join(process.cwd(), "questionnaires"), dir, { recursive: true });
  server = await startServer({ QUESTIONNAIRES_DIR: dir }, { database });
  const db = openDatabase(server);
  assessmentId = (
    db
      .prepare(
        `SELECT a.id FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code
         WHERE a.questionnaire_id = 'core-digital-maturity' AND a.questionnaire_version = ? AND o.region_code = 'Y56'
         ORDER BY a.id LIMIT 1`,
      )
      .get(coreVersion) as { id: number }
  ).id;
  db.close();
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("mappings of a version in use (ADR 023)", () => {
  it("are taken at the next start when only they change, and the CAF view follows them", async () => {
    let html = await cafView();
    expect(section(html, "B4.b")).toContain(patchingLink);
    expect(section(html, "B4.c")).toContain("No question of this questionnaire maps to this outcome.");
    await server!.stop();
    server = undefined;

    edit(
      '          - { framework: caf, code: B4.b, title: "Secure configuration" }\n',
      '          - { framework: caf, code: B4.c, title: "Secure management" }\n',
    );
    server = await startServer({ QUESTIONNAIRES_DIR: dir }, { database });
    html = await cafView();
    expect(section(html, "B4.c")).toContain(patchingLink);
    expect(section(html, "B4.b")).toContain("No question of this questionnaire maps to this outcome.");
  }, 180_000);

  it("do not open the door to any other change: a changed question stops the start", async () => {
    await server!.stop();
    server = undefined;
    edit(
      "text: How well do you keep systems patched and manage unsupported software?",
      "text: How well do you keep systems patched?",
    );
    const error = await startServer({ QUESTIONNAIRES_DIR: dir }, { database }).then(
      (started) => {
        server = started;
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(`version ${coreVersion} of "core-digital-maturity" is used by`);
    expect(error?.message).toContain("so it is frozen and cannot change");
  }, 180_000);
});
