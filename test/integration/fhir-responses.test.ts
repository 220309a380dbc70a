import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb } from "../support/database";
import { toFhirQuestionnaireResponse } from "../../app/assessment/export";
import type { CareSetting } from "../../app/domain/organisation";
import { getAssessment, startAssessment } from "../../app/models/assessment.server";
import { loadAnswers, saveAnswers } from "../../app/models/answer.server";
import { seedDemoIfEmpty } from "../../app/models/demo.server";
import { toFhirQuestionnaire } from "../../app/questionnaire/fhir";
import { getQuestionnaireVersion, loadQuestionnaires } from "../../app/models/questionnaire.server";
import type { Questionnaire } from "../../app/questionnaire/schema";
import { invariantFailures, medplumErrors, responseProblems } from "../support/fhir-validator";

// Every demo assessment's QuestionnaireResponse, in every state the demo holds, checked by outside parties:
// Medplum's R4 validator, the R4 invariants through fhirpath.js, and the R4 rules for a response against
// its own Questionnaire (the one of its organisation's care setting).

const baseUrl = "https://dma.example.nhs.uk";
let db: Awaited<ReturnType<typeof openTestDb>>;
interface Exported {
  label: string;
  status: string;
  careSetting: CareSetting;
  response: Record<string, unknown>;
  questionnaire: ReturnType<typeof toFhirQuestionnaire>;
}
const exportedAll: Exported[] = [];

async function exportAssessment(id: number): Promise<Exported> {
  const a = (await getAssessment(db, id))!;
  const q = (await getQuestionnaireVersion(db, a.questionnaire_id, a.questionnaire_version)) as Questionnaire;
  const careSetting = a.care_setting as CareSetting;
  const response = toFhirQuestionnaireResponse(
    q,
    {
      assessmentId: a.id,
      odsCode: a.organisation_code,
      organisationName: a.organisation_name,
      careSetting,
      cycle: a.cycle,
      status: a.status,
      updatedAt: a.updated_at,
    },
    await loadAnswers(db, a.id),
    baseUrl,
  );
  return {
    label: `${a.organisation_code} ${a.cycle} ${a.status} (${careSetting})`,
    status: a.status,
    careSetting,
    response,
    questionnaire: toFhirQuestionnaire(q, careSetting, baseUrl),
  };
}

beforeAll(async () => {
  db = await openTestDb();
  await loadQuestionnaires(db);
  await seedDemoIfEmpty(db);
  const ids = await db.selectFrom("assessment").select("id").orderBy("id").execute();
  for (const { id } of ids) exportedAll.push(await exportAssessment(id));
}, 120_000);
afterAll(async () => {
  await db?.dropAfter();
});

describe("demo assessments as QuestionnaireResponses", () => {
  it("cover every state and several care settings", () => {
    expect(new Set(exportedAll.map((e) => e.status))).toEqual(
      new Set(["in-progress", "submitted", "signed-off"]),
    );
    expect(new Set(exportedAll.map((e) => e.careSetting)).size).toBeGreaterThanOrEqual(4);
  });

  it("each validates against its own Questionnaire, with no problem (all of them)", () => {
    const problems = exportedAll.flatMap((e) =>
      responseProblems(e.response as never, e.questionnaire as never).map((p) => `${e.label}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  // One response per state and care setting through the (slower) R4 validators.
  const sample = () => {
    const seen = new Map<string, Exported>();
    for (const e of exportedAll)
      seen.set(`${e.status}/${e.careSetting}`, seen.get(`${e.status}/${e.careSetting}`) ?? e);
    return [...seen.values()];
  };

  it("one of each state and care setting is valid R4 to Medplum and meets every R4 invariant", () => {
    const picked = sample();
    expect(picked.length).toBeGreaterThanOrEqual(10);
    for (const e of picked) {
      expect(medplumErrors(e.response), e.label).toEqual([]);
      const { errors, warnings } = invariantFailures(e.response);
      expect(errors, e.label).toEqual([]);
      expect(
        warnings.filter((w) => !w.includes("dom-6")),
        e.label,
      ).toEqual([]);
    }
  }, 120_000);
});

describe("a response with every kind of answer", () => {
  let exported: Exported;
  beforeAll(async () => {
    const organisation = await db
      .selectFrom("organisation")
      .select(["ods_code"])
      .where("care_setting", "=", "acute")
      .executeTakeFirstOrThrow();
    const person = await db.selectFrom("person").select("id").executeTakeFirstOrThrow();
    const actor = { personId: person.id, address: null };
    const started = await startAssessment(
      db,
      {
        organisationCode: organisation.ods_code,
        questionnaireId: "core-digital-maturity",
        version: 1,
        cycle: "2030/31",
      },
      actor,
    );
    if (!started.started) throw new Error("not started");
    const blank = { value: null, notApplicableReason: null, evidence: "", evidenceLinks: [] as string[] };
    const edits = [
      {
        themeId: "paperless",
        answer: {
          ...blank,
          questionId: "paperless-epr-coverage",
          value: 3,
          evidence: "EPR board paper",
          evidenceLinks: ["https://intranet.example/epr"],
        },
      },
      // Evidence typed before any answer.
      {
        themeId: "paperless",
        answer: { ...blank, questionId: "paperless-clinical-noting", evidence: "Audit due in May" },
      },
      { themeId: "paperless", answer: { ...blank, questionId: "paperless-fax-in-use", value: "yes" } },
      {
        themeId: "paperless",
        answer: { ...blank, questionId: "paperless-fax-plan", value: "Retire by March" },
      },
      {
        themeId: "paperless",
        answer: { ...blank, questionId: "paperless-electronic-observations", value: 4 },
      },
      { themeId: "paperless", answer: { ...blank, questionId: "paperless-observations-beds", value: 85.5 } },
      {
        themeId: "interoperability",
        answer: {
          ...blank,
          questionId: "interop-procurement-standards",
          value: [] as string[],
          evidence: "Contract template v3",
        },
      },
      // Not applicable, with evidence and links kept.
      {
        themeId: "mission-citizen-access",
        answer: {
          ...blank,
          questionId: "citizen-nhs-app",
          notApplicableReason: "No services in the app",
          evidence: "Board minute 12",
          evidenceLinks: ["https://intranet.example/minute-12"],
        },
      },
    ];
    await saveAnswers(
      db,
      started.id,
      edits.map((e) => ({ ...e, baseRevision: 0 })),
      actor,
    );
    exported = await exportAssessment(started.id);
  });

  const items = () => {
    const out: { linkId: string; answer?: Record<string, unknown>[] }[] = [];
    const walk = (list: { linkId: string; item?: never[]; answer?: { item?: never[] }[] }[] = []) => {
      for (const i of list) {
        out.push(i as never);
        walk(i.item);
        for (const a of i.answer ?? []) walk(a.item);
      }
    };
    walk((exported.response as { item: never[] }).item);
    return out;
  };
  const item = (linkId: string) => items().find((i) => i.linkId === linkId);

  it("validates with Medplum, the R4 invariants and against its Questionnaire", () => {
    expect(medplumErrors(exported.response)).toEqual([]);
    expect(invariantFailures(exported.response).errors).toEqual([]);
    expect(responseProblems(exported.response as never, exported.questionnaire as never)).toEqual([]);
  }, 60_000);

  it("keeps evidence typed before an answer, evidence on N/A, and links as url answers", () => {
    expect(item("paperless-clinical-noting")).toBeUndefined();
    expect(item("paperless-clinical-noting.evidence")?.answer).toEqual([{ valueString: "Audit due in May" }]);
    expect(item("citizen-nhs-app")?.answer?.[0]).toMatchObject({
      valueCoding: { code: "not-applicable", display: "Not applicable" },
      item: [
        {
          linkId: "citizen-nhs-app.not-applicable-reason",
          answer: [{ valueString: "No services in the app" }],
        },
      ],
    });
    expect(item("citizen-nhs-app.evidence")?.answer).toEqual([{ valueString: "Board minute 12" }]);
    expect(item("citizen-nhs-app.evidence-links")?.answer).toEqual([
      { valueString: "https://intranet.example/minute-12" },
    ]);
    expect(item("paperless-epr-coverage.evidence-links")?.answer).toEqual([
      { valueString: "https://intranet.example/epr" },
    ]);
    expect(item("interop-procurement-standards")?.answer).toMatchObject([{ valueCoding: { code: "none" } }]);
    expect(item("paperless-observations-beds")?.answer).toEqual([{ valueDecimal: 85.5 }]);
  });

  it("says when answers last changed, not when the assessment moved", async () => {
    const id = Number((exported.response.identifier as { value: string }).value);
    const latest = [...(await loadAnswers(db, id)).values()]
      .map((a) => a.updatedAt)
      .sort()
      .at(-1);
    expect(exported.response.authored).toBe(latest);
  });
});

describe("the response check (negative controls: it finds what real clients refuse)", () => {
  const completed = () => structuredClone(exportedAll.find((e) => e.status === "signed-off")!);
  type R = { linkId: string; text?: string; answer?: { valueCoding?: { display?: string } }[]; item?: R[] };

  it("finds a display that differs from the option's, an empty group, a missing required answer", () => {
    const e = completed();
    const groups = (e.response as { item: R[] }).item;
    const choice = groups[0]!.item!.find((i) => i.answer?.[0]?.valueCoding)!;
    choice.answer![0]!.valueCoding!.display = "3";
    groups.push({ linkId: groups.at(-1)!.linkId, text: groups.at(-1)!.text, item: [] });
    groups[1]!.item!.shift();
    const problems = responseProblems(e.response as never, e.questionnaire as never).join("\n");
    expect(problems).toMatch(/display "3" is not the option's/);
    expect(problems).toMatch(/an empty group/);
    expect(problems).toMatch(/required item .* has no answer/);
  });

  it("finds items nested directly under a question, unknown linkIds and answers of the wrong type", () => {
    const e = completed();
    const groups = (e.response as { item: R[] }).item;
    const question = groups[0]!.item![0]!;
    question.item = [{ linkId: `${question.linkId}.evidence`, answer: [] }];
    groups[0]!.item!.push({ linkId: "no-such-question", answer: [] });
    groups[0]!.item![1]!.answer = [{ valueString: "three" } as never];
    const problems = responseProblems(e.response as never, e.questionnaire as never).join("\n");
    expect(problems).toMatch(/nested items belong under an answer/);
    expect(problems).toMatch(/no item no-such-question/);
    expect(problems).toMatch(/valueString for a choice item/);
  });
});
