import { z } from "zod";
import { type Answer, type AnswerFields, noneOfThese } from "../assessment/answers";
import type { CareSetting } from "../domain/organisation";
import {
  answerSystem,
  checklistSystem,
  hasEvidence,
  isCodedYesNo,
  linkIds,
  notApplicableCode,
  notApplicableStyle,
  questionsFor,
  scaleSystem,
} from "../questionnaire/fhir";
import type { Question, Questionnaire } from "../questionnaire/schema";

/**
 * A QuestionnaireResponse back into answer fields: the exact inverse of the export (app/assessment/export.ts),
 * against the Questionnaire of the organisation's care setting. Pure. The fields it returns are what a theme
 * page would post, so the same zod schema (answerFieldsSchema) validates them. Every problem is reported with
 * where it is; the caller refuses the whole response if there is any.
 */

const ResponseAnswerSchema: z.ZodType<ResponseAnswer> = z.lazy(() =>
  z
    .object({
      valueBoolean: z.boolean().optional(),
      valueDecimal: z.number().optional(),
      valueInteger: z.number().int().optional(),
      valueString: z.string().optional(),
      valueUri: z.string().optional(),
      valueCoding: z
        .object({
          system: z.string().optional(),
          code: z.string().optional(),
          display: z.string().optional(),
        })
        .loose()
        .optional(),
      item: z.array(ResponseItemSchema).optional(),
    })
    .loose(),
);
const ResponseItemSchema: z.ZodType<ResponseItem> = z.lazy(() =>
  z
    .object({
      linkId: z.string().min(1).max(200),
      text: z.string().optional(),
      answer: z.array(ResponseAnswerSchema).max(50).optional(),
      item: z.array(ResponseItemSchema).max(500).optional(),
    })
    .loose(),
);
export interface ResponseAnswer {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  valueString?: string;
  valueUri?: string;
  valueCoding?: { system?: string; code?: string; display?: string };
  item?: ResponseItem[];
}
export interface ResponseItem {
  linkId: string;
  text?: string;
  answer?: ResponseAnswer[];
  item?: ResponseItem[];
}

export const QuestionnaireResponseSchema = z
  .object({
    resourceType: z.literal("QuestionnaireResponse"),
    id: z.string().optional(),
    meta: z.object({ versionId: z.string().optional() }).loose().optional(),
    identifier: z.object({ system: z.string().optional(), value: z.string().optional() }).loose().optional(),
    questionnaire: z.string({ error: "questionnaire is required" }).max(500),
    status: z.enum(["in-progress", "completed", "amended", "entered-in-error", "stopped"]),
    subject: z
      .object({
        identifier: z.object({ system: z.string(), value: z.string().max(20) }),
        display: z.string().optional(),
      })
      .loose(),
    authored: z.string().optional(),
    item: z.array(ResponseItemSchema).max(100).optional(),
  })
  .loose();
export type ImportedResponse = z.infer<typeof QuestionnaireResponseSchema>;

export interface ImportProblem {
  expression: string;
  diagnostics: string;
}

/** Which parts of a question's answer a response gives: the rest is left as it is stored. */
export type AnswerPart = "answer" | "evidence" | "links";
type Fields = AnswerFields & { given: Set<AnswerPart> };

const valueKeys = [
  "valueBoolean",
  "valueDecimal",
  "valueInteger",
  "valueString",
  "valueUri",
  "valueCoding",
] as const;
const valueKeyOf = (a: ResponseAnswer) => valueKeys.filter((k) => a[k] !== undefined);

/** The answer fields of every question the response mentions, or the problems that stop the import. */
export function responseToFields(
  q: Questionnaire,
  careSetting: CareSetting,
  response: ImportedResponse,
  baseUrl: string,
): {
  fields: Map<string, { fields: AnswerFields; given: Set<AnswerPart>; themeId: string; question: Question }>;
  problems: ImportProblem[];
} {
  const problems: ImportProblem[] = [];
  const fields = new Map<string, { fields: Fields; themeId: string; question: Question }>();
  const problem = (expression: string, diagnostics: string) => problems.push({ expression, diagnostics });
  const themes = new Map(
    questionsFor(q, careSetting)
      .filter((t) => t.questions.length > 0)
      .map((t) => [t.theme.id, t]),
  );
  const seenThemes = new Set<string>();

  for (const [g, group] of (response.item ?? []).entries()) {
    const at = `QuestionnaireResponse.item[${g}]`;
    const theme = themes.get(group.linkId);
    if (!theme) {
      problem(at, `"${group.linkId.slice(0, 80)}" is not a group of this Questionnaire`);
      continue;
    }
    if (seenThemes.has(group.linkId)) problem(at, `The group "${group.linkId}" appears twice`);
    seenThemes.add(group.linkId);
    if (group.answer?.length) problem(`${at}.answer`, "A group has no answers");
    const byLinkId = new Map<
      string,
      { question: Question; part: "answer" | "not-applicable" | "evidence" | "links" }
    >();
    for (const question of theme.questions) {
      byLinkId.set(question.id, { question, part: "answer" });
      if (notApplicableStyle(question) === "sibling")
        byLinkId.set(linkIds.notApplicable(question.id), { question, part: "not-applicable" });
      if (hasEvidence(question)) {
        byLinkId.set(linkIds.evidence(question.id), { question, part: "evidence" });
        byLinkId.set(linkIds.links(question.id), { question, part: "links" });
      }
    }
    const seen = new Set<string>();
    for (const [n, item] of (group.item ?? []).entries()) {
      const where = `${at}.item[${n}]`;
      const target = byLinkId.get(item.linkId);
      if (!target) {
        problem(where, `"${item.linkId.slice(0, 80)}" is not an item of the group "${group.linkId}"`);
        continue;
      }
      if (seen.has(item.linkId)) {
        problem(where, `"${item.linkId}" appears twice`);
        continue;
      }
      seen.add(item.linkId);
      if (item.item?.length)
        problem(`${where}.item`, "Items nested under a question belong under one of its answers");
      const { question, part } = target;
      let entry = fields.get(question.id);
      if (!entry) {
        entry = { fields: { given: new Set() }, themeId: theme.theme.id, question };
        fields.set(question.id, entry);
      }
      entry.fields.given.add(part === "not-applicable" ? "answer" : part);
      readPart(q, baseUrl, question, part, item, entry.fields, where, problem);
    }
  }
  const out = new Map<
    string,
    { fields: AnswerFields; given: Set<AnswerPart>; themeId: string; question: Question }
  >();
  for (const [id, { fields: f, themeId, question }] of fields) {
    const { given, ...rest } = f;
    out.set(id, { fields: rest, given, themeId, question });
  }
  return { fields: out, problems };
}

function readPart(
  q: Questionnaire,
  baseUrl: string,
  question: Question,
  part: "answer" | "not-applicable" | "evidence" | "links",
  item: ResponseItem,
  fields: AnswerFields,
  where: string,
  problem: (expression: string, diagnostics: string) => void,
) {
  const answers = item.answer ?? [];
  const only = (key: (typeof valueKeys)[number], expected: string) => {
    for (const [n, a] of answers.entries()) {
      const keys = valueKeyOf(a);
      if (keys.length !== 1 || keys[0] !== key)
        problem(
          `${where}.answer[${n}]`,
          `Expected ${expected} (${key}), found ${keys.join(", ") || "no value"}`,
        );
    }
  };
  const noNested = (allowedReason: boolean) => {
    for (const [n, a] of answers.entries()) {
      if (!a.item?.length) continue;
      if (!allowedReason) problem(`${where}.answer[${n}].item`, "This answer has no nested items");
    }
  };
  const reasonFrom = (a: ResponseAnswer, at: string) => {
    let reason = "";
    for (const [m, child] of (a.item ?? []).entries()) {
      if (child.linkId !== linkIds.reason(question.id)) {
        problem(
          `${at}.item[${m}]`,
          `"${child.linkId.slice(0, 80)}" cannot be nested here (only ${linkIds.reason(question.id)})`,
        );
        continue;
      }
      const texts = (child.answer ?? []).map((r) => r.valueString);
      if (texts.length !== 1 || texts[0] === undefined)
        problem(`${at}.item[${m}].answer`, "The reason is one valueString");
      else reason = texts[0];
    }
    return reason;
  };

  if (part === "evidence") {
    only("valueString", "text");
    noNested(false);
    if (answers.length > 1) problem(`${where}.answer`, "Evidence is one text answer");
    fields.evidence = answers[0]?.valueString ?? "";
    return;
  }
  if (part === "links") {
    for (const [n, a] of answers.entries()) {
      const keys = valueKeyOf(a);
      if (keys.length !== 1 || (keys[0] !== "valueString" && keys[0] !== "valueUri"))
        problem(
          `${where}.answer[${n}]`,
          `Expected a web address (valueString), found ${keys.join(", ") || "no value"}`,
        );
    }
    noNested(false);
    fields.links = answers.map((a) => a.valueString ?? a.valueUri ?? "").join("\n");
    return;
  }
  if (part === "not-applicable") {
    only("valueBoolean", "true or false");
    if (answers.length > 1) problem(`${where}.answer`, "Not applicable is one answer");
    const a = answers[0];
    if (a?.valueBoolean === true) {
      fields.notApplicable = "yes";
      fields.reason = reasonFrom(a, `${where}.answer[0]`);
    } else noNested(false);
    return;
  }

  // The question's own answer.
  const coded =
    question.type === "level" ||
    question.type === "outcome" ||
    question.type === "checklist" ||
    isCodedYesNo(question);
  if (answers.length > 1 && question.type !== "checklist")
    problem(`${where}.answer`, "This question takes one answer");
  if (coded) {
    only("valueCoding", "a coding from the item's answer options");
    const system =
      question.type === "checklist"
        ? checklistSystem(baseUrl, q, question)
        : question.type === "yes-no"
          ? answerSystem(baseUrl)
          : scaleSystem(baseUrl, q, { id: (question as { scale: string }).scale });
    const codes: string[] = [];
    for (const [n, a] of answers.entries()) {
      const coding = a.valueCoding;
      if (!coding) continue;
      const at = `${where}.answer[${n}]`;
      if (
        coding.code === notApplicableCode &&
        coding.system === answerSystem(baseUrl) &&
        question.notApplicableAllowed
      ) {
        if (answers.length > 1) problem(at, "Not applicable cannot be given with other answers");
        fields.notApplicable = "yes";
        fields.reason = reasonFrom(a, at);
        continue;
      }
      if (a.item?.length) problem(`${at}.item`, "Only a 'not applicable' answer has nested items");
      if (coding.system !== system || !coding.code) {
        problem(
          at,
          `${coding.system ?? "(no system)"}|${coding.code ?? ""} is not one of this item's answer options`,
        );
        continue;
      }
      codes.push(coding.code);
    }
    if (fields.notApplicable) return;
    if (question.type === "checklist") fields.value = codes;
    else if (codes[0] !== undefined) fields.value = codes[0];
    return;
  }
  noNested(false);
  const a = answers[0];
  switch (question.type) {
    case "yes-no":
      only("valueBoolean", "true or false");
      if (a?.valueBoolean !== undefined) fields.value = a.valueBoolean ? "yes" : "no";
      return;
    case "number": {
      for (const [n, x] of answers.entries()) {
        const keys = valueKeyOf(x);
        if (keys.length !== 1 || (keys[0] !== "valueDecimal" && keys[0] !== "valueInteger"))
          problem(
            `${where}.answer[${n}]`,
            `Expected a number (valueDecimal), found ${keys.join(", ") || "no value"}`,
          );
      }
      const n = a?.valueDecimal ?? a?.valueInteger;
      if (n !== undefined) fields.value = String(n);
      return;
    }
    case "text":
      only("valueString", "text");
      if (a?.valueString !== undefined) fields.value = a.valueString;
      return;
  }
}

/** A stored answer as the fields a page would post for it, to merge the parts a response leaves out. */
export function storedToFields(answer: Answer | undefined): AnswerFields {
  if (!answer) return {};
  const links = answer.evidenceLinks.join("\n");
  const common = { evidence: answer.evidence, ...(links ? { links } : {}) };
  if (answer.notApplicableReason != null)
    return { ...common, notApplicable: "yes", reason: answer.notApplicableReason };
  const v = answer.value;
  if (v === null) return common;
  if (Array.isArray(v)) return { ...common, value: v.length === 0 ? [noneOfThese] : v };
  return { ...common, value: String(v) };
}

/** The fields to save: the response's parts over the stored answer's. */
export function mergeFields(stored: AnswerFields, given: AnswerFields, parts: Set<AnswerPart>): AnswerFields {
  return {
    ...(parts.has("answer")
      ? { value: given.value, notApplicable: given.notApplicable, reason: given.reason }
      : { value: stored.value, notApplicable: stored.notApplicable, reason: stored.reason }),
    evidence: parts.has("evidence") ? given.evidence : stored.evidence,
    links: parts.has("links") ? given.links : stored.links,
  };
}
