import { z } from "zod";
import { authorise, notFound } from "../auth/guard.server";
import { disclose } from "../benchmark/disclosure";
import { disclosureRule } from "../config.server";
import { getDb } from "../db.server";
import { shiftCycle } from "../domain/cycle";
import { careSettings, groupingLabel, regions } from "../domain/organisation";
import { readBenchmarks } from "../models/benchmark.server";
import {
  countRegionRows,
  cyclesWithAssessments,
  groupOfFilter,
  groupScoresByCycle,
  regionCompletion,
  regionIcbs,
  regionRows,
  regionScores,
} from "../models/region.server";
import { planFigures } from "../models/plan.server";
import { groupTrajectoryData } from "../report/chart-data";
import { getQuestionnaireVersion, questionnaireTitles } from "../models/questionnaire.server";
import { isOwnKey } from "../params";
import { type AnswerValue, describeAnswer } from "../assessment/answers";
import { answersOfAssessments } from "../models/answer.server";
import type { DataTable } from "../report/tables";

export const pageSize = 100;

/**
 * The regional view's data, shared by the page and its CSV: a region for its analysts, or the nation
 * ("national") for administrators, filtered by the query string.
 */
export async function loadRegionView(
  request: Request,
  regionParam: string | undefined,
  { every = false }: { every?: boolean } = {},
) {
  const regionCode = regionParam === "national" ? null : (regionParam ?? "");
  if (regionCode !== null && !isOwnKey(regions, regionCode)) throw notFound();
  await authorise(request, "region.compare", { regionCode: regionCode ?? "national" });
  const db = getDb();
  // Independent reads run together: on PostgreSQL each is a round trip.
  const [questionnaires, icbs] = await Promise.all([questionnaireTitles(db), regionIcbs(db, regionCode)]);
  const questionnaireIds = questionnaires.map((q) => q.id);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const questionnaireId = z
    .enum(questionnaireIds as [string, ...string[]])
    .catch(
      questionnaireIds.includes("core-digital-maturity") ? "core-digital-maturity" : questionnaireIds[0]!,
    )
    .parse(params.questionnaire);
  const [questionnaire, cycles] = await Promise.all([
    getQuestionnaireVersion(db, questionnaireId).then((q) => q!),
    cyclesWithAssessments(db, questionnaireId),
  ]);
  const themeIds = questionnaire.themes.map((t) => t.id);
  const Filter = z.object({
    cycle: z.enum((cycles.length ? cycles : ["none"]) as [string, ...string[]]).catch(cycles[0] ?? "none"),
    careSetting: z.enum(["", ...careSettings]).catch(""),
    icb: z
      .string()
      .catch("")
      .refine((v) => v === "" || icbs.some((icb) => icb.code === v))
      .catch(""),
    basis: z.enum(["submitted", "validated"]).catch("submitted"),
    sort: z.enum(["name", "overall", ...themeIds]).catch("name"),
    page: z.coerce.number<string>().int().min(1).max(10_000).catch(1),
  });
  const filter = Filter.parse(params);
  const regionFilter = {
    regionCode,
    questionnaireId,
    cycle: filter.cycle,
    previousCycle: shiftCycle(filter.cycle, -1),
    careSetting: filter.careSetting || undefined,
    icbCode: filter.icb || undefined,
    basis: filter.basis,
    applicableCareSettings: questionnaire.careSettings,
  };
  const themes = [
    ...questionnaire.themes.map((t) => ({ id: t.id, title: t.title })),
    { id: "overall", title: "Overall" },
  ];
  const rule = disclosureRule();
  // One page (or, for the CSV, every row), sorted and paged in SQL. Sorted by name unless someone asks:
  // ranking is a choice, not the default. The page asked for is read beside its count, and read again only
  // when it lies past the last page.
  const pageOf = (page: number) =>
    regionRows(db, regionFilter, {
      sort: filter.sort,
      offset: (page - 1) * pageSize,
      limit: every ? null : pageSize,
    });
  // The distributions are precomputed: the benchmark table holds each peer group's scores, kept current at
  // submission. Only an ICB combined with a care setting has no stored group; its scores are read in SQL.
  const group = groupOfFilter(regionFilter);
  const [total, completion, asked, stored, history] = await Promise.all([
    countRegionRows(db, regionFilter),
    regionCompletion(db, regionFilter),
    pageOf(filter.page),
    group
      ? readBenchmarks(db, questionnaireId, filter.cycle, filter.basis, [group]).then((b) => b.get(group))
      : regionScores(db, regionFilter),
    group ? groupScoresByCycle(db, questionnaireId, cycles, filter.basis, group) : Promise.resolve([]),
  ]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(filter.page, pages);
  const pageRows = page === filter.page ? asked : await pageOf(page);
  const plans = await planFigures(
    db,
    pageRows.flatMap((r) => (r.assessmentId === null ? [] : [r.assessmentId])),
    new Date().toISOString().slice(0, 10),
  );
  const rows = pageRows.map((r) => ({
    ...r,
    plan: r.assessmentId === null ? null : (plans.get(r.assessmentId) ?? null),
  }));
  return {
    regionCode,
    regionName: regionCode ? groupingLabel(regionCode) : "England (national)",
    questionnaire: { id: questionnaire.id, title: questionnaire.title },
    questionnaires,
    cycles,
    icbs,
    filter,
    themes,
    completion,
    rows,
    total,
    page,
    pages,
    rule,
    // Analysts may open every organisation of the region, so they see all five figures, but never from
    // fewer organisations than the disclosure rule's smallest group: quartiles of two mean nothing.
    // The group's median per theme, cycle by cycle: the trajectory (table, and the chart with JavaScript).
    trajectory: groupTrajectoryData(themes, group ? cycles : [], (cycle, themeId) => {
      const scores = history.find((h) => h.cycle === cycle && h.themeId === themeId)?.scores ?? [];
      const shown = disclose(scores, null, rule, "analyst");
      return shown && shown.shown !== "count" ? shown.median : null;
    }),
    distributions: themes.map((t) => ({
      ...t,
      distribution: disclose(stored?.get(t.id) ?? [], null, rule, "analyst"),
    })),
  };
}

/**
 * Question-level answers across the view's organisations, for analysts (the regional view's Excel download):
 * the answers of each listed organisation's submitted or signed-off assessment, one row per answer, described
 * with the questionnaire's newest version (the raw value beside it is the version-independent one).
 */
export async function regionAnswersTable(v: Awaited<ReturnType<typeof loadRegionView>>): Promise<DataTable> {
  const db = getDb();
  const listed = v.rows.filter(
    (r) => r.assessmentId !== null && (r.status === "submitted" || r.status === "signed-off"),
  );
  const byAssessment = new Map(listed.map((r) => [r.assessmentId!, r]));
  const questionnaire = await getQuestionnaireVersion(db, v.questionnaire.id);
  const questions = new Map(
    (questionnaire?.themes ?? []).flatMap((t) =>
      t.questions.map((q) => [q.id, { theme: t, question: q }] as const),
    ),
  );
  const rows = await answersOfAssessments(db, [...byAssessment.keys()]);
  return {
    name: "Answers",
    columns: [
      "ods_code",
      "organisation",
      "status",
      "theme_id",
      "question_id",
      "question",
      "answer_value",
      "answer",
      "not_applicable_reason",
    ],
    rows: rows.map((a) => {
      const org = byAssessment.get(a.assessment_id)!;
      const found = questions.get(a.question_id);
      const value = a.value === null ? null : (JSON.parse(a.value) as AnswerValue);
      const answer = {
        questionId: a.question_id,
        value,
        notApplicableReason: a.not_applicable_reason,
        evidence: "",
        evidenceLinks: [],
      };
      return [
        org.odsCode,
        org.name,
        org.status,
        found?.theme.id ?? "",
        a.question_id,
        found?.question.text ?? "",
        value === null ? "" : Array.isArray(value) ? value.join(";") : value,
        found && questionnaire ? describeAnswer(found.question, questionnaire, answer) : "",
        a.not_applicable_reason ?? "",
      ];
    }),
  };
}
