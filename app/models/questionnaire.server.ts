import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { type Db, dialectOf } from "../../db/database";
import { config } from "../config.server";
import { checkQuestionnaireText, lineageProblems, type Problem, type Warning } from "../questionnaire/check";
import { type Questionnaire, QuestionnaireSchema } from "../questionnaire/schema";

/** Questionnaire files live at questionnaires/<id>/v<version>.yaml. */
export const questionnairesDir = () => resolve(config().QUESTIONNAIRES_DIR);

export interface QuestionnaireFile {
  file: string;
  questionnaire?: Questionnaire;
  problems: Problem[];
  /** Wording warnings; they never stop a load. */
  warnings: Warning[];
  /** Whether a later version of the same questionnaire exists (so this one can no longer change). */
  superseded: boolean;
}

/** Reads and checks every questionnaire file, including lineage between consecutive versions. */
export function readQuestionnaireFiles(dir = questionnairesDir()): QuestionnaireFile[] {
  if (!existsSync(dir)) return [];
  const files: QuestionnaireFile[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    for (const name of readdirSync(join(dir, folder))
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()) {
      const path = join(dir, folder, name);
      const file = relative(process.cwd(), path);
      const result = checkQuestionnaireText(readFileSync(path, "utf8"));
      if (!result.ok) {
        files.push({ file, problems: result.problems, warnings: [], superseded: false });
        continue;
      }
      const q = result.questionnaire;
      const expected = `v${q.version}.yaml`;
      const problems: Problem[] = [];
      if (folder !== q.id)
        problems.push({ path: "id", message: `The file is in folder "${folder}" but its id is "${q.id}"` });
      if (name !== expected)
        problems.push({
          path: "version",
          message: `Version ${q.version} belongs in a file named ${expected}`,
        });
      files.push({ file, questionnaire: q, problems, warnings: result.warnings, superseded: false });
    }
  }
  for (const entry of files) {
    const q = entry.questionnaire;
    entry.superseded = files.some(
      (f) => q && f.questionnaire?.id === q.id && f.questionnaire.version > q.version,
    );
  }
  for (const entry of files) {
    const q = entry.questionnaire;
    if (!q || q.previousVersion === undefined) continue;
    const previous = files.find(
      (f) => f.questionnaire?.id === q.id && f.questionnaire.version === q.previousVersion,
    );
    entry.problems.push(...lineageProblems(q, previous?.questionnaire));
  }
  return files;
}

export function formatProblems(file: string, problems: Problem[]): string {
  return problems.map((p) => `${file}: ${p.path}: ${p.message}`).join("\n");
}

export class QuestionnaireLoadError extends Error {}

/**
 * What freezing protects: everything but the status (so a used version can still be retired) and the
 * questions' outcome mappings (annotations that change no question, answer or score: ADR 023). A version
 * without mappings hashes exactly as it did before mappings existed.
 */
export function contentHash(q: Questionnaire): string {
  const { status: _status, $schema: _schema, ...frozen } = q;
  const themes = frozen.themes.map((theme) => ({
    ...theme,
    questions: theme.questions.map(({ mappings: _mappings, ...question }) => question),
  }));
  return createHash("sha256")
    .update(JSON.stringify({ ...frozen, themes }))
    .digest("hex");
}

/**
 * Loads every questionnaire version into the database, idempotently. A version that any assessment uses is
 * frozen: a changed file for it is refused, and nothing is loaded.
 */
export async function loadQuestionnaires(db: Db, dir = questionnairesDir(), now = new Date()) {
  const files = readQuestionnaireFiles(dir);
  const broken = files.find((f) => f.problems.length > 0);
  if (broken) throw new QuestionnaireLoadError(formatProblems(broken.file, broken.problems));
  const summary = { added: 0, updated: 0, unchanged: 0 };
  parsed.clear();
  await db.transaction().execute(async (trx) => {
    for (const { file, questionnaire: q } of files) {
      if (!q) continue;
      const hash = contentHash(q);
      const row = {
        title: q.title,
        status: q.status,
        content: JSON.stringify(q),
        content_hash: hash,
        loaded_at: now.toISOString(),
      };
      const existing = await trx
        .selectFrom("questionnaire_version")
        .select(["content_hash", "status", "content"])
        .where("questionnaire_id", "=", q.id)
        .where("version", "=", q.version)
        .executeTakeFirst();
      if (!existing) {
        await trx
          .insertInto("questionnaire_version")
          .values({ questionnaire_id: q.id, version: q.version, ...row })
          .execute();
        summary.added++;
        continue;
      }
      // Same hash and status but other content: only the mappings changed, which a used version allows.
      if (
        existing.content_hash === hash &&
        existing.status === q.status &&
        existing.content === row.content
      ) {
        summary.unchanged++;
        continue;
      }
      if (existing.content_hash !== hash || q.status === "draft") {
        const inUse = await trx
          .selectFrom("assessment")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("questionnaire_id", "=", q.id)
          .where("questionnaire_version", "=", q.version)
          .executeTakeFirstOrThrow();
        if (Number(inUse.n) > 0 && q.status === "draft") {
          throw new QuestionnaireLoadError(
            `${file}: version ${q.version} of "${q.id}" is used by ${inUse.n} assessment(s), so it cannot go back to draft. Publish a new version instead.`,
          );
        }
        if (Number(inUse.n) > 0) {
          throw new QuestionnaireLoadError(
            `${file}: version ${q.version} of "${q.id}" is used by ${inUse.n} assessment(s), so it is frozen and cannot change. ` +
              `Undo the change, and publish it as a new version instead: questionnaires/${q.id}/v${q.version + 1}.yaml with previousVersion: ${q.version}.`,
          );
        }
      }
      await trx
        .updateTable("questionnaire_version")
        .set(row)
        .where("questionnaire_id", "=", q.id)
        .where("version", "=", q.version)
        .execute();
      summary.updated++;
    }
  });
  return summary;
}

/**
 * Parsed questionnaire versions, by id and version, with the content hash they were parsed from. On SQLite,
 * versions change only when this process loads the files at start (which empties the cache), and a used
 * version never changes, so a hit needs no query at all. On PostgreSQL another server may load changed files
 * for a version no assessment uses yet, so each hit first reads the version's hash (one small indexed row)
 * and parses again when it differs: no server acts on a version another has replaced. At most one entry per
 * stored version, so the cache is bounded by the questionnaire_version table.
 */
const parsed = new Map<string, { hash: string; questionnaire: Questionnaire }>();

/** A stored questionnaire version (the newest when no version is given), parsed once. */
export async function getQuestionnaireVersion(
  db: Db,
  id: string,
  version?: number,
  { inUse = false }: { inUse?: boolean } = {},
): Promise<Questionnaire | undefined> {
  if (version === undefined) {
    const newest = await db
      .selectFrom("questionnaire_version")
      .select("version")
      .where("questionnaire_id", "=", id)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
    return newest && getQuestionnaireVersion(db, id, newest.version);
  }
  const key = `${id}@${version}`;
  const hit = parsed.get(key);
  // A version an assessment is answered on is frozen (ADR 004): what was parsed is what is stored, everywhere.
  if (hit && (inUse || dialectOf(db) === "sqlite")) return hit.questionnaire;
  const stored = db
    .selectFrom("questionnaire_version")
    .where("questionnaire_id", "=", id)
    .where("version", "=", version);
  if (hit) {
    const current = await stored.select(["content_hash", "loaded_at"]).executeTakeFirst();
    if (!current) return undefined;
    if (`${current.content_hash} ${current.loaded_at}` === hit.hash) return hit.questionnaire;
  }
  const row = await stored.select(["content", "content_hash", "loaded_at"]).executeTakeFirst();
  if (!row) return undefined;
  const questionnaire = QuestionnaireSchema.parse(JSON.parse(row.content));
  // The hash covers everything but the status; loaded_at moves whenever a load changes the row at all.
  parsed.set(key, { hash: `${row.content_hash} ${row.loaded_at}`, questionnaire });
  return questionnaire;
}

/** Each questionnaire's id and the title of its newest version, by title (the regional view's choice). */
export async function questionnaireTitles(db: Db): Promise<{ id: string; title: string }[]> {
  const rows = await db
    .selectFrom("questionnaire_version")
    .select(["questionnaire_id", "title"])
    .orderBy("questionnaire_id")
    .orderBy("version", "desc")
    .execute();
  return [...new Map(rows.map((r) => [r.questionnaire_id, r.title] as const).reverse())]
    .map(([id, title]) => ({ id, title }))
    .sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
}

/** Every stored version, newest first within each questionnaire, with how many assessments use it. */
export async function listQuestionnaireVersions(db: Db) {
  return db
    .selectFrom("questionnaire_version")
    .select(["questionnaire_id", "version", "title", "status", "loaded_at"])
    .select((eb) =>
      eb
        .selectFrom("assessment")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("assessment.questionnaire_id", "=", "questionnaire_version.questionnaire_id")
        .whereRef("assessment.questionnaire_version", "=", "questionnaire_version.version")
        .as("assessments"),
    )
    .orderBy("questionnaire_id")
    .orderBy("version", "desc")
    .execute();
}

/** The frozen questionnaire version an assessment is answered on: always there (versions in use never go). */
export async function assessmentQuestionnaire(
  db: Db,
  assessment: { questionnaire_id: string; questionnaire_version: number },
): Promise<Questionnaire> {
  const questionnaire = await getQuestionnaireVersion(
    db,
    assessment.questionnaire_id,
    assessment.questionnaire_version,
    { inUse: true },
  );
  if (!questionnaire)
    throw new Error(
      `Questionnaire ${assessment.questionnaire_id} v${assessment.questionnaire_version} is missing`,
    );
  return questionnaire;
}
