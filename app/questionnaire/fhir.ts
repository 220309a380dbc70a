import { evidenceMaxLength, maxEvidenceLinks, noneOfThese, reasonMaxLength } from "../assessment/answers";
import type { CareSetting } from "../domain/organisation";
import type { Condition, Question, Questionnaire, Scale } from "./schema";

/**
 * HL7 FHIR R4 Questionnaires for a questionnaire version: one per care setting, holding exactly the questions
 * that setting is asked (docs/decisions/012-fhir-questionnaire-per-care-setting.md), so a response validates
 * against what its organisation was asked. Themes are groups; level, outcome and checklist questions are
 * choices whose codings carry their 0–100 score as the R4 ordinalValue extension; "not applicable" is an
 * answer option with its reason nested under it; evidence and its links (repeating strings) are sibling items after the
 * question. linkIds are our stable ids so answers compare across versions. Pure: the base URL comes from
 * configuration (PUBLIC_URL), never from a request.
 */
export const ordinalValueUrl = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
export const extensionUrls = {
  minValue: "http://hl7.org/fhir/StructureDefinition/minValue",
  maxValue: "http://hl7.org/fhir/StructureDefinition/maxValue",
  unit: "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
  optionExclusive: "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive",
  maxOccurs: "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs",
  regex: "http://hl7.org/fhir/StructureDefinition/regex",
} as const;
/** What a link must look like (the service checks more: that a browser can open it). */
export const linkPattern = "^https?://\\S+$";
export const odsSystem = "https://fhir.nhs.uk/Id/ods-organization-code";
const ucum = "http://unitsofmeasure.org";

const frameworkSystems: Record<string, string> = {
  wgll: "https://www.england.nhs.uk/digitaltechnology/what-good-looks-like",
  caf: "https://www.ncsc.gov.uk/collection/cyber-assessment-framework",
  dspt: "https://www.dsptoolkit.nhs.uk",
  "nhsx-mission": "https://www.nhsx.nhs.uk/missions",
};

export type FhirItem = Record<string, unknown> & { linkId: string; item?: FhirItem[] };

const statusMap = { draft: "draft", published: "active", retired: "retired" } as const;

export function scaleSystem(baseUrl: string, q: Pick<Questionnaire, "id">, scale: Pick<Scale, "id">) {
  return `${baseUrl}/questionnaires/${q.id}/scales/${scale.id}`;
}

export function checklistSystem(
  baseUrl: string,
  q: Pick<Questionnaire, "id">,
  question: Pick<Question, "id">,
) {
  return `${baseUrl}/questionnaires/${q.id}/questions/${question.id}`;
}

/** Our own answers that are not levels or checklist items: yes, no, and not applicable. */
export const answerSystem = (baseUrl: string) => `${baseUrl}/questionnaires/answers`;
export const notApplicableCode = "not-applicable";
export const notApplicableDisplay = "Not applicable";
export const noneOfTheseDisplay = "None of these";
export const assessmentSystem = (baseUrl: string) => `${baseUrl}/assessments`;

/** The linkIds around a question's own item. */
export const linkIds = {
  notApplicable: (questionId: string) => `${questionId}.not-applicable`,
  reason: (questionId: string) => `${questionId}.not-applicable-reason`,
  evidence: (questionId: string) => `${questionId}.evidence`,
  links: (questionId: string) => `${questionId}.evidence-links`,
  guidance: (questionId: string) => `${questionId}.guidance`,
};
export const reasonText = "Why does it not apply?";
export const linksText = "Links to evidence";

/**
 * How a question's "not applicable" is written. Choice items take it as one more answer option. A yes/no
 * question that allows it becomes a choice of yes, no or not applicable. Number and text items cannot carry a
 * coded option in R4, so theirs is a boolean item just before the question (and the question is then not
 * `required`, since R4 cannot say "answered or not applicable" for them).
 */
export function notApplicableStyle(question: Question): "none" | "option" | "sibling" {
  if (!question.notApplicableAllowed) return "none";
  return question.type === "number" || question.type === "text" ? "sibling" : "option";
}

/** A yes/no question is a boolean item unless it allows "not applicable". */
export const isCodedYesNo = (question: Question) =>
  question.type === "yes-no" && question.notApplicableAllowed;

export const hasEvidence = (question: Question) => question.type !== "text";

/** The Questionnaire's canonical URL for one care setting (it resolves: see the questionnaire route). */
export function questionnaireUrl(baseUrl: string, questionnaireId: string, careSetting: CareSetting) {
  return `${baseUrl}/questionnaires/${questionnaireId}/${careSetting}`;
}

/** A FHIR id (at most 64 characters of [A-Za-z0-9.-]) for one version and care setting. */
export function questionnaireResourceId(q: Pick<Questionnaire, "id" | "version">, careSetting: CareSetting) {
  const full = `${q.id}-v${q.version}-${careSetting}`;
  if (full.length <= 64) return full;
  // Long questionnaire ids: keep the readable start and a short hash of the whole, so ids stay distinct.
  let hash = 2166136261;
  for (const ch of full) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  const suffix = `-${hash.toString(36)}`;
  return full.slice(0, 64 - suffix.length) + suffix;
}

/** The questions of a questionnaire that a care setting is asked (conditions aside). */
export function questionsFor(q: Questionnaire, careSetting: CareSetting) {
  return q.themes.map((theme) => ({
    theme,
    questions: theme.questions.filter((x) => !x.careSettings || x.careSettings.includes(careSetting)),
  }));
}

/** The display of each answer option, shared by the Questionnaire and every response. */
export function levelDisplay(
  q: Questionnaire,
  question: Extract<Question, { type: "level" | "outcome" }>,
  value: number,
) {
  const scale = q.scales.find((s) => s.id === question.scale)!;
  const level = scale.levels.find((l) => l.value === value);
  const descriptor = question.levels.find((d) => d.level === value)?.descriptor;
  const label = level?.label ?? String(value);
  return descriptor ? `${label}: ${descriptor}` : label;
}

export function notApplicableCoding(baseUrl: string) {
  return { system: answerSystem(baseUrl), code: notApplicableCode, display: notApplicableDisplay };
}

export function yesNoCoding(baseUrl: string, value: "yes" | "no") {
  return { system: answerSystem(baseUrl), code: value, display: value === "yes" ? "Yes" : "No" };
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

/** The enableWhen answer that stands for one of a question's answers in a condition. */
function conditionAnswer(baseUrl: string, q: Questionnaire, target: Question, value: string | number) {
  if (target.type === "yes-no") {
    return isCodedYesNo(target)
      ? { answerCoding: { system: answerSystem(baseUrl), code: String(value) } }
      : { answerBoolean: value === "yes" };
  }
  if (target.type === "checklist")
    return { answerCoding: { system: checklistSystem(baseUrl, q, target), code: String(value) } };
  const scale = q.scales.find((s) => s.id === (target as { scale: string }).scale)!;
  return { answerCoding: { system: scaleSystem(baseUrl, q, scale), code: String(value) } };
}

function enableWhen(
  q: Questionnaire,
  baseUrl: string,
  conditions: Condition[] | undefined,
  byId: Map<string, Question>,
) {
  if (!conditions || conditions.length === 0) return {};
  const clauses = conditions.flatMap((condition) => {
    const target = byId.get(condition.question);
    if (!target) return [];
    return condition.anyOf.map((value) => ({
      question: target.id,
      operator: "=",
      ...conditionAnswer(baseUrl, q, target, value),
    }));
  });
  // One condition with several answers means any of them; several conditions must all hold (each names one
  // answer: the questionnaire check refuses anything else).
  return {
    enableWhen: clauses,
    ...(clauses.length > 1 ? { enableBehavior: conditions.length === 1 ? "any" : "all" } : {}),
  };
}

function option(coding: Record<string, unknown>, { exclusive = false } = {}) {
  return {
    ...(exclusive ? { extension: [{ url: extensionUrls.optionExclusive, valueBoolean: true }] } : {}),
    valueCoding: coding,
  };
}

function questionItems(
  q: Questionnaire,
  baseUrl: string,
  question: Question,
  byId: Map<string, Question>,
): FhirItem[] {
  const style = notApplicableStyle(question);
  const conditions = enableWhen(q, baseUrl, question.showWhen, byId);
  const children: FhirItem[] = [];
  if (question.guidance) {
    children.push({ linkId: linkIds.guidance(question.id), text: question.guidance, type: "display" });
  }
  const reason = (when: Record<string, unknown>): FhirItem => ({
    linkId: linkIds.reason(question.id),
    text: reasonText,
    type: "text",
    required: true,
    maxLength: reasonMaxLength,
    enableWhen: [
      {
        question: style === "sibling" ? linkIds.notApplicable(question.id) : question.id,
        operator: "=",
        ...when,
      },
    ],
  });
  const naOption = style === "option" ? [option(notApplicableCoding(baseUrl), { exclusive: true })] : [];
  let typed: Record<string, unknown>;
  switch (question.type) {
    case "level":
    case "outcome": {
      const scale = q.scales.find((s) => s.id === question.scale)!;
      typed = {
        type: "choice",
        answerOption: [
          ...scale.levels.map((level) =>
            option({
              extension: [{ url: ordinalValueUrl, valueDecimal: level.score }],
              system: scaleSystem(baseUrl, q, scale),
              code: String(level.value),
              display: levelDisplay(q, question, level.value),
            }),
          ),
          ...naOption,
        ],
      };
      break;
    }
    case "checklist":
      typed = {
        type: "choice",
        repeats: true,
        answerOption: [
          ...question.items.map((item) =>
            option({
              extension: [{ url: ordinalValueUrl, valueDecimal: item.share }],
              system: checklistSystem(baseUrl, q, question),
              code: item.id,
              display: item.label,
            }),
          ),
          option(
            {
              extension: [{ url: ordinalValueUrl, valueDecimal: 0 }],
              system: checklistSystem(baseUrl, q, question),
              code: noneOfThese,
              display: noneOfTheseDisplay,
            },
            { exclusive: true },
          ),
          ...naOption,
        ],
      };
      break;
    case "yes-no":
      typed = isCodedYesNo(question)
        ? {
            type: "choice",
            answerOption: [
              option(yesNoCoding(baseUrl, "yes")),
              option(yesNoCoding(baseUrl, "no")),
              ...naOption,
            ],
          }
        : { type: "boolean" };
      break;
    case "number": {
      const extension = [
        ...(question.min === undefined ? [] : [{ url: extensionUrls.minValue, valueDecimal: question.min }]),
        ...(question.max === undefined ? [] : [{ url: extensionUrls.maxValue, valueDecimal: question.max }]),
        ...(question.unit
          ? [
              {
                url: extensionUrls.unit,
                valueCoding:
                  question.unit === "%"
                    ? { system: ucum, code: "%", display: "%" }
                    : { display: question.unit },
              },
            ]
          : []),
      ];
      typed = { ...(extension.length > 0 ? { extension } : {}), type: "decimal" };
      break;
    }
    case "text":
      typed = { type: "text", maxLength: question.maxLength };
      break;
  }
  if (style === "option")
    children.push(reason({ answerCoding: { system: answerSystem(baseUrl), code: notApplicableCode } }));

  const items: FhirItem[] = [];
  if (style === "sibling") {
    items.push({
      linkId: linkIds.notApplicable(question.id),
      text: `${notApplicableDisplay}: ${question.text}`,
      type: "boolean",
      ...conditions,
      item: [reason({ answerBoolean: true })],
    });
  }
  const { extension, ...rest } = typed as { extension?: unknown[] };
  items.push({
    linkId: question.id,
    ...(extension ? { extension } : {}),
    ...codes(question.frameworks),
    text: question.text,
    ...rest,
    required: style === "sibling" ? false : question.required,
    ...conditions,
    ...(children.length > 0 ? { item: children } : {}),
  });
  if (hasEvidence(question)) {
    items.push(
      {
        linkId: linkIds.evidence(question.id),
        text: question.evidencePrompt ?? "Evidence",
        type: "text",
        maxLength: evidenceMaxLength,
        ...conditions,
      },
      {
        // Links are repeating strings, not R4 `url` items: LHC-Forms (40.x) drops every `url` answer it loads.
        extension: [
          { url: extensionUrls.maxOccurs, valueInteger: maxEvidenceLinks },
          { url: extensionUrls.regex, valueString: linkPattern },
        ],
        linkId: linkIds.links(question.id),
        text: linksText,
        type: "string",
        repeats: true,
        ...conditions,
      },
    );
  }
  return items;
}

function pascal(id: string) {
  return id
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

/** The Questionnaire one care setting is asked, for one questionnaire version. */
export function toFhirQuestionnaire(q: Questionnaire, careSetting: CareSetting, baseUrl: string) {
  const byId = new Map<string, Question>();
  for (const theme of q.themes) for (const question of theme.questions) byId.set(question.id, question);
  return {
    resourceType: "Questionnaire",
    id: questionnaireResourceId(q, careSetting),
    url: questionnaireUrl(baseUrl, q.id, careSetting),
    version: String(q.version),
    name: `${pascal(q.id)}${pascal(careSetting)}`.replace(/^[^A-Z]+/, "Q"),
    title: q.title,
    status: statusMap[q.status],
    subjectType: ["Organization"],
    description: q.description,
    useContext: [
      {
        code: { system: "http://terminology.hl7.org/CodeSystem/usage-context-type", code: "venue" },
        valueCodeableConcept: {
          coding: [{ system: `${baseUrl}/care-settings`, code: careSetting }],
          text: careSetting,
        },
      },
    ],
    item: questionsFor(q, careSetting)
      .filter(({ questions }) => questions.length > 0)
      .map(({ theme, questions }) => ({
        linkId: theme.id,
        ...codes(theme.frameworks),
        text: theme.title,
        type: "group",
        item: questions.flatMap((question) => questionItems(q, baseUrl, question, byId)),
      })),
  };
}

export type FhirQuestionnaire = ReturnType<typeof toFhirQuestionnaire>;
