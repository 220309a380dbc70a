import type { Db } from "../../db/database";
import { type Answer, isShown } from "../assessment/answers";
import type { CareSetting, RegionCode } from "../domain/organisation";
import { getQuestionnaireVersion } from "./questionnaire.server";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { startAssessment } from "./assessment.server";
import { saveAnswers } from "./answer.server";
import { signOffAssessment, submitAssessment } from "./report.server";
import { demoPlans, seedDemoPlan } from "./demo-plans.server";

/** A demo organisation (app/models/demo.server.ts makes them; its assessments are seeded here). */
export interface DemoOrganisation {
  odsCode: string;
  name: string;
  careSetting: CareSetting;
  regionCode: RegionCode;
  icbCode: string;
}

/** A small deterministic generator (mulberry32), so the demo data is the same on every machine. */
function random(seedText: string) {
  let seed = 0;
  for (const ch of seedText) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Plausible answers: each organisation has a maturity, each theme a lean, and later cycles improve a little. */
export function demoAnswers(
  q: Questionnaire,
  organisation: DemoOrganisation,
  cycleIndex: number,
  completeness: number,
): Answer[] {
  const orgRandom = random(organisation.odsCode);
  const maturity = 1.6 + orgRandom() * 2.2;
  const lean = new Map(q.themes.map((t) => [t.id, (orgRandom() - 0.5) * 1.6]));
  const rnd = random(`${organisation.odsCode}:${q.id}:${cycleIndex}`);
  const answers = new Map<string, Answer>();
  for (const theme of q.themes) {
    for (const question of theme.questions) {
      if (!isShown(question, organisation.careSetting, answers) || rnd() > completeness) continue;
      const level = clamp(
        Math.round(maturity + (lean.get(theme.id) ?? 0) + cycleIndex * 0.35 + (rnd() - 0.5) * 1.4),
        1,
        5,
      );
      const answer: Answer = {
        questionId: question.id,
        value: null,
        notApplicableReason: null,
        evidence: "",
        evidenceLinks: [],
      };
      if (question.notApplicableAllowed && rnd() < 0.08) {
        answer.notApplicableReason = "We do not provide this service.";
      } else {
        answer.value = valueFor(question, q, level, rnd);
        if (answer.value === null) continue;
        if (rnd() < 0.4)
          answer.evidence = "Digital programme board papers and the latest internal audit report.";
      }
      answers.set(question.id, answer);
    }
  }
  return [...answers.values()];
}

function valueFor(question: Question, q: Questionnaire, level: number, rnd: () => number): Answer["value"] {
  switch (question.type) {
    case "level":
      return level;
    case "outcome": {
      const values = q.scales.find((s) => s.id === question.scale)?.levels.map((l) => l.value) ?? [];
      return values[Math.min(values.length - 1, Math.floor(((level - 1) / 5) * values.length))] ?? null;
    }
    case "checklist":
      return question.items.filter(() => rnd() < (level - 0.5) / 5).map((i) => i.id);
    case "yes-no":
      return rnd() < level / 5 ? "yes" : "no";
    case "number": {
      const min = question.min ?? 0;
      const max = question.max ?? 100;
      return Math.round(min + ((max - min) * (level - 1 + rnd())) / 5);
    }
    case "text":
      return null;
  }
}

/** The demo contributor of ZD01, who owns some of its plan's actions (null before the demo people exist). */
async function demoContributor(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom("person")
    .select("id")
    .where("email", "=", "contributor@demo.example")
    .executeTakeFirst();
  return row?.id ?? null;
}

const cycles = [
  { cycle: "2024/25", at: "2025-02-14T10:00:00.000Z", signedAt: "2025-03-20T16:00:00.000Z" },
  { cycle: "2025/26", at: "2026-02-13T10:00:00.000Z", signedAt: "2026-03-19T16:00:00.000Z" },
  { cycle: "2026/27", at: "2026-11-02T10:00:00.000Z", signedAt: "" },
];

/**
 * Two signed-off cycles for every demo organisation (so each has reports and a trend), and the current cycle
 * in every state: not started (ZD01, for the demo lead to start), in progress, submitted and signed off.
 */
export async function seedDemoAssessments(db: Db, organisations: DemoOrganisation[], personId: number) {
  // Cycle by cycle, with ZD01 (the demo sign-ins' organisation) submitting last, so its saved reports
  // compare with full peer groups, as a late submitter's would.
  const actor = { personId, address: "demo" };
  for (const [index, { cycle, at, signedAt }] of cycles.entries()) {
    const current = index === cycles.length - 1;
    const work = [...organisations].reverse().flatMap((organisation) =>
      organisation.careSetting === "icb"
        ? // ICBs had only the board check until the ICB questionnaire arrived in 2026/27.
          [
            { organisation, questionnaireId: "board-digital-leadership" },
            ...(current ? [{ organisation, questionnaireId: "icb-digital-maturity" }] : []),
          ]
        : [{ organisation, questionnaireId: "core-digital-maturity" }],
    );
    for (const { organisation, questionnaireId } of work) {
      // Earlier cycles were answered on version 1; the current cycle uses the newest version.
      const q = await getQuestionnaireVersion(db, questionnaireId, current ? undefined : 1);
      if (!q) continue;
      const pick = random(`${organisation.odsCode}:state`)();
      if (current && (organisation.odsCode === "ZD01" || pick < 0.15)) continue;
      const now = new Date(at);
      const started = await startAssessment(
        db,
        { organisationCode: organisation.odsCode, questionnaireId: q.id, version: q.version, cycle },
        actor,
        now,
      );
      if (!started.started) continue;
      const completeness = current && pick < 0.5 ? 0.4 + pick : 1;
      await saveAnswers(
        db,
        started.id,
        demoAnswers(q, organisation, index, completeness).map((answer) => ({
          themeId: q.themes.find((t) => t.questions.some((x) => x.id === answer.questionId))!.id,
          answer,
          baseRevision: 0,
        })),
        actor,
        now,
      );
      if (current && pick < 0.5) continue; // left in progress
      const assessment = {
        id: started.id,
        organisation_code: organisation.odsCode,
        organisation_name: organisation.name,
        care_setting: organisation.careSetting as CareSetting,
        region_code: organisation.regionCode,
        icb_code: organisation.icbCode,
        cycle,
        status: "submitted",
        questionnaire_id: q.id,
      };
      await submitAssessment(db, assessment, q, actor, now);
      if (current && pick < 0.75) continue; // submitted, awaiting the board
      const signed = current ? new Date(now.getTime() + 7 * 86_400_000) : new Date(signedAt);
      const signOff = { signedName: "Demo Board Chair", comment: "Agreed by the board." };
      await signOffAssessment(db, started.id, signOff, actor, signed);
      const planKind = demoPlans[cycle]?.[organisation.odsCode];
      if (planKind && questionnaireId === "core-digital-maturity") {
        const owner = organisation.odsCode === "ZD01" ? await demoContributor(db) : null;
        await seedDemoPlan(db, assessment, planKind, { personId: owner }, actor, signed);
      }
    }
  }
}
