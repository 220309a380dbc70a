import { type ExpressionBuilder, sql } from "kysely";
import type { Db } from "../../db/database";
import type { AssessmentStatus, Database } from "../../db/schema";
import { membersOfSetting } from "../benchmark/groups";
import type { Basis } from "./benchmark.server";

export interface RegionFilter {
  /** null: every organisation (the national view, for administrators). */
  regionCode: string | null;
  questionnaireId: string;
  cycle: string;
  previousCycle: string;
  /** A care setting; "acute" takes in specialist acute trusts, as the acute peer group does. */
  careSetting?: string;
  icbCode?: string;
  basis: Basis;
  /**
   * The care settings the questionnaire applies to: other organisations cannot start it, so they are not
   * rows (an ICB is not "not started" for a trust questionnaire).
   */
  applicableCareSettings?: readonly string[];
}

export interface RegionRow {
  odsCode: string;
  name: string;
  careSetting: string;
  icbCode: string | null;
  assessmentId: number | null;
  status: AssessmentStatus | "not-started";
  validation: "validated" | "queried" | null;
  scores: Record<string, number>;
  previousOverall: number | null;
}

/** The active organisations the filter selects, as "o". */
function selected(db: Db, f: RegionFilter) {
  return (
    db
      .selectFrom("organisation as o")
      .where("o.status", "=", "active")
      .$if(Boolean(f.regionCode), (q) => q.where("o.region_code", "=", f.regionCode!))
      .$if(Boolean(f.careSetting), (q) => q.where("o.care_setting", "in", membersOfSetting(f.careSetting!)))
      .$if(Boolean(f.icbCode), (q) => q.where("o.icb_code", "=", f.icbCode!))
      // Only organisations the questionnaire applies to (it always names at least one care setting).
      .$if(Boolean(f.applicableCareSettings), (q) =>
        q.where("o.care_setting", "in", [...f.applicableCareSettings!]),
      )
  );
}

/** The organisation's latest assessment of the questionnaire and cycle (a later one replaces an earlier). */
const latestAssessment =
  (f: RegionFilter) => (eb: ExpressionBuilder<Database & { o: Database["organisation"] }, "o">) =>
    eb
      .selectFrom("assessment as a2")
      .select((e) => e.fn.max("a2.id").as("id"))
      .whereRef("a2.organisation_code", "=", "o.ods_code")
      .where("a2.questionnaire_id", "=", f.questionnaireId)
      .where("a2.cycle", "=", f.cycle);

/** How many organisations the filter selects. */
export async function countRegionRows(db: Db, f: RegionFilter): Promise<number> {
  const row = await selected(db, f)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Completion: how many selected organisations are in each state, and validated or queried, counted in SQL. */
export async function regionCompletion(db: Db, f: RegionFilter) {
  const rows = await selected(db, f)
    .leftJoin("assessment as a", (join) => join.on((eb) => eb("a.id", "=", latestAssessment(f)(eb as never))))
    .leftJoin("assessment_validation as v", "v.assessment_id", "a.id")
    .select((eb) => ["a.status", "v.status as validation", eb.fn.countAll<number>().as("n")])
    .groupBy(["a.status", "v.status"])
    .execute();
  const completion = {
    "not-started": 0,
    "in-progress": 0,
    submitted: 0,
    "signed-off": 0,
    validated: 0,
    queried: 0,
  };
  for (const r of rows) {
    completion[r.status ?? "not-started"] += Number(r.n);
    if (r.validation) completion[r.validation] += Number(r.n);
  }
  return completion;
}

/**
 * One page of the selected organisations, with each one's assessment state and current and previous scores,
 * sorted and paged in SQL: the page's cost does not grow with the region. `sort` is "name" or a theme id (or
 * "overall"): by that score, highest first, unscored last, then by name. `limit` null gives every row (the CSV).
 */
export async function regionRows(
  db: Db,
  f: RegionFilter,
  { sort = "name", offset = 0, limit = null }: { sort?: string; offset?: number; limit?: number | null } = {},
): Promise<RegionRow[]> {
  let q = selected(db, f)
    .leftJoin("organisation_score as cur", (join) => {
      const j = join
        .onRef("cur.organisation_code", "=", "o.ods_code")
        .on("cur.questionnaire_id", "=", f.questionnaireId)
        .on("cur.cycle", "=", f.cycle);
      return f.basis === "validated" ? j.on("cur.validated", "=", 1) : j;
    })
    .leftJoin("organisation_score as prev", (join) =>
      join
        .onRef("prev.organisation_code", "=", "o.ods_code")
        .on("prev.questionnaire_id", "=", f.questionnaireId)
        .on("prev.cycle", "=", f.previousCycle),
    )
    .select([
      "o.ods_code",
      "o.name",
      "o.care_setting",
      "o.icb_code",
      "cur.scores",
      "prev.scores as previous",
    ]);
  if (sort !== "name") {
    q = q
      .leftJoin("report_score as sorted", (join) =>
        join.onRef("sorted.report_id", "=", "cur.report_id").on("sorted.theme_id", "=", sort),
      )
      .orderBy(sql`coalesce(sorted.score, -1)`, "desc");
  }
  q = q.orderBy("o.name").orderBy("o.ods_code");
  if (limit !== null) q = q.limit(limit).offset(offset);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const assessments = await db
    .selectFrom("assessment")
    .leftJoin("assessment_validation", "assessment_validation.assessment_id", "assessment.id")
    .select([
      "assessment.id",
      "assessment.organisation_code",
      "assessment.status",
      "assessment_validation.status as validation",
    ])
    .where("assessment.questionnaire_id", "=", f.questionnaireId)
    .where("assessment.cycle", "=", f.cycle)
    .$if(limit !== null, (qq) =>
      qq.where(
        "assessment.organisation_code",
        "in",
        rows.map((r) => r.ods_code),
      ),
    )
    .$if(limit === null && Boolean(f.regionCode), (qq) =>
      qq.where("assessment.organisation_code", "in", (eb) =>
        eb.selectFrom("organisation").select("ods_code").where("region_code", "=", f.regionCode!),
      ),
    )
    .orderBy("assessment.id")
    .execute();
  const assessmentBy = new Map(assessments.map((a) => [a.organisation_code, a])); // later ids win
  return rows.map((o) => {
    const a = assessmentBy.get(o.ods_code);
    const previous = o.previous ? (JSON.parse(o.previous) as Record<string, number>) : null;
    return {
      odsCode: o.ods_code,
      name: o.name,
      careSetting: o.care_setting,
      icbCode: o.icb_code,
      assessmentId: a?.id ?? null,
      status: a?.status ?? "not-started",
      validation: a?.validation ?? null,
      scores: o.scores ? (JSON.parse(o.scores) as Record<string, number>) : {},
      previousOverall: previous?.overall ?? null,
    };
  });
}

/**
 * The peer group whose stored distribution (the benchmark table, kept current at submission) is the
 * filter's, when there is one: the region, the region's care setting, the ICB, the nation or its care
 * setting. Null when the filter combines an ICB with a care setting (worked out from the rows instead).
 */
export function groupOfFilter(f: RegionFilter): string | null {
  if (f.icbCode) return f.careSetting ? null : `icb:${f.icbCode}`;
  if (f.regionCode)
    return f.careSetting ? `setting-region:${f.careSetting}:${f.regionCode}` : `region:${f.regionCode}`;
  return f.careSetting ? `setting:${f.careSetting}` : "all";
}

/** The integrated care boards of a region's organisations, by name (the code where the ICB is not on file). */
export async function regionIcbs(db: Db, regionCode: string | null) {
  const rows = await db
    .selectFrom("organisation as o")
    .leftJoin("organisation as icb", "icb.ods_code", "o.icb_code")
    .select(["o.icb_code as code", "icb.name"])
    .distinct()
    .where("o.icb_code", "is not", null)
    .$if(Boolean(regionCode), (q) => q.where("o.region_code", "=", regionCode!))
    .execute();
  return rows
    .map((r) => ({ code: r.code!, name: r.name ?? r.code! }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function cyclesWithAssessments(db: Db, questionnaireId: string) {
  const rows = await db
    .selectFrom("assessment")
    .select("cycle")
    .distinct()
    .where("questionnaire_id", "=", questionnaireId)
    .orderBy("cycle", "desc")
    .execute();
  return rows.map((r) => r.cycle);
}

/** The selected organisations' current scores by theme, ascending: for filters no stored group matches. */
export async function regionScores(db: Db, f: RegionFilter): Promise<Map<string, number[]>> {
  const rows = await selected(db, f)
    .innerJoin("organisation_score as cur", "cur.organisation_code", "o.ods_code")
    .innerJoin("report_score as s", "s.report_id", "cur.report_id")
    .select(["s.theme_id", "s.score"])
    .where("cur.questionnaire_id", "=", f.questionnaireId)
    .where("cur.cycle", "=", f.cycle)
    .$if(f.basis === "validated", (q) => q.where("cur.validated", "=", 1))
    .orderBy("s.theme_id")
    .orderBy("s.score")
    .execute();
  const byTheme = new Map<string, number[]>();
  for (const r of rows) byTheme.set(r.theme_id, [...(byTheme.get(r.theme_id) ?? []), r.score]);
  return byTheme;
}

/**
 * A peer group's stored scores in each of the given cycles, by theme (the benchmark table: one primary-key
 * read per cycle and theme): the regional view's trajectory.
 */
export async function groupScoresByCycle(
  db: Db,
  questionnaireId: string,
  cycles: readonly string[],
  basis: "submitted" | "validated",
  groupKey: string,
) {
  if (cycles.length === 0) return [];
  const rows = await db
    .selectFrom("benchmark")
    .select(["cycle", "theme_id", "scores"])
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "in", cycles)
    .where("basis", "=", basis)
    .where("group_key", "=", groupKey)
    .execute();
  return rows.map((r) => ({ cycle: r.cycle, themeId: r.theme_id, scores: JSON.parse(r.scores) as number[] }));
}
