import { noneOfThese } from "../assessment/answers";
import type { Condition, Question, Questionnaire, Scale } from "./schema";

/**
 * HL7 FHIR R4 Questionnaire for a questionnaire version. Themes are groups, level/outcome questions are
 * choices whose codings carry their 0–100 score as the R4 ordinalValue extension, evidence is a text item
 * enabled once the question is answered, and linkIds are our stable ids so answers compare across versions.
 */
export const ordinalValueUrl = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const frameworkSystems: Record<string, string> = {
  wgll: "https://www.england.nhs.uk/digitaltechnology/what-good-looks-like",
  caf: "https://www.ncsc.gov.uk/collection/cyber-assessment-framework",
  dspt: "https://www.dsptoolkit.nhs.uk",
  "nhsx-mission": "https://www.nhsx.nhs.uk/missions",
};

export type FhirItem = Record<string, unknown> & { linkId: string; item?: FhirItem[] };

const statusMap = { draft: "draft", published: "active", retired: "retired" } as const;

export function scaleSystem(baseUrl: string, q: Questionnaire, scale: Scale) {
  return `${baseUrl}/questionnaires/${q.id}/scales/${scale.id}`;
}

export function checklistSystem(baseUrl: string, q: Questionnaire, question: Question) {
  return `${baseUrl}/questionnaires/${q.id}/questions/${question.id}`;
}

function codes(frameworks: Questionnaire["themes"][number]["frameworks"]) {
  if (frameworks.length === 0) return {};
  return {
    code: frameworks.map((f) => ({
      system: frameworkSystems[f.framework],
      code: f.code,
      ...(f.display ? { display: f.display } : {}),
    })),
  };
}

function enableWhen(
  q: Questionnaire,
  baseUrl: string,
  conditions: Condition[] | undefined,
  byId: Map<string, Question>,
) {
  if (!conditions || conditions.length === 0) return {};
  const scales = new Map(q.scales.map((s) => [s.id, s]));
  const clauses = conditions.flatMap((condition) => {
    const target = byId.get(condition.question);
    if (!target) return [];
    return condition.anyOf.map((value) => {
      if (target.type === "yes-no")
        return { question: target.id, operator: "=", answerBoolean: value === "yes" };
      const system =
        target.type === "checklist"
          ? checklistSystem(baseUrl, q, target)
          : scaleSystem(baseUrl, q, scales.get((target as { scale: string }).scale)!);
      return { question: target.id, operator: "=", answerCoding: { system, code: String(value) } };
    });
  });
  // One condition with several answers means any of them; several conditions must all hold (each names one answer).
  return {
    enableWhen: clauses,
    ...(clauses.length > 1 ? { enableBehavior: conditions.length === 1 ? "any" : "all" } : {}),
  };
}

function questionItem(
  q: Questionnaire,
  baseUrl: string,
  question: Question,
  byId: Map<string, Question>,
): FhirItem {
  const base: FhirItem = {
    linkId: question.id,
    text: question.text,
    required: question.required && !question.notApplicableAllowed,
    ...codes(question.frameworks),
    ...enableWhen(q, baseUrl, question.showWhen, byId),
  };
  const children: FhirItem[] = [];
  if (question.guidance) {
    children.push({ linkId: `${question.id}.guidance`, text: question.guidance, type: "display" });
  }
  let typed: FhirItem;
  switch (question.type) {
    case "level":
    case "outcome": {
      const scale = q.scales.find((s) => s.id === question.scale)!;
      typed = {
        ...base,
        type: "choice",
        answerOption: scale.levels.map((level) => {
          const descriptor = question.levels.find((d) => d.level === level.value)?.descriptor;
          return {
            valueCoding: {
              extension: [{ url: ordinalValueUrl, valueDecimal: level.score }],
              system: scaleSystem(baseUrl, q, scale),
              code: String(level.value),
              display: descriptor ? `${level.label}: ${descriptor}` : level.label,
            },
          };
        }),
      };
      break;
    }
    case "checklist":
      typed = {
        ...base,
        type: "choice",
        repeats: true,
        answerOption: [
          ...question.items.map((item) => ({
            valueCoding: {
              extension: [{ url: ordinalValueUrl, valueDecimal: item.share }],
              system: checklistSystem(baseUrl, q, question),
              code: item.id,
              display: item.label,
            },
          })),
          {
            valueCoding: {
              extension: [{ url: ordinalValueUrl, valueDecimal: 0 }],
              system: checklistSystem(baseUrl, q, question),
              code: noneOfThese,
              display: "None of these",
            },
          },
        ],
      };
      break;
    case "yes-no":
      typed = { ...base, type: "boolean" };
      break;
    case "number":
      typed = { ...base, type: "decimal" };
      break;
    case "text":
      typed = { ...base, type: "text", maxLength: question.maxLength };
      break;
  }
  if (question.notApplicableAllowed) {
    children.push(
      { linkId: `${question.id}.not-applicable`, text: "Not applicable", type: "boolean" },
      {
        linkId: `${question.id}.not-applicable-reason`,
        text: "Why this does not apply",
        type: "text",
        enableWhen: [{ question: `${question.id}.not-applicable`, operator: "=", answerBoolean: true }],
        required: true,
      },
    );
  }
  if (question.type !== "text") {
    children.push({
      linkId: `${question.id}.evidence`,
      text: question.evidencePrompt ?? "Evidence",
      type: "text",
      enableWhen: [{ question: question.id, operator: "exists", answerBoolean: true }],
    });
  }
  return children.length > 0 ? { ...typed, item: children } : typed;
}

export function toFhirQuestionnaire(q: Questionnaire, baseUrl: string) {
  const byId = new Map<string, Question>();
  for (const theme of q.themes) for (const question of theme.questions) byId.set(question.id, question);
  return {
    resourceType: "Questionnaire",
    id: `${q.id}-v${q.version}`,
    url: `${baseUrl}/questionnaires/${q.id}`,
    version: String(q.version),
    name: q.id
      .split("-")
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(""),
    title: q.title,
    status: statusMap[q.status],
    subjectType: ["Organization"],
    description: q.description,
    useContext: q.careSettings.map((setting) => ({
      code: { system: "http://terminology.hl7.org/CodeSystem/usage-context-type", code: "venue" },
      valueCodeableConcept: { text: setting },
    })),
    item: q.themes.map((theme) => ({
      linkId: theme.id,
      text: theme.title,
      type: "group",
      ...codes(theme.frameworks),
      item: theme.questions.map((question) => questionItem(q, baseUrl, question, byId)),
    })),
  };
}
