import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import type { Db } from "../../db/database";
import { openTestDb } from "../support/database";
import { checkQuestionnaireText } from "../../app/questionnaire/check";
import {
  contentHash,
  getQuestionnaireVersion,
  loadQuestionnaires,
  QuestionnaireLoadError,
} from "../../app/models/questionnaire.server";
import { coreVersion } from "../support/core-version";

const root = fileURLToPath(new URL("../..", import.meta.url));
const realDir = join(root, "questionnaires");
const libraryDir = join(root, "test/fixtures/questionnaires/library");
const core = "core-digital-maturity";
const board = "board-digital-leadership";

const t0 = new Date("2026-04-01T09:00:00.000Z");
const t1 = new Date("2026-04-02T09:00:00.000Z");
const t2 = new Date("2026-04-03T09:00:00.000Z");

async function freshDb(): Promise<Db> {
  const db = await openTestDb();
  onTestFinished(() => db.dropAfter());
  return db;
}

/** A temporary copy of a questionnaires folder that a test may change. */
function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), "questionnaires-"));
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** Replaces text that occurs exactly once in a file. */
function editFile(path: string, from: string, to: string) {
  const text = readFileSync(path, "utf8");
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0)
    throw new Error(`Expected exactly one ${JSON.stringify(from)} in ${path}`);
  writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length));
}

const rows = (db: Db) =>
  db.selectFrom("questionnaire_version").selectAll().orderBy("questionnaire_id").orderBy("version").execute();
const row = (db: Db, id: string, version = 1) =>
  db
    .selectFrom("questionnaire_version")
    .selectAll()
    .where("questionnaire_id", "=", id)
    .where("version", "=", version)
    .executeTakeFirstOrThrow();

/** An organisation with an in-progress assessment on a questionnaire version: that version is now in use. */
async function startAssessment(db: Db, questionnaireId: string, version = 1) {
  await db
    .insertInto("organisation")
    .values({
      ods_code: "RXX",
      name: "Test Hospitals NHS Trust",
      care_setting: "acute",
      status: "active",
      updated_at: t0.toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto("assessment")
    .values({
      organisation_code: "RXX",
      questionnaire_id: questionnaireId,
      questionnaire_version: version,
      cycle: "2026/27",
      status: "in-progress",
      started_at: t0.toISOString(),
      updated_at: t0.toISOString(),
      care_setting: "acute",
      last_updated: t0.toISOString(),
    })
    .execute();
}

async function loadError(run: Promise<unknown>): Promise<QuestionnaireLoadError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QuestionnaireLoadError);
  return error as QuestionnaireLoadError;
}

describe("loadQuestionnaires with the real questionnaires", () => {
  it("adds every version, then finds them all unchanged", async () => {
    const db = await freshDb();
    expect(await loadQuestionnaires(db, realDir, t0)).toEqual({ added: 9, updated: 0, unchanged: 0 });
    expect(await loadQuestionnaires(db, realDir, t1)).toEqual({ added: 0, updated: 0, unchanged: 9 });

    const stored = await rows(db);
    expect(stored.map((r) => [r.questionnaire_id, r.version, r.status, r.loaded_at])).toEqual([
      [board, 1, "published", t0.toISOString()],
      [board, 2, "published", t0.toISOString()],
      [board, 3, "published", t0.toISOString()],
      [core, 1, "published", t0.toISOString()],
      [core, 2, "published", t0.toISOString()],
      [core, 3, "published", t0.toISOString()],
      [core, 4, "published", t0.toISOString()],
      ["icb-digital-maturity", 1, "published", t0.toISOString()],
      ["icb-digital-maturity", 2, "published", t0.toISOString()],
    ]);
    for (const r of stored) {
      const result = checkQuestionnaireText(
        readFileSync(join(realDir, r.questionnaire_id, `v${r.version}.yaml`), "utf8"),
      );
      if (!result.ok) throw new Error("real file does not pass the check");
      expect(JSON.parse(r.content)).toEqual(result.questionnaire);
      expect(r.title).toBe(result.questionnaire.title);
      expect(r.content_hash).toBe(contentHash(result.questionnaire));
      expect(r.content_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("loads nothing from a folder that does not exist", async () => {
    const db = await freshDb();
    expect(await loadQuestionnaires(db, join(tmpdir(), "no-such-questionnaires-folder"), t0)).toEqual({
      added: 0,
      updated: 0,
      unchanged: 0,
    });
  });
});

describe("loadQuestionnaires with changed files", () => {
  it("updates a changed published version that no assessment uses", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    await loadQuestionnaires(db, dir, t0);
    const before = await row(db, board);

    editFile(
      join(dir, board, "v1.yaml"),
      "title: Board digital leadership check\n",
      "title: Board digital leadership review\n",
    );
    expect(await loadQuestionnaires(db, dir, t1)).toEqual({ added: 0, updated: 1, unchanged: 8 });

    const after = await row(db, board);
    expect(after.title).toBe("Board digital leadership review");
    expect(JSON.parse(after.content).title).toBe("Board digital leadership review");
    expect(after.content_hash).not.toBe(before.content_hash);
    expect(after.loaded_at).toBe(t1.toISOString());
    expect((await row(db, core)).loaded_at).toBe(t0.toISOString());
  });

  it("refuses a changed version once an assessment uses it, names the file and asks for a new version", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    await loadQuestionnaires(db, dir, t0);
    await startAssessment(db, core);
    const before = await rows(db);

    const file = join(dir, core, "v1.yaml");
    editFile(
      file,
      "title: Digital maturity self-assessment\n",
      "title: Digital maturity self-assessment 2026\n",
    );
    const error = await loadError(loadQuestionnaires(db, dir, t1));

    expect(error.message).toContain(relative(process.cwd(), file));
    expect(error.message).toContain(`version 1 of "${core}" is used by 1 assessment(s)`);
    expect(error.message).toContain(`questionnaires/${core}/v2.yaml with previousVersion: 1`);
    expect(error.message).toMatch(/publish it as a new version/);
    expect(await rows(db)).toEqual(before);
  });

  it("refuses a changed descriptor in a used version just the same", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    await loadQuestionnaires(db, dir, t0);
    await startAssessment(db, core);
    const before = await rows(db);

    editFile(
      join(dir, core, "v1.yaml"),
      "Most notes, assessments and care plans are handwritten,",
      "Most notes are handwritten,",
    );
    await loadError(loadQuestionnaires(db, dir, t1));
    expect(await rows(db)).toEqual(before);
  });

  it("loads nothing at all when one used version is refused", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    await loadQuestionnaires(db, dir, t0);
    await startAssessment(db, core);
    const before = await rows(db);

    // The board questionnaire (unused, and read first) changes too; its update must be rolled back.
    editFile(
      join(dir, board, "v1.yaml"),
      "title: Board digital leadership check\n",
      "title: Board digital leadership review\n",
    );
    editFile(
      join(dir, core, "v1.yaml"),
      "title: Digital maturity self-assessment\n",
      "title: Digital maturity check\n",
    );
    await loadError(loadQuestionnaires(db, dir, t1));
    expect(await rows(db)).toEqual(before);
  });

  it("still allows retiring a used version: only the status changes", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    await loadQuestionnaires(db, dir, t0);
    await startAssessment(db, core);
    const before = await row(db, core);
    expect((await getQuestionnaireVersion(db, core, 1))?.status).toBe("published");

    editFile(join(dir, core, "v1.yaml"), "status: published\n", "status: retired\n");
    expect(await loadQuestionnaires(db, dir, t1)).toEqual({ added: 0, updated: 1, unchanged: 8 });

    const after = await row(db, core);
    expect(after.status).toBe("retired");
    expect(after.content_hash).toBe(before.content_hash);
    expect(JSON.parse(after.content).status).toBe("retired");
    expect((await getQuestionnaireVersion(db, core, 1))?.status).toBe("retired");
    expect(await loadQuestionnaires(db, dir, t2)).toEqual({ added: 0, updated: 0, unchanged: 9 });
  });

  it("takes changed mappings into a used version: they are annotations outside the frozen hash (ADR 023)", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    await loadQuestionnaires(db, dir, t0);
    await startAssessment(db, core, 3);
    const before = await row(db, core, 3);
    const patching = (content: string) =>
      JSON.parse(content)
        .themes.flatMap((t: { questions: unknown[] }) => t.questions)
        .find((q: { id: string }) => q.id === "cyber-patching").mappings;
    expect(patching(before.content)).toContainEqual({
      framework: "caf",
      code: "B4.b",
      title: "Secure configuration",
    });

    editFile(
      join(dir, core, "v3.yaml"),
      '          - { framework: caf, code: B4.b, title: "Secure configuration" }\n',
      '          - { framework: caf, code: B4.c, title: "Secure management" }\n',
    );
    expect(await loadQuestionnaires(db, dir, t1)).toEqual({ added: 0, updated: 1, unchanged: 8 });

    const after = await row(db, core, 3);
    expect(after.content_hash).toBe(before.content_hash);
    expect(after.loaded_at).toBe(t1.toISOString());
    expect(patching(after.content)).toContainEqual({
      framework: "caf",
      code: "B4.c",
      title: "Secure management",
    });
    expect(patching(after.content)).not.toContainEqual(expect.objectContaining({ code: "B4.b" }));
    const loaded = await getQuestionnaireVersion(db, core, 3);
    const question = loaded?.themes.flatMap((t) => t.questions).find((q) => q.id === "cyber-patching");
    expect(question?.mappings?.map((m) => m.code)).toContain("B4.c");
    expect(await loadQuestionnaires(db, dir, t2)).toEqual({ added: 0, updated: 0, unchanged: 9 });
  });

  it("still refuses a changed question in a used version when its mappings change too", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    await loadQuestionnaires(db, dir, t0);
    await startAssessment(db, core, 3);
    const before = await rows(db);

    const file = join(dir, core, "v3.yaml");
    editFile(
      file,
      '          - { framework: caf, code: B4.b, title: "Secure configuration" }\n',
      '          - { framework: caf, code: B4.c, title: "Secure management" }\n',
    );
    editFile(
      file,
      "text: How well do you keep systems patched and manage unsupported software?",
      "text: How well do you keep systems patched?",
    );
    const error = await loadError(loadQuestionnaires(db, dir, t1));
    expect(error.message).toContain(`version 3 of "${core}" is used by 1 assessment(s)`);
    expect(await rows(db)).toEqual(before);
  });

  it("hashes a version with mappings as it hashed the version before mappings existed", () => {
    const read = (path: string) => {
      const result = checkQuestionnaireText(readFileSync(path, "utf8"));
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.questionnaire;
    };
    const mapped = read(join(realDir, core, "v3.yaml"));
    const unmapped = {
      ...mapped,
      themes: mapped.themes.map((t) => ({
        ...t,
        questions: t.questions.map(({ mappings: _m, ...q }) => q),
      })),
    };
    expect(mapped.themes.some((t) => t.questions.some((q) => q.mappings))).toBe(true);
    expect(contentHash(mapped)).toBe(contentHash(unmapped));
    // The hash v3 was published and frozen with, before mappings existed (commit 105daa1).
    expect(contentHash(mapped)).toBe("8a0fa4a7cd6441fc7183195a7fa462d6541a422e7b3f072944ba9131cadcc7ac");
  });

  it("treats whitespace, comment, quoting and explicit-default changes as unchanged, even when used", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    await loadQuestionnaires(db, dir, t0);
    await startAssessment(db, core);
    const before = await rows(db);

    const file = join(dir, core, "v1.yaml");
    writeFileSync(
      file,
      `${readFileSync(file, "utf8").replaceAll("\n\n", "\n\n\n")}\n# A comment at the end.\n`,
    );
    editFile(file, "scoring:\n", "# Scoring is unchanged.\nscoring:   \n");
    editFile(
      file,
      "      - { value: 1, label: Not achieved, score: 0 }",
      '      - { value: 1,   label: "Not achieved", score: 0 }   # quoted',
    );
    // A folded block re-wrapped at different points reads the same.
    editFile(
      file,
      "  Assess your organisation's digital maturity across nine themes: digital records, interoperability,\n  cyber security,",
      "  Assess your organisation's digital maturity across nine themes:\n  digital records, interoperability, cyber security,",
    );
    // weight 1 is the default.
    editFile(
      file,
      "      - id: paperless-epr-coverage\n",
      "      - id: paperless-epr-coverage\n        weight: 1\n",
    );

    expect(await loadQuestionnaires(db, dir, t1)).toEqual({ added: 0, updated: 0, unchanged: 9 });
    expect(await rows(db)).toEqual(before);
  });

  it("refuses a file whose folder does not match its id, and loads nothing", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    renameSync(join(dir, board), join(dir, "board-leadership"));
    const error = await loadError(loadQuestionnaires(db, dir, t0));
    expect(error.message).toBe(
      `${relative(process.cwd(), join(dir, "board-leadership", "v1.yaml"))}: id: The file is in folder "board-leadership" but its id is "${board}"`,
    );
    expect(await rows(db)).toEqual([]);
  });

  it("refuses a file whose name does not match its version", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    renameSync(join(dir, core, "v1.yaml"), join(dir, core, "v2.yaml"));
    const error = await loadError(loadQuestionnaires(db, dir, t0));
    expect(error.message).toBe(
      `${relative(process.cwd(), join(dir, core, "v2.yaml"))}: version: Version 1 belongs in a file named v1.yaml`,
    );
    expect(await rows(db)).toEqual([]);
  });

  it("refuses a file that fails the check, naming the problem's path", async () => {
    const db = await freshDb();
    const dir = copyOf(realDir);
    const file = join(dir, board, "v1.yaml");
    editFile(file, "            nextStep: >-\n              Test the plan in an exercise.\n", "");
    const error = await loadError(loadQuestionnaires(db, dir, t0));
    expect(error.message).toBe(
      `${relative(process.cwd(), file)}: themes[1].questions[3].levels[1].nextStep: Give advice for reaching the next level`,
    );
    expect(await rows(db)).toEqual([]);
  });
});

describe("getQuestionnaireVersion", () => {
  it("returns the newest version when no version is given, or the version asked for", async () => {
    const db = await freshDb();
    expect(await loadQuestionnaires(db, libraryDir, t0)).toEqual({ added: 2, updated: 0, unchanged: 0 });

    const newest = await getQuestionnaireVersion(db, "fixture-check");
    expect(newest).toMatchObject({ id: "fixture-check", version: 2, previousVersion: 1 });
    expect((await getQuestionnaireVersion(db, "fixture-check", 1))?.version).toBe(1);
    expect((await getQuestionnaireVersion(db, "fixture-check", 2))?.version).toBe(2);
    expect(await getQuestionnaireVersion(db, "fixture-check", 3)).toBeUndefined();
    expect(await getQuestionnaireVersion(db, "no-such-questionnaire")).toBeUndefined();
  });

  it("returns the checked questionnaire, defaults filled in", async () => {
    const db = await freshDb();
    await loadQuestionnaires(db, realDir, t0);
    const v1 = checkQuestionnaireText(readFileSync(join(realDir, core, "v1.yaml"), "utf8"));
    const newest = checkQuestionnaireText(
      readFileSync(join(realDir, core, `v${coreVersion}.yaml`), "utf8"),
    );
    if (!v1.ok || !newest.ok) throw new Error("real file does not pass the check");
    // Without a version, the newest.
    expect(await getQuestionnaireVersion(db, core)).toEqual(newest.questionnaire);
    expect(await getQuestionnaireVersion(db, core, 1)).toEqual(v1.questionnaire);
  });
});
