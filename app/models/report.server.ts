import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Actor } from "./audit.server";
import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/database";
import type { Database } from "../../db/schema";
import { assertTransaction } from "../../db/errors";
import type { CareSetting } from "../domain/organisation";
import type { Questionnaire } from "../questionnaire/schema";
import { compare } from "../benchmark/compare";
import { quantile } from "../benchmark/stats";
import { disclosureRule } from "../config.server";
import { buildReport, type PreviousScores, type Report, scoresByTheme } from "../report/report";
import { reviewAssessment } from "./assessment.server";
import { loadAnswers } from "./answer.server";
import { checkTargets } from "../plan/plan";
import { previousPlanCheck } from "./plan.server";
import { type Basis, peerGroupsOf, readBenchmarks, refreshForOrganisation } from "./benchmark.server";

/** The organisation's latest saved report for the same questionnaire from an earlier cycle. */
export async function previousScores(
  db: Db,
  organisationCode: string,
  questionnaireId: string,
  cycle: string,
): Promise<PreviousScores | null> {
  const row = await db
    .selectFrom("report")
    .select(["id", "cycle", "questionnaire_version"])
    .where("organisation_code", "=", organisationCode)
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "<", cycle)
    .orderBy("cycle", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const scores = await db
    .selectFrom("report_score")
    .select(["theme_id", "score"])
    .where("report_id", "=", row.id)
    .execute();
  const byTheme: Record<string, number | null> = Object.fromEntries(scores.map((s) => [s.theme_id, s.score]));
  return {
    cycle: row.cycle,
    reportId: row.id,
    questionnaireVersion: row.questionnaire_version,
    overall: byTheme.overall ?? null,
    themes: byTheme,
  };
}

/**
 * Saved reports are stored compressed (deflate, base64, prefixed "z:"): a report with its action plan is
 * about 50 KB of JSON, and a national deployment keeps tens of thousands.
 */
export function encodeReport(report: Report): string {
  return `z:${deflateRawSync(JSON.stringify(report)).toString("base64")}`;
}

export function decodeReport(content: string): Report {
  const json = content.startsWith("z:")
    ? inflateRawSync(Buffer.from(content.slice(2), "base64")).toString("utf8")
    : content;
  return JSON.parse(json) as Report;
}

export interface AssessmentForReport {
  id: number;
  organisation_code: string;
  organisation_name: string;
  care_setting: string;
  region_code: string | null;
  icb_code: string | null;
  cycle: string;
  status: string;
  questionnaire_id: string;
}

/**
 * The organisation's overall score in every cycle up to this one (this cycle's from the report itself),
 * against the median of its care setting nationally, from the stored benchmarks.
 */
async function trendFor(db: Db, assessment: AssessmentForReport, report: Report) {
  const [own, peers] = await Promise.all([
    db
      .selectFrom("organisation_score as s")
      .innerJoin("report as r", "r.id", "s.report_id")
      .innerJoin("assessment as a", "a.id", "r.assessment_id")
      .select(["s.cycle", "s.scores", "a.questionnaire_version"])
      .where("s.organisation_code", "=", assessment.organisation_code)
      .where("s.questionnaire_id", "=", assessment.questionnaire_id)
      .where("s.cycle", "<", assessment.cycle)
      .execute(),
    db
      .selectFrom("benchmark")
      .select(["cycle", "scores"])
      .where("questionnaire_id", "=", assessment.questionnaire_id)
      .where("basis", "=", "submitted")
      .where("group_key", "=", `setting:${assessment.care_setting}`)
      .where("theme_id", "=", "overall")
      .where("cycle", "<=", assessment.cycle)
      .execute(),
  ]);
  const { minGroup } = disclosureRule();
  const cycles = [
    ...new Set([...own.map((o) => o.cycle), ...peers.map((p) => p.cycle), assessment.cycle]),
  ].sort();
  return cycles.map((cycle) => {
    const sorted = JSON.parse(peers.find((p) => p.cycle === cycle)?.scores ?? "[]") as number[];
    const score =
      cycle === assessment.cycle
        ? report.overall.score
        : ((JSON.parse(own.find((o) => o.cycle === cycle)?.scores ?? "{}").overall as number | undefined) ??
          null);
    const version =
      cycle === assessment.cycle
        ? report.questionnaire.version
        : own.find((o) => o.cycle === cycle)?.questionnaire_version;
    return {
      cycle,
      score,
      peerMedian: sorted.length >= minGroup ? quantile(sorted, 0.5) : null,
      peers: sorted.length,
      ...(version === undefined ? {} : { questionnaireVersion: version }),
    };
  });
}

/** The report's peer-group figures from the stored benchmarks, suppressing groups below the threshold. */
async function comparisonsFor(
  db: Db,
  assessment: AssessmentForReport,
  report: Report,
  basis: Basis = "submitted",
) {
  const groups = await peerGroupsOf(db, {
    odsCode: assessment.organisation_code,
    careSetting: assessment.care_setting,
    regionCode: assessment.region_code,
    icbCode: assessment.icb_code,
  });
  const distributions = await readBenchmarks(
    db,
    assessment.questionnaire_id,
    assessment.cycle,
    basis,
    groups.map((g) => g.key),
  );
  return compare(scoresByTheme(report), groups, distributions, basis, disclosureRule(), "organisation");
}

/** The report as the answers stand now: provisional while the assessment is open. */
export async function currentReport(
  db: Db,
  assessment: AssessmentForReport,
  questionnaire: Questionnaire,
): Promise<Report> {
  const [answers, previous, previousPlan] = await Promise.all([
    loadAnswers(db, assessment.id),
    previousScores(db, assessment.organisation_code, assessment.questionnaire_id, assessment.cycle),
    previousPlanCheck(db, assessment.organisation_code, assessment.questionnaire_id, assessment.cycle),
  ]);
  const report = buildReport({
    questionnaire,
    organisation: {
      odsCode: assessment.organisation_code,
      name: assessment.organisation_name,
      careSetting: assessment.care_setting as CareSetting,
      regionCode: assessment.region_code,
    },
    assessment: { id: assessment.id, cycle: assessment.cycle, status: assessment.status },
    answers,
    previous,
  });
  const checked = checkTargets(report.themes, previousPlan);
  return {
    ...report,
    themes: checked.themes,
    previousPlan: checked.previousPlan,
    comparisons: await comparisonsFor(db, assessment, report),
    trend: await trendFor(db, assessment, report),
  };
}

/** Saves the immutable copy of the report that submission produces; called inside the submission's transaction. */
export async function saveReport(
  db: Db,
  assessment: AssessmentForReport,
  questionnaire: Questionnaire,
  now = new Date(),
) {
  assertTransaction(db, "Saving a report");
  const submitted = { ...assessment, status: "submitted" };
  const report = await currentReport(db, submitted, questionnaire);
  // The plan version this report checked: recorded, so the check can be traced after the plan changes.
  const checkedPlan = await previousPlanCheck(
    db,
    assessment.organisation_code,
    assessment.questionnaire_id,
    assessment.cycle,
  );
  const { id } = await db
    .insertInto("report")
    .values({
      assessment_id: assessment.id,
      organisation_code: assessment.organisation_code,
      questionnaire_id: questionnaire.id,
      questionnaire_version: questionnaire.version,
      cycle: assessment.cycle,
      scoring_method_version: report.scoringMethodVersion,
      overall_score: report.overall.score,
      content: "", // written below, once the comparison is known
      created_at: now.toISOString(),
      plan_version_id: checkedPlan?.versionId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const scores = Object.entries(scoresByTheme(report)).filter((e): e is [string, number] => e[1] !== null);
  if (scores.length > 0) {
    await db
      .insertInto("report_score")
      .values(scores.map(([theme_id, score]) => ({ report_id: id, theme_id, score })))
      .execute();
  }
  // The benchmarks now include this report; the saved copy keeps the comparison as it stands at this moment.
  await refreshForOrganisation(db, assessment.organisation_code, questionnaire.id, assessment.cycle, now);
  const saved = {
    ...report,
    comparisons: await comparisonsFor(db, submitted, report),
    trend: await trendFor(db, submitted, report),
  };
  await db
    .updateTable("report")
    .set({ content: encodeReport(saved) })
    .where("id", "=", id)
    .execute();
  return id;
}

/** Records the board's sign-off on the assessment's latest saved report (the report itself never changes). */
export async function recordSignOff(
  db: Db,
  assessmentId: number,
  signOff: { personId: number; signedName: string; comment: string },
  now = new Date(),
) {
  assertTransaction(db, "Recording a sign-off");
  const reportId = await latestReportId(db, assessmentId);
  if (reportId === null) return;
  await db
    .insertInto("report_sign_off")
    .values({
      report_id: reportId,
      person_id: signOff.personId,
      signed_name: signOff.signedName,
      comment: signOff.comment,
      signed_at: now.toISOString(),
    })
    .execute();
}

/**
 * Where a saved report stands. A report never changes, but what happened after it does: the board signs it
 * off, or returns the assessment (the report is then "returned", and once the assessment is submitted again,
 * superseded by the report that replaced it).
 */
export type ReportStanding =
  | { status: "signed-off" }
  | { status: "submitted" }
  | { status: "returned"; supersededBy: number | null };

function standingOf(
  row: { id: number; signed_at: string | null; assessment_status: string },
  laterReportId: number | null,
): ReportStanding {
  if (row.signed_at) return { status: "signed-off" };
  if (laterReportId !== null) return { status: "returned", supersededBy: laterReportId };
  if (row.assessment_status === "in-progress") return { status: "returned", supersededBy: null };
  return { status: "submitted" };
}

/** The report saved after this one for the same assessment (the resubmission), by id. */
const laterReport = (eb: ExpressionBuilder<Database, "report">) =>
  eb
    .selectFrom("report as later")
    .select((eb) => eb.fn.min("later.id").as("id"))
    .whereRef("later.assessment_id", "=", "report.assessment_id")
    .whereRef("later.id", ">", "report.id");

export async function getSavedReport(db: Db, reportId: number) {
  const row = await db
    .selectFrom("report")
    .innerJoin("organisation", "organisation.ods_code", "report.organisation_code")
    .innerJoin("assessment", "assessment.id", "report.assessment_id")
    .leftJoin("report_sign_off", "report_sign_off.report_id", "report.id")
    .select((eb) => [
      "report.id",
      "report.assessment_id",
      "report.organisation_code",
      "organisation.region_code",
      "report.content",
      "report.created_at",
      "assessment.status as assessment_status",
      "report_sign_off.signed_name",
      "report_sign_off.signed_at",
      "report_sign_off.comment as sign_off_comment",
      laterReport(eb).as("later_id"),
    ])
    .where("report.id", "=", reportId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    organisationCode: row.organisation_code,
    regionCode: row.region_code,
    createdAt: row.created_at,
    content: row.content,
    report: decodeReport(row.content),
    signOff: row.signed_name
      ? { name: row.signed_name, at: row.signed_at!, comment: row.sign_off_comment ?? "" }
      : null,
    standing: standingOf(row, row.later_id ?? null),
  };
}

export type SavedReport = NonNullable<Awaited<ReturnType<typeof getSavedReport>>>;

export async function listSavedReports(db: Db, organisationCode: string) {
  const rows = await db
    .selectFrom("report")
    .innerJoin("questionnaire_version as qv", (join) =>
      join
        .onRef("qv.questionnaire_id", "=", "report.questionnaire_id")
        .onRef("qv.version", "=", "report.questionnaire_version"),
    )
    .innerJoin("assessment", "assessment.id", "report.assessment_id")
    .leftJoin("report_sign_off", "report_sign_off.report_id", "report.id")
    .select((eb) => [
      "report.id",
      "report.cycle",
      "report.overall_score",
      "report.created_at",
      "qv.title",
      "report_sign_off.signed_at",
      "assessment.status as assessment_status",
      laterReport(eb).as("later_id"),
    ])
    .where("report.organisation_code", "=", organisationCode)
    .orderBy("report.cycle", "desc")
    .orderBy("report.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, standing: standingOf(r, r.later_id ?? null) }));
}

/** The assessment's latest saved report, if it has one (the report a submitted or signed-off assessment has). */
export async function latestReportId(db: Db, assessmentId: number) {
  const row = await db
    .selectFrom("report")
    .select("id")
    .where("assessment_id", "=", assessmentId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Submits an assessment and saves its report: one transaction, so a submitted assessment always has one. */
export async function submitAssessment(
  db: Db,
  assessment: AssessmentForReport,
  questionnaire: Questionnaire,
  actor: Actor,
  now = new Date(),
) {
  return reviewAssessment(db, assessment.id, { action: "submitted" }, actor, now, async (trx) => {
    await saveReport(trx, assessment, questionnaire, now);
  });
}

/** The board's sign-off: the assessment's state, the review entry and the sign-off on the saved report, together. */
export async function signOffAssessment(
  db: Db,
  assessmentId: number,
  signOff: { signedName: string; comment: string },
  actor: Actor,
  now = new Date(),
) {
  return reviewAssessment(db, assessmentId, { action: "signed-off", ...signOff }, actor, now, (trx) =>
    recordSignOff(trx, assessmentId, { personId: actor.personId, ...signOff }, now),
  );
}

/** The board returns the assessment for changes: it leaves the benchmarks until it is submitted again. */
export async function returnAssessment(
  db: Db,
  assessment: { id: number; organisation_code: string; questionnaire_id: string; cycle: string },
  review: { comment: string; themeComments: Record<string, string> },
  actor: Actor,
  now = new Date(),
) {
  return reviewAssessment(db, assessment.id, { action: "returned", ...review }, actor, now, async (trx) => {
    // A validation vouched for the answers as they were: changed answers need validating again.
    await trx.deleteFrom("assessment_validation").where("assessment_id", "=", assessment.id).execute();
    await refreshForOrganisation(
      trx,
      assessment.organisation_code,
      assessment.questionnaire_id,
      assessment.cycle,
      now,
    );
  });
}

/** The organisation's stored scores (every theme and overall) cycle by cycle: the trajectory chart's history. */
export async function scoreHistory(db: Db, organisationCode: string, questionnaireId: string) {
  const rows = await db
    .selectFrom("organisation_score as s")
    .innerJoin("report as r", "r.id", "s.report_id")
    .select(["s.cycle", "s.scores", "r.questionnaire_version"])
    .where("s.organisation_code", "=", organisationCode)
    .where("s.questionnaire_id", "=", questionnaireId)
    .orderBy("s.cycle")
    .execute();
  return rows.map((r) => ({
    cycle: r.cycle,
    scores: JSON.parse(r.scores) as Record<string, number>,
    questionnaireVersion: r.questionnaire_version,
  }));
}
