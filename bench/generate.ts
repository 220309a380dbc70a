// A national-scale synthetic data set: 10,000 organisations, three cycles, every question answered, reports
// and benchmarks as submission would leave them. Writes in bulk (no per-answer history), so it takes a
// minute or two rather than hours. Used by bench/run.ts; run alone with `npx tsx bench/generate.ts FILE [N]`.
import { rmSync } from "node:fs";
import { sql } from "kysely";
import { dialectOf, isPostgresUrl, migrateToLatest, openDatabase } from "../db/database";
import { hashPassword } from "../app/auth/password.server";
import { compare } from "../app/benchmark/compare";
import { defaultDisclosureRule } from "../app/benchmark/disclosure";
import { standardGroups } from "../app/benchmark/groups";
import type { CareSetting, RegionCode } from "../app/domain/organisation";
import { regionCodes } from "../app/domain/organisation";
import { refreshBenchmarks } from "../app/models/benchmark.server";
import { demoAnswers } from "../app/models/demo-assessments.server";
import { encodeReport } from "../app/models/report.server";
import { getQuestionnaireVersion, loadQuestionnaires } from "../app/models/questionnaire.server";
import type { Questionnaire } from "../app/questionnaire/schema";
import { buildReport, type PreviousScores, scoresByTheme } from "../app/report/report";

export const benchPassword = "bench-password-2026";
export const cycles = ["2024/25", "2025/26", "2026/27"];
const settingShares: [CareSetting, number][] = [
  ["acute", 0.4],
  ["specialist-acute", 0.08],
  ["mental-health", 0.2],
  ["community", 0.12],
  ["ambulance", 0.05],
  ["icb", 0.15],
];

export interface GeneratedOrganisation {
  odsCode: string;
  name: string;
  careSetting: CareSetting;
  regionCode: RegionCode;
  icbCode: string;
}

function organisationsFor(count: number): GeneratedOrganisation[] {
  const result: GeneratedOrganisation[] = [];
  for (let i = 0; i < count; i++) {
    const regionCode = regionCodes[i % regionCodes.length]!;
    let pick = ((i * 7919) % count) / count;
    let careSetting: CareSetting = "acute";
    for (const [setting, share] of settingShares) {
      if (pick < share) {
        careSetting = setting;
        break;
      }
      pick -= share;
    }
    result.push({
      odsCode: `N${String(i + 1).padStart(5, "0")}`,
      name: `Synthetic Organisation ${i + 1}`,
      careSetting,
      regionCode,
      icbCode: `QB${regionCode.slice(1)}${Math.floor(i / regionCodes.length) % 6}`,
    });
  }
  return result;
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>, size = 400) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface Generated {
  organisations: GeneratedOrganisation[];
  /** Assessments left in progress for the autosave benchmark, with the contributor who may edit them. */
  openAssessments: { id: number; odsCode: string }[];
  contributorEmail: string;
  analystEmail: string;
  adminEmail: string;
  sampleReportId: number;
}

export async function generate(
  path: string,
  count = 10_000,
  open = 200,
  log = (m: string) => console.info(m),
): Promise<Generated> {
  // A SQLite file is written afresh; a PostgreSQL database (a postgres:// URL) must be new and empty.
  if (!isPostgresUrl(path)) {
    rmSync(path, { force: true });
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
  }
  const db = openDatabase(path);
  await migrateToLatest(db);
  await loadQuestionnaires(db);
  const core = (await getQuestionnaireVersion(db, "core-digital-maturity", 1))!;
  const board = (await getQuestionnaireVersion(db, "board-digital-leadership", 1))!;
  const at = new Date("2026-11-01T09:00:00.000Z").toISOString();
  const organisations = organisationsFor(count);
  const result = await db.transaction().execute(async (trx) => {
    await insertInBatches(organisations, (batch) =>
      trx
        .insertInto("organisation")
        .values(
          batch.map((o) => ({
            ods_code: o.odsCode,
            name: o.name,
            care_setting: o.careSetting,
            region_code: o.regionCode,
            icb_code: o.icbCode,
            status: "active" as const,
            opened_on: null,
            closed_on: null,
            updated_at: at,
          })),
        )
        .execute(),
    );
    const hash = await hashPassword(benchPassword);
    const person = async (email: string, name: string) =>
      (
        await trx
          .insertInto("person")
          .values({ email, name, password_hash: hash, created_at: at })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const generator = await person("generator@bench.example", "Generated data");
    const contributor = await person("contributor@bench.example", "Bench contributor");
    const analyst = await person("analyst@bench.example", "Bench analyst");
    const admin = await person("admin@bench.example", "Bench administrator");
    const openOrganisations = organisations.filter((o) => o.careSetting !== "icb").slice(0, open);
    await trx
      .insertInto("role_assignment")
      .values([
        ...openOrganisations.map((o) => ({
          person_id: contributor,
          role: "contributor",
          organisation_code: o.odsCode,
          region_code: null,
          created_at: at,
        })),
        {
          person_id: analyst,
          role: "regional-analyst",
          organisation_code: null,
          region_code: "Y56",
          created_at: at,
        },
        {
          person_id: admin,
          role: "administrator",
          organisation_code: null,
          region_code: null,
          created_at: at,
        },
      ])
      .execute();
    log(`  ${organisations.length} organisations`);

    let assessmentId = 0;
    let reportId = 0;
    const openIds: { id: number; odsCode: string }[] = [];
    const previous = new Map<string, PreviousScores>();
    const reports: {
      id: number;
      organisation: GeneratedOrganisation;
      q: Questionnaire;
      cycle: string;
      report: ReturnType<typeof buildReport>;
    }[] = [];
    for (const [index, cycle] of cycles.entries()) {
      const current = index === cycles.length - 1;
      for (const organisation of organisations) {
        const q = organisation.careSetting === "icb" ? board : core;
        const id = ++assessmentId;
        const isOpen = current && openOrganisations.includes(organisation);
        if (isOpen) openIds.push({ id, odsCode: organisation.odsCode });
        await trx
          .insertInto("assessment")
          .values({
            id,
            organisation_code: organisation.odsCode,
            questionnaire_id: q.id,
            questionnaire_version: q.version,
            cycle,
            status: isOpen ? "in-progress" : current ? "submitted" : "signed-off",
            started_by: generator,
            started_at: at,
            submitted_at: isOpen ? null : at,
            updated_at: at,
            care_setting: organisation.careSetting,
            last_updated: at,
          })
          .execute();
        await trx
          .insertInto("assessment_version")
          .values({
            assessment_id: id,
            version: 1,
            status: isOpen ? "in-progress" : current ? "submitted" : "signed-off",
            last_updated: at,
          })
          .execute();
        const answers = demoAnswers(q, organisation, index, 1);
        const themeOf = new Map(q.themes.flatMap((t) => t.questions.map((x) => [x.id, t.id] as const)));
        await trx
          .insertInto("answer")
          .values(
            answers.map((a) => ({
              assessment_id: id,
              question_id: a.questionId,
              theme_id: themeOf.get(a.questionId)!,
              value: a.value === null ? null : JSON.stringify(a.value),
              not_applicable_reason: a.notApplicableReason,
              evidence: a.evidence,
              evidence_links: "[]",
              revision: 1,
              updated_by: generator,
              updated_at: at,
            })),
          )
          .execute();
        if (isOpen) continue;
        const key = `${organisation.odsCode}:${q.id}`;
        const report = buildReport({
          questionnaire: q,
          organisation,
          assessment: { id, cycle, status: current ? "submitted" : "signed-off" },
          answers: new Map(answers.map((a) => [a.questionId, a])),
          previous: previous.get(key) ?? null,
        });
        const rid = ++reportId;
        const scores = scoresByTheme(report);
        previous.set(key, {
          cycle,
          reportId: rid,
          questionnaireVersion: q.version,
          overall: report.overall.score,
          themes: scores,
        });
        await trx
          .insertInto("report")
          .values({
            id: rid,
            assessment_id: id,
            organisation_code: organisation.odsCode,
            questionnaire_id: q.id,
            questionnaire_version: q.version,
            cycle,
            scoring_method_version: report.scoringMethodVersion,
            overall_score: report.overall.score,
            content: "",
            created_at: at,
          })
          .execute();
        const rows = Object.entries(scores).filter((e): e is [string, number] => e[1] !== null);
        if (rows.length > 0)
          await trx
            .insertInto("report_score")
            .values(rows.map(([theme_id, score]) => ({ report_id: rid, theme_id, score })))
            .execute();
        await trx
          .insertInto("organisation_score")
          .values({
            questionnaire_id: q.id,
            cycle,
            organisation_code: organisation.odsCode,
            report_id: rid,
            validated: 0,
            scores: JSON.stringify(Object.fromEntries(rows)),
          })
          .execute();
        reports.push({ id: rid, organisation, q, cycle, report });
      }
      log(`  cycle ${cycle}: ${organisations.length} assessments`);
    }

    const keys = [...new Set(organisations.flatMap((o) => standardGroups(o).map((g) => g.key)))];
    for (const q of [core, board])
      for (const cycle of cycles) await refreshBenchmarks(trx, q.id, cycle, keys);
    log(`  benchmarks for ${keys.length} peer groups`);

    const distributions = new Map<string, Map<string, number[]>>();
    const rows = await trx
      .selectFrom("benchmark")
      .select(["questionnaire_id", "cycle", "group_key", "theme_id", "scores"])
      .where("basis", "=", "submitted")
      .execute();
    for (const r of rows) {
      const k = `${r.questionnaire_id}|${r.cycle}`;
      const themes = distributions.get(`${k}|${r.group_key}`) ?? new Map<string, number[]>();
      themes.set(r.theme_id, JSON.parse(r.scores));
      distributions.set(`${k}|${r.group_key}`, themes);
    }
    for (const { id, organisation, q, cycle, report } of reports) {
      const groups = standardGroups(organisation);
      const byGroup = new Map(
        groups.map((g) => [g.key, distributions.get(`${q.id}|${cycle}|${g.key}`) ?? new Map()]),
      );
      const saved = {
        ...report,
        comparisons: compare(scoresByTheme(report), groups, byGroup, "submitted", defaultDisclosureRule),
      };
      await trx
        .updateTable("report")
        .set({ content: encodeReport(saved) })
        .where("id", "=", id)
        .execute();
    }
    log(`  ${reports.length} saved reports`);
    return {
      organisations,
      openAssessments: openIds,
      contributorEmail: "contributor@bench.example",
      analystEmail: "analyst@bench.example",
      adminEmail: "admin@bench.example",
      sampleReportId: reports
        .filter(
          (r) =>
            r.cycle === cycles.at(-1) &&
            r.organisation.regionCode === "Y56" &&
            r.organisation.careSetting === "acute",
        )
        .at(-1)!.id,
    };
  });
  if (dialectOf(db) === "postgres") {
    // The generator numbers assessments and reports itself: move the identity sequences past them, and
    // give the planner statistics for the bulk-loaded tables, as autovacuum would soon.
    for (const table of ["assessment", "report"] as const)
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
        db,
      );
    await sql`analyze`.execute(db);
  }
  await db.destroy();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file = "bench/results/national.sqlite", n = "10000"] = process.argv.slice(2);
  const started = performance.now();
  await generate(file, Number(n));
  console.info(`Generated ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
