import { inflateRawSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../db/database";
import { openTestDb } from "../support/database";
import { type Answer, isShown } from "../../app/assessment/answers";
import type { CareSetting } from "../../app/domain/organisation";
import { getAssessment, startAssessment } from "../../app/models/assessment.server";
import { loadAnswers, saveAnswers } from "../../app/models/answer.server";
import { readBenchmarks } from "../../app/models/benchmark.server";
import {
  type AssessmentForReport,
  currentReport,
  getSavedReport,
  returnAssessment,
  signOffAssessment,
  submitAssessment,
} from "../../app/models/report.server";
import { setValidation } from "../../app/models/validation.server";
import { getQuestionnaireVersion, loadQuestionnaires } from "../../app/models/questionnaire.server";
import type { Question, Questionnaire } from "../../app/questionnaire/schema";
import type { Report } from "../../app/report/report";

// The stored benchmarks, through the model functions the routes use: which reports they hold (the latest
// per organisation, of submitted or signed-off assessments; validated ones only for the validated basis),
// and that a saved report keeps the comparison it was saved with.

const questionnaireId = "core-digital-maturity";
const cycle = "2025/26";
const at = (day: number) => new Date(Date.UTC(2026, 0, day, 10));

let db: Db;
let q: Questionnaire;
let actor: { personId: number; address: string | null };
let analyst: { personId: number; address: string | null };

/** Acute trusts in London (ICB ZQ56), and one in the South West. */
const organisations = [
  ...["TA1", "TA2", "TA3", "TA4", "TA5", "TA6", "TA7"].map((code) => ({
    code,
    careSetting: "acute" as CareSetting,
    region: "Y56",
    icb: "ZQ56",
  })),
  { code: "TB1", careSetting: "acute" as CareSetting, region: "Y58", icb: "ZQ58" },
];

function valueAt(question: Question, questionnaire: Questionnaire, level: number): Answer["value"] {
  switch (question.type) {
    case "level":
      return level;
    case "outcome": {
      const values = questionnaire.scales.find((s) => s.id === question.scale)!.levels.map((l) => l.value);
      return values[Math.min(values.length - 1, Math.floor(((level - 1) / 5) * values.length))]!;
    }
    case "checklist":
      return question.items.slice(0, Math.round((question.items.length * (level - 1)) / 4)).map((i) => i.id);
    case "yes-no":
      return level >= 3 ? "yes" : "no";
    case "number": {
      const min = question.min ?? 0;
      const max = question.max ?? 100;
      return Math.round(min + ((max - min) * (level - 1)) / 4);
    }
    case "text":
      return null;
  }
}

/** Every question shown for the care setting, answered at one maturity level (1–5). */
function answersAt(careSetting: CareSetting, level: number): { themeId: string; answer: Answer }[] {
  const answers = new Map<string, Answer>();
  const result: { themeId: string; answer: Answer }[] = [];
  for (const theme of q.themes) {
    for (const question of theme.questions) {
      if (!isShown(question, careSetting, answers)) continue;
      const value = valueAt(question, q, level);
      if (value === null) continue;
      const answer: Answer = {
        questionId: question.id,
        value,
        notApplicableReason: null,
        evidence: "",
        evidenceLinks: [],
      };
      answers.set(question.id, answer);
      result.push({ themeId: theme.id, answer });
    }
  }
  return result;
}

async function forReport(id: number): Promise<AssessmentForReport> {
  const a = (await getAssessment(db, id))!;
  return {
    id: a.id,
    organisation_code: a.organisation_code,
    organisation_name: a.organisation_name,
    care_setting: a.care_setting,
    region_code: a.region_code,
    icb_code: a.icb_code,
    cycle: a.cycle,
    status: a.status,
    questionnaire_id: a.questionnaire_id,
  };
}

/** Answers (again) at a level, from the stored revisions. */
async function answer(id: number, level: number, now: Date) {
  const a = (await getAssessment(db, id))!;
  const stored = await loadAnswers(db, id);
  const results = await saveAnswers(
    db,
    id,
    answersAt(a.care_setting as CareSetting, level).map((e) => ({
      ...e,
      baseRevision: stored.get(e.answer.questionId)?.revision ?? 0,
    })),
    actor,
    now,
  );
  expect(results.filter((r) => r.outcome === "conflict" || r.outcome === "closed")).toEqual([]);
}

async function startAndAnswer(code: string, level: number, now: Date) {
  const started = await startAssessment(
    db,
    { organisationCode: code, questionnaireId, version: q.version, cycle },
    actor,
    now,
  );
  if (!started.started) throw new Error(`${code} already has an open assessment`);
  await answer(started.id, level, now);
  return started.id;
}

async function submit(id: number, now: Date) {
  expect(await submitAssessment(db, await forReport(id), q, actor, now)).toBe(true);
}

async function startAndSubmit(code: string, level: number, now: Date) {
  const id = await startAndAnswer(code, level, now);
  await submit(id, now);
  return id;
}

const reportsOf = (assessmentId: number) =>
  db
    .selectFrom("report")
    .select(["id", "content", "overall_score"])
    .where("assessment_id", "=", assessmentId)
    .orderBy("id")
    .execute();

async function latestReport(assessmentId: number) {
  const rows = await reportsOf(assessmentId);
  return rows[rows.length - 1]!;
}

/** The stored distribution of a group's theme (ascending scores), or undefined when there is none. */
async function stored(basis: "submitted" | "validated", groupKey: string, themeId = "overall") {
  const groups = await readBenchmarks(db, questionnaireId, cycle, basis, [groupKey]);
  return groups.get(groupKey)?.get(themeId);
}

async function benchmarkRow(basis: "submitted" | "validated", groupKey: string, themeId = "overall") {
  return db
    .selectFrom("benchmark")
    .selectAll()
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "=", cycle)
    .where("basis", "=", basis)
    .where("group_key", "=", groupKey)
    .where("theme_id", "=", themeId)
    .execute();
}

/** The stored report scores the benchmark of a theme should hold: one per given report, ascending. */
async function scoresOfReports(reportIds: number[], themeId = "overall") {
  if (reportIds.length === 0) return [];
  const rows = await db
    .selectFrom("report_score")
    .select("score")
    .where("report_id", "in", reportIds)
    .where("theme_id", "=", themeId)
    .execute();
  return rows.map((r) => r.score).sort((a, b) => a - b);
}

/** A stored report's content: JSON, or deflated JSON in base64 behind "z:". */
const decode = (content: string) =>
  JSON.parse(
    content.startsWith("z:")
      ? inflateRawSync(Buffer.from(content.slice(2), "base64")).toString("utf8")
      : content,
  ) as Report;

const ids: Record<string, number> = {};
let dropDb: (() => Promise<void>) | undefined;

beforeAll(async () => {
  vi.stubEnv("DISCLOSURE_MIN_GROUP", "5");
  const opened = await openTestDb();
  dropDb = opened.dropAfter;
  db = opened;
  await loadQuestionnaires(db);
  q = (await getQuestionnaireVersion(db, questionnaireId, 1))!;
  const created = new Date().toISOString();
  const person = await db
    .insertInto("person")
    .values({ email: "lead@test.example", name: "Test Lead", password_hash: "!", created_at: created })
    .returning("id")
    .executeTakeFirstOrThrow();
  const analystPerson = await db
    .insertInto("person")
    .values({ email: "analyst@test.example", name: "Test Analyst", password_hash: "!", created_at: created })
    .returning("id")
    .executeTakeFirstOrThrow();
  actor = { personId: person.id, address: "192.0.2.1" };
  analyst = { personId: analystPerson.id, address: "192.0.2.2" };
  await db
    .insertInto("organisation")
    .values(
      organisations.map((o) => ({
        ods_code: o.code,
        name: `${o.code} Test Hospitals NHS Trust`,
        care_setting: o.careSetting,
        region_code: o.region,
        icb_code: o.icb,
        status: "active" as const,
        opened_on: "2020-04-01",
        closed_on: null,
        updated_at: created,
      })),
    )
    .execute();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await dropDb?.();
});

afterEach(() => {
  // Keep the threshold fixed whatever a test did.
  vi.stubEnv("DISCLOSURE_MIN_GROUP", "5");
});

describe("benchmark refresh", () => {
  it("the answer fixture covers every theme", () => {
    const themes = new Set(answersAt("acute", 3).map((a) => a.themeId));
    expect([...themes].sort()).toEqual(q.themes.map((t) => t.id).sort());
  });

  it("holds each submitted organisation's latest report, for every peer group it is in", async () => {
    ids.TA1 = await startAndSubmit("TA1", 2, at(1));
    ids.TA2 = await startAndSubmit("TA2", 3, at(2));
    ids.TA3 = await startAndSubmit("TA3", 4, at(3));
    ids.TB1 = await startAndSubmit("TB1", 5, at(4));
    const london = await Promise.all(
      ["TA1", "TA2", "TA3"].map(async (c) => (await latestReport(ids[c]!)).id),
    );
    const all = [...london, (await latestReport(ids.TB1!)).id];
    // The fixture gives each level its own, scored, overall result.
    const overall = await scoresOfReports(all);
    expect(overall).toHaveLength(4);
    expect(new Set(overall).size).toBe(4);

    expect(await stored("submitted", "region:Y56")).toEqual(await scoresOfReports(london));
    expect(await stored("submitted", "setting-region:acute:Y56")).toEqual(await scoresOfReports(london));
    expect(await stored("submitted", "icb:ZQ56")).toEqual(await scoresOfReports(london));
    expect(await stored("submitted", "setting:acute")).toEqual(await scoresOfReports(all));
    expect(await stored("submitted", "all")).toEqual(await scoresOfReports(all));
    expect(await stored("submitted", "region:Y58")).toEqual(await scoresOfReports([all[3]!]));
    // Theme by theme too.
    for (const theme of q.themes)
      expect(await stored("submitted", "all", theme.id)).toEqual(await scoresOfReports(all, theme.id));
    // One row per group, basis and theme, with n matching the scores.
    const [row] = await benchmarkRow("submitted", "all");
    expect(row).toMatchObject({ n: 4 });
    expect(JSON.parse(row!.scores)).toHaveLength(4);
    // Nothing validated yet: no validated figures.
    expect(await stored("validated", "all")).toBeUndefined();
  });

  it("keeps an in-progress assessment out of the benchmarks", async () => {
    ids.TA4 = await startAndAnswer("TA4", 5, at(5));
    expect(await stored("submitted", "region:Y56")).toHaveLength(3);
  });

  it("a returned assessment leaves the benchmarks until it is submitted again, and then replaces", async () => {
    const first = await latestReport(ids.TA1!);
    expect(
      await returnAssessment(
        db,
        await forReport(ids.TA1!),
        { comment: "Please check the cyber answers", themeComments: {} },
        actor,
        at(6),
      ),
    ).toBe(true);
    expect((await getAssessment(db, ids.TA1!))!.status).toBe("in-progress");

    const withoutTa1 = await Promise.all(["TA2", "TA3"].map(async (c) => (await latestReport(ids[c]!)).id));
    expect(await stored("submitted", "region:Y56")).toEqual(await scoresOfReports(withoutTa1));
    expect(await stored("submitted", "all")).toHaveLength(3);
    // The saved report itself stays.
    expect(await reportsOf(ids.TA1!)).toEqual([first]);

    await answer(ids.TA1!, 5, at(7));
    await submit(ids.TA1!, at(7));
    const reports = await reportsOf(ids.TA1!);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toEqual(first); // the first saved report is untouched
    const second = reports[1]!;
    expect(second.overall_score).not.toBe(first.overall_score);

    const region = await stored("submitted", "region:Y56");
    expect(region).toEqual(await scoresOfReports([second.id, ...withoutTa1]));
    expect(region).toHaveLength(3); // replaced, not added
    expect(region).toContain(second.overall_score);
    const all = await stored("submitted", "all");
    expect(all).toHaveLength(4);
    expect(await benchmarkRow("submitted", "region:Y56")).toHaveLength(1);
  });

  it("a signed-off assessment stays in the benchmarks", async () => {
    const before = await stored("submitted", "region:Y56");
    expect(
      await signOffAssessment(db, ids.TA2!, { signedName: "Board Chair", comment: "" }, actor, at(8)),
    ).toBe(true);
    // Sign-off does not refresh; but a refresh now (another submission) keeps TA2 in.
    ids.TA5 = await startAndSubmit("TA5", 1, at(9));
    const after = await stored("submitted", "region:Y56");
    expect(after).toHaveLength(before!.length + 1);
    const ta2 = await latestReport(ids.TA2!);
    expect(after).toContain(ta2.overall_score);
  });

  it("the validated basis counts only validated assessments", async () => {
    await setValidation(db, await forReport(ids.TA2!), { status: "validated" }, analyst, at(10));
    const ta2 = await latestReport(ids.TA2!);
    expect(await stored("validated", "region:Y56")).toEqual(await scoresOfReports([ta2.id]));
    expect(await stored("validated", "all")).toEqual(await scoresOfReports([ta2.id]));
    // The submitted basis is unchanged by validation.
    expect(await stored("submitted", "region:Y56")).toHaveLength(4);

    await setValidation(
      db,
      await forReport(ids.TA3!),
      { status: "queried", comment: "Explain the jump in cyber" },
      analyst,
      at(11),
    );
    expect(await stored("validated", "region:Y56")).toEqual(await scoresOfReports([ta2.id]));

    await setValidation(db, await forReport(ids.TA3!), { status: "validated" }, analyst, at(12));
    const ta3 = await latestReport(ids.TA3!);
    expect(await stored("validated", "region:Y56")).toEqual(await scoresOfReports([ta2.id, ta3.id]));

    // A validation withdrawn (queried after all) takes the assessment out again.
    await setValidation(
      db,
      await forReport(ids.TA3!),
      { status: "queried", comment: "On second thoughts" },
      analyst,
      at(13),
    );
    expect(await stored("validated", "region:Y56")).toEqual(await scoresOfReports([ta2.id]));
    // The South West trust is in no London group, validated or not.
    expect(await stored("validated", "region:Y58")).toBeUndefined();
  });

  it("a validation does not carry over to figures resubmitted after a return", async () => {
    // TA1 (submitted) is validated, then returned, changed and resubmitted: nobody has validated the new
    // figures, so the validated basis must not count them.
    await setValidation(db, await forReport(ids.TA1!), { status: "validated" }, analyst, at(14));
    const validatedReport = await latestReport(ids.TA1!);
    expect(await stored("validated", "region:Y56")).toContain(validatedReport.overall_score);

    await returnAssessment(
      db,
      await forReport(ids.TA1!),
      { comment: "One more change", themeComments: {} },
      actor,
      at(15),
    );
    await answer(ids.TA1!, 2, at(16));
    await submit(ids.TA1!, at(16));
    const resubmitted = await latestReport(ids.TA1!);
    expect(resubmitted.id).not.toBe(validatedReport.id);

    const ta2 = await latestReport(ids.TA2!);
    expect(await stored("validated", "region:Y56")).toEqual(await scoresOfReports([ta2.id]));
  });

  it("a saved report keeps its comparisons byte for byte while the provisional report moves on", async () => {
    const savedBefore = await latestReport(ids.TA2!);
    const parsed = decode(savedBefore.content);
    const allBefore = parsed.comparisons!.groups.find((g) => g.key === "all")!.themes.overall!;
    const provisionalBefore = await currentReport(db, await forReport(ids.TA2!), q);
    const nBefore = provisionalBefore.comparisons!.groups.find((g) => g.key === "all")!.themes.overall!.n;

    // More organisations submit later.
    await submit(ids.TA4!, at(20));
    ids.TA6 = await startAndSubmit("TA6", 4, at(21));
    ids.TA7 = await startAndSubmit("TA7", 3, at(22));

    const savedAfter = await latestReport(ids.TA2!);
    expect(savedAfter.content).toBe(savedBefore.content);
    const viaModel = await getSavedReport(db, savedBefore.id);
    expect(viaModel!.content).toBe(savedBefore.content);
    expect(viaModel!.report.comparisons).toEqual(parsed.comparisons);

    const provisionalAfter = await currentReport(db, await forReport(ids.TA2!), q);
    const allAfter = provisionalAfter.comparisons!.groups.find((g) => g.key === "all")!.themes.overall!;
    expect(allAfter.n).toBe(nBefore + 3);
    expect(provisionalAfter.comparisons).not.toEqual(parsed.comparisons);
    // The saved figures are the group as it was when TA2 was submitted: TA1 and TA2 only.
    expect(allBefore).toEqual({ n: 2, shown: "count" });
  });

  it("a saved report's comparisons include its own submission, and suppress groups below the threshold", async () => {
    // TA7 submitted last: region:Y56 had TA1 (resubmitted), TA2, TA3, TA4, TA5, TA6, TA7 = 7 organisations.
    const saved = decode((await latestReport(ids.TA7!)).content);
    const c = saved.comparisons!;
    expect(c.basis).toBe("submitted");
    expect(c.rule).toEqual({ minGroup: 5, quartileMinGroup: 10 });
    const byKey = new Map(c.groups.map((g) => [g.key, g]));
    expect([...byKey.keys()]).toEqual([
      "setting:acute",
      "setting-region:acute:Y56",
      "region:Y56",
      "icb:ZQ56",
      "all",
    ]);
    const region = byKey.get("region:Y56")!.themes.overall!;
    // Seven organisations: the median alone (exact, from the stored unrounded scores), never the extremes.
    const scores = (await stored("submitted", "region:Y56"))!;
    expect(scores).toHaveLength(7);
    expect(region).toEqual({ n: 7, shown: "median", median: scores[3], position: expect.any(String) });

    // The South West trust submitted when it was alone in its region: suppressed, with only the count.
    const tb1 = decode((await latestReport(ids.TB1!)).content);
    const sw = tb1.comparisons!.groups.find((g) => g.key === "region:Y58")!.themes.overall!;
    expect(sw).toEqual({ n: 1, shown: "count" });
    expect(Object.keys(sw).sort()).toEqual(["n", "shown"]);
  });
});
