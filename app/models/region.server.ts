import type { Db } from "../../db/database";
import type { AssessmentStatus } from "../../db/schema";
import type { Basis } from "./benchmark.server";

export interface RegionFilter {
  /** null: every organisation (the national view, for administrators). */
  regionCode: string | null;
  questionnaireId: string;
  cycle: string;
  previousCycle: string;
  careSetting?: string;
  icbCode?: string;
  basis: Basis;
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

/**
 * Every organisation of a region (or the nation) with its assessment's state for the cycle and the scores
 * of its latest submitted report: the rows of the regional view and its CSV. Four queries, whatever the size.
 */
export async function regionRows(db: Db, f: RegionFilter): Promise<RegionRow[]> {
  let organisations = db
    .selectFrom("organisation")
    .select(["ods_code", "name", "care_setting", "icb_code"])
    .where("status", "=", "active")
    .orderBy("name");
  if (f.regionCode) organisations = organisations.where("region_code", "=", f.regionCode);
  if (f.careSetting) organisations = organisations.where("care_setting", "=", f.careSetting);
  if (f.icbCode) organisations = organisations.where("icb_code", "=", f.icbCode);
  const [orgRows, assessments, current, previous] = await Promise.all([
    organisations.execute(),
    db
      .selectFrom("assessment")
      .innerJoin("organisation", "organisation.ods_code", "assessment.organisation_code")
      .leftJoin("assessment_validation", "assessment_validation.assessment_id", "assessment.id")
      .select([
        "assessment.id",
        "assessment.organisation_code",
        "assessment.status",
        "assessment_validation.status as validation",
      ])
      .where("assessment.questionnaire_id", "=", f.questionnaireId)
      .where("assessment.cycle", "=", f.cycle)
      .$if(Boolean(f.regionCode), (q) => q.where("organisation.region_code", "=", f.regionCode!))
      .orderBy("assessment.id")
      .execute(),
    latestScores(db, f, f.cycle, f.basis),
    latestScores(db, f, f.previousCycle, "submitted"),
  ]);
  const assessmentBy = new Map(assessments.map((a) => [a.organisation_code, a])); // later ids win
  return orgRows.map((o) => {
    const a = assessmentBy.get(o.ods_code);
    return {
      odsCode: o.ods_code,
      name: o.name,
      careSetting: o.care_setting,
      icbCode: o.icb_code,
      assessmentId: a?.id ?? null,
      status: a?.status ?? "not-started",
      validation: a?.validation ?? null,
      scores: current.get(o.ods_code) ?? {},
      previousOverall: previous.get(o.ods_code)?.overall ?? null,
    };
  });
}

/** Each organisation's current scores for the cycle (organisation_score, kept current at submission). */
async function latestScores(db: Db, f: RegionFilter, cycle: string, basis: Basis) {
  const rows = await db
    .selectFrom("organisation_score")
    .innerJoin("organisation", "organisation.ods_code", "organisation_score.organisation_code")
    .select(["organisation_score.organisation_code", "organisation_score.scores"])
    .where("organisation_score.questionnaire_id", "=", f.questionnaireId)
    .where("organisation_score.cycle", "=", cycle)
    .$if(Boolean(f.regionCode), (q) => q.where("organisation.region_code", "=", f.regionCode!))
    .$if(basis === "validated", (q) => q.where("organisation_score.validated", "=", 1))
    .execute();
  return new Map(rows.map((r) => [r.organisation_code, JSON.parse(r.scores) as Record<string, number>]));
}

export async function regionIcbs(db: Db, regionCode: string | null) {
  const rows = await db
    .selectFrom("organisation")
    .select("icb_code")
    .distinct()
    .where("icb_code", "is not", null)
    .$if(Boolean(regionCode), (q) => q.where("region_code", "=", regionCode!))
    .orderBy("icb_code")
    .execute();
  return rows.map((r) => r.icb_code!);
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
