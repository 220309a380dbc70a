import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { noneOfThese } from "../assessment/answers";
import { isScoredType } from "../scoring/engine";
import { isOutcomeCode, outcomeTitles } from "../frameworks/catalogue";
import {
  type DescriptorWarning,
  type Question,
  type Questionnaire,
  QuestionnaireSchema,
  type Scale,
} from "./schema";

/**
 * Checks a questionnaire file beyond its schema: ids, references, conditions, scales and lineage. Paths are
 * written the way an author reads the file, e.g. `themes[3].questions[2].levels[4].descriptor`.
 */
export interface Problem {
  path: string;
  message: string;
}

/** Wording that is probably wrong but that an author may keep, silencing it on the descriptor. */
export interface Warning extends Problem {
  kind: DescriptorWarning;
}

export type CheckResult =
  | { ok: true; questionnaire: Questionnaire; warnings: Warning[] }
  | { ok: false; problems: Problem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

function schemaProblems(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** Parses YAML text and checks it on its own (no other versions needed). */
export function checkQuestionnaireText(text: string): CheckResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: `line ${e.linePos?.[0]?.line ?? "?"}`,
        message: (e.message.split("\n")[0] ?? e.message).replace(/:$/, ""),
      })),
    };
  }
  return checkQuestionnaire(doc.toJS());
}

export function checkQuestionnaire(data: unknown): CheckResult {
  const parsed = QuestionnaireSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error) };
  const problems = referenceProblems(parsed.data);
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, questionnaire: parsed.data, warnings: descriptorWarningsOf(parsed.data) };
}

/**
 * Words that describe a shortfall ("letters are still mostly posted"). In a level that a higher level
 * includes ("All of level 2, and …"), they make the higher level affirm the shortfall too, so no
 * organisation can honestly choose it. Shortfalls belong in level 1 or in the guidance.
 */
const shortfallWords =
  /(?<![\w-])(still|only|mostly|largely|partly|partially|rarely|not yet|yet to|not all|not every|but not)(?![\w-])/i;
/** Thresholds nobody outside the organisation could check: give a number or an observable test instead. */
const vagueWords = /(?<![\w-])(most|some|main|key|several|many)(?![\w-])/i;

/**
 * Wording rules 2 (versions that declare `wordingRules: 2`). Clauses that limit what a level has ("clinicians
 * cannot view images until…", "board discussion focuses on projects"): a higher level that includes the level
 * would carry the limit upwards.
 */
const limitingClauses =
  /(?<![\w-])(cannot|can't|can not|focus(?:es)? on|only|on request|rare|rarely|limited to|until|unless|instead of|except)(?![\w-])/i;
/** Words that set a threshold without a number: allowed only when the same descriptor gives a number. */
const vagueThresholdWords =
  /(?<![\w-])(major|relevant|suitable|regularly|regular|promptly|prompt|timely|appropriate|appropriately|significant|adequate|sufficient|respected|frequently|good|robust|mature)(?![\w-])/i;
/** A number a visitor could check: digits, or a count or share in words. */
const hasNumber =
  /\d|(?<![\w-])(one|two|three|four|five|six|seven|eight|nine|ten|twelve|half|quarter|quarters|third|thirds|fifth|annually|yearly|monthly|weekly|daily|quarterly)(?![\w-])/i;

/** "All of level 2, and …" or "All of Partially achieved, and: …": the level a descriptor builds on. */
function includedLevel(descriptor: string, scale: Scale): number | undefined {
  const match = /^\s*All of (?:level (\d+)|([^,:]+?))\s*(?:,|:|\band\b)/i.exec(descriptor);
  if (!match) return undefined;
  if (match[1]) return Number(match[1]);
  const label = match[2]?.trim().toLowerCase();
  return scale.levels.find((l) => l.label.toLowerCase() === label)?.value;
}

/** The text of a descriptor after its "All of …" opening. */
const ownText = (descriptor: string) =>
  descriptor.replace(/^\s*All of (?:level \d+|[^,:]+?)\s*(?:,|:)?\s*(?:and\b:?)?/i, "");

/** A vague word in a clause (sentence, or part between semicolons) that gives no number beside it. */
function vagueWordWithoutNumber(text: string): RegExpExecArray | null {
  for (const clause of text.split(/[.;:]\s+|\.$/)) {
    const vague = vagueThresholdWords.exec(clause);
    if (vague && !hasNumber.test(clause)) return vague;
  }
  return null;
}

/**
 * For a questionnaire with `cumulativeLevels`, which levels each level builds on: every level above the second
 * builds on the one below it (the lowest level describes where an organisation starts and is never included).
 */
function cumulativeBuiltOn(scale: Scale): Map<number, number> {
  const values = [...scale.levels].sort((a, b) => a.score - b.score).map((l) => l.value);
  const builtOn = new Map<number, number>();
  for (let i = 2; i < values.length; i++) builtOn.set(values[i]!, values[i - 1]!);
  return builtOn;
}

export function descriptorWarningsOf(q: Questionnaire): Warning[] {
  const warnings: Warning[] = [];
  const scales = new Map(q.scales.map((s) => [s.id, s]));
  const strict = (q.wordingRules ?? 1) >= 2;
  for (const { question, path } of questionsOf(q)) {
    if (strict && question.type === "checklist") {
      for (const [i, item] of question.items.entries()) {
        const vague = vagueWordWithoutNumber(item.label);
        if (vague)
          warnings.push({
            path: `${path}.items[${i}].label`,
            kind: "vague-word",
            message: `"${vague[0]}" sets a threshold without a number: say how many, how often or how fast.`,
          });
      }
    }
    if (question.type !== "level" && question.type !== "outcome") continue;
    const scale = scales.get(question.scale);
    if (!scale) continue;
    const builtOn = q.cumulativeLevels ? cumulativeBuiltOn(scale) : new Map<number, number>();
    for (const d of question.levels) {
      const below = includedLevel(d.descriptor, scale);
      if (below !== undefined) builtOn.set(d.level, below);
    }
    const included = new Set<number>();
    for (const start of builtOn.keys()) {
      let at = builtOn.get(start);
      while (at !== undefined && !included.has(at)) {
        included.add(at);
        at = builtOn.get(at);
      }
    }
    /** The levels that include a level, as a warning names them. */
    const includers = (level: number) =>
      [...builtOn]
        .filter(([, below]) => below === level)
        .map(([above]) => above)
        .join(", ");
    for (const [i, d] of question.levels.entries()) {
      const silenced = new Set(d.silence ?? []);
      const text = ownText(d.descriptor);
      const at = `${path}.levels[${i}].descriptor`;
      const shortfall = shortfallWords.exec(text);
      if (included.has(d.level) && shortfall && !silenced.has("shortfall-in-included-level")) {
        warnings.push({
          path: at,
          kind: "shortfall-in-included-level",
          message: `"${shortfall[0]}" describes a shortfall, but level ${includers(d.level)} includes this level, so it would affirm the shortfall too. State only what is true at this level; put shortfalls in level 1 or the guidance.`,
        });
      }
      const vague = vagueWords.exec(text);
      if (vague && !silenced.has("vague-threshold")) {
        warnings.push({
          path: at,
          kind: "vague-threshold",
          message: `"${vague[0]}" is a threshold nobody could check: give a number or an observable test.`,
        });
      }
      if (!strict) continue;
      const limiting = limitingClauses.exec(text);
      if (included.has(d.level) && limiting && !silenced.has("limiting-clause-in-included-level")) {
        warnings.push({
          path: at,
          kind: "limiting-clause-in-included-level",
          message: `"${limiting[0]}" limits what this level has, but level ${includers(d.level)} includes this level and would carry the limit too. Say what is in place; put the limit in level 1 or the guidance.`,
        });
      }
      const vagueWord = vagueWordWithoutNumber(text);
      if (vagueWord && !silenced.has("vague-word")) {
        warnings.push({
          path: at,
          kind: "vague-word",
          message: `"${vagueWord[0]}" sets a threshold without a number: say how many, how often or how fast.`,
        });
      }
    }
  }
  return warnings;
}

export function* questionsOf(
  q: Questionnaire,
): Generator<{ question: Question; path: string; themeIndex: number }> {
  for (const [t, theme] of q.themes.entries()) {
    for (const [i, question] of theme.questions.entries()) {
      yield { question, path: `themes[${t}].questions[${i}]`, themeIndex: t };
    }
  }
}

/** The answer values a condition may name for a question of this type, or null when it cannot be a condition. */
function conditionValues(question: Question, scales: Map<string, Scale>): (string | number)[] | null {
  switch (question.type) {
    case "level":
    case "outcome":
      return scales.get(question.scale)?.levels.map((l) => l.value) ?? [];
    case "yes-no":
      return ["yes", "no"];
    case "checklist":
      return question.items.map((i) => i.id);
    default:
      return null;
  }
}

function referenceProblems(q: Questionnaire): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  const scales = new Map<string, Scale>();
  for (const [i, scale] of q.scales.entries()) {
    if (scales.has(scale.id)) add(`scales[${i}].id`, `Duplicate scale id "${scale.id}"`);
    scales.set(scale.id, scale);
    const values = scale.levels.map((l) => l.value);
    for (const [j, level] of scale.levels.entries()) {
      if (values.indexOf(level.value) !== j)
        add(`scales[${i}].levels[${j}].value`, `Duplicate level value ${level.value}`);
      if (j > 0 && level.score < (scale.levels[j - 1]?.score ?? 0)) {
        add(`scales[${i}].levels[${j}].score`, "Scores must not go down as levels go up");
      }
    }
    // The lowest answer is worth 0, so "not applicable" (which drops out) never scores below a real answer.
    if (Math.min(...scale.levels.map((l) => l.score)) !== 0)
      add(`scales[${i}].levels`, "The lowest level must score 0");
  }
  const levelScale = scales.get(q.scoring.levelScale);
  if (!levelScale) add("scoring.levelScale", `Unknown scale "${q.scoring.levelScale}"`);
  else if (levelScale.kind !== "level")
    add("scoring.levelScale", "The level scale must be a scale of kind level");

  const themeIds = new Set<string>();
  for (const [t, theme] of q.themes.entries()) {
    if (themeIds.has(theme.id)) add(`themes[${t}].id`, `Duplicate theme id "${theme.id}"`);
    themeIds.add(theme.id);
  }

  const seen = new Map<string, Question>();
  const all = new Set([...questionsOf(q)].map((x) => x.question.id));
  for (const { question, path } of questionsOf(q)) {
    if (seen.has(question.id)) add(`${path}.id`, `Duplicate question id "${question.id}"`);
    // Themes and questions share FHIR's linkId space.
    if (themeIds.has(question.id)) add(`${path}.id`, `"${question.id}" is already a theme id`);

    const mapped = new Set<string>();
    for (const [m, mapping] of (question.mappings ?? []).entries()) {
      const at = `${path}.mappings[${m}]`;
      const name = mapping.framework === "caf" ? "CAF contributing outcome" : "What Good Looks Like pillar";
      if (!isOutcomeCode(mapping.framework, mapping.code)) {
        add(`${at}.code`, `"${mapping.code}" is not a ${name} (see app/frameworks/catalogue.ts)`);
        continue;
      }
      const titles = outcomeTitles(mapping.framework, mapping.code);
      if (!titles.includes(mapping.title))
        add(`${at}.title`, `${mapping.code} is "${titles.join('" or "')}", not "${mapping.title}"`);
      const key = `${mapping.framework} ${mapping.code}`;
      if (mapped.has(key)) add(`${at}.code`, `${mapping.code} is mapped twice`);
      mapped.add(key);
    }

    for (const [c, setting] of (question.careSettings ?? []).entries()) {
      if (!q.careSettings.includes(setting)) {
        add(`${path}.careSettings[${c}]`, `"${setting}" is not one of the questionnaire's care settings`);
      }
    }

    if (question.type === "level" || question.type === "outcome") {
      const scale = scales.get(question.scale);
      if (!scale) add(`${path}.scale`, `Unknown scale "${question.scale}"`);
      else if (scale.kind !== question.type)
        add(`${path}.scale`, `A ${question.type} question needs a scale of kind ${question.type}`);
      else {
        const top = Math.max(...scale.levels.map((l) => l.value));
        for (const [d, descriptor] of question.levels.entries()) {
          if (!scale.levels.some((l) => l.value === descriptor.level)) {
            add(`${path}.levels[${d}].level`, `Level ${descriptor.level} is not on scale "${scale.id}"`);
          }
          if (question.levels.findIndex((x) => x.level === descriptor.level) !== d) {
            add(`${path}.levels[${d}].level`, `Level ${descriptor.level} is described twice`);
          }
          if (descriptor.level !== top && !descriptor.nextStep) {
            add(`${path}.levels[${d}].nextStep`, "Give advice for reaching the next level");
          }
        }
        for (const level of scale.levels) {
          if (!question.levels.some((d) => d.level === level.value)) {
            add(`${path}.levels`, `Level ${level.value} ("${level.label}") has no descriptor`);
          }
        }
      }
    }

    if (question.type === "checklist") {
      const total = question.items.reduce((sum, item) => sum + item.share, 0);
      if (Math.abs(total - 100) > 1e-9) add(`${path}.items`, `Shares add up to ${total}, not 100`);
      const ids = question.items.map((i) => i.id);
      for (const [i, id] of ids.entries()) {
        if (ids.indexOf(id) !== i) add(`${path}.items[${i}].id`, `Duplicate item id "${id}"`);
        if (id === noneOfThese)
          add(
            `${path}.items[${i}].id`,
            `"${noneOfThese}" is kept for the answer "None of these": choose another id`,
          );
      }
    }

    if (
      question.type === "number" &&
      question.min !== undefined &&
      question.max !== undefined &&
      question.min > question.max
    ) {
      add(`${path}.max`, "max must not be less than min");
    }

    for (const [c, condition] of (question.showWhen ?? []).entries()) {
      const target = seen.get(condition.question);
      const conditionPath = `${path}.showWhen[${c}]`;
      if (!target) {
        add(
          `${conditionPath}.question`,
          condition.question === question.id
            ? "A question cannot depend on itself"
            : all.has(condition.question)
              ? `"${condition.question}" comes later: conditions may only point at earlier questions`
              : `There is no question "${condition.question}"`,
        );
        continue;
      }
      const shownTo = question.careSettings ?? q.careSettings;
      const hiddenFrom = shownTo.filter(
        (setting) => target.careSettings && !target.careSettings.includes(setting),
      );
      if (hiddenFrom.length > 0) {
        add(
          `${conditionPath}.question`,
          `"${target.id}" is not shown to ${hiddenFrom.join(", ")}, so this question never would be`,
        );
      }
      const allowed = conditionValues(target, scales);
      if (!allowed) {
        add(`${conditionPath}.question`, `A ${target.type} question cannot be a condition`);
        continue;
      }
      for (const [v, value] of condition.anyOf.entries()) {
        if (!allowed.includes(value)) {
          add(
            `${conditionPath}.anyOf[${v}]`,
            `${JSON.stringify(value)} is not an answer of "${target.id}" (answers: ${allowed.join(", ")})`,
          );
        }
      }
    }
    if (question.showWhen && isScoredType(question)) {
      // Otherwise raising one answer could reveal a low-scoring question and lower a score.
      add(
        `${path}.showWhen`,
        "Only questions that carry no score (number, text, or yes/no without scores) can have conditions",
      );
    }
    if ((question.showWhen?.length ?? 0) > 1 && question.showWhen?.some((c) => c.anyOf.length > 1)) {
      add(`${path}.showWhen`, "With more than one condition, each condition may name only one answer");
    }
    seen.set(question.id, question);
  }

  for (const [c, cap] of (q.scoring.caps ?? []).entries()) {
    const at = `scoring.caps[${c}]`;
    const theme = q.themes.find((t) => t.id === cap.theme);
    if (!theme) {
      add(`${at}.theme`, `There is no theme "${cap.theme}"`);
      continue;
    }
    if (levelScale && !levelScale.levels.some((l) => l.value === cap.maxLevel))
      add(`${at}.maxLevel`, `Level ${cap.maxLevel} is not on the level scale "${levelScale.id}"`);
    for (const [i, id] of cap.questions.entries()) {
      const question = theme.questions.find((x) => x.id === id);
      if (!question) {
        add(`${at}.questions[${i}]`, `Theme "${theme.id}" has no question "${id}"`);
        continue;
      }
      if (question.type !== "level" && question.type !== "outcome") {
        add(
          `${at}.questions[${i}]`,
          `"${id}" is a ${question.type} question: a cap needs a level or outcome question`,
        );
        continue;
      }
      if (!scales.get(question.scale)?.levels.some((l) => l.value === cap.atOrBelow))
        add(`${at}.atOrBelow`, `${cap.atOrBelow} is not an answer of "${id}" (scale "${question.scale}")`);
    }
  }

  if (q.previousVersion !== undefined && q.previousVersion >= q.version) {
    add("previousVersion", "previousVersion must be lower than version");
  }
  if (q.previousVersion === undefined && q.retiredQuestions.length > 0) {
    add("retiredQuestions", "Only a version with a previousVersion can retire questions");
  }
  return problems;
}

/**
 * Checks that a new version's lineage points into the version it follows: each continued question exists
 * there, and every question there is either continued or listed as retired.
 */
export function lineageProblems(current: Questionnaire, previous: Questionnaire | undefined): Problem[] {
  if (current.previousVersion === undefined) return [];
  if (!previous)
    return [
      {
        path: "previousVersion",
        message: `There is no version ${current.previousVersion} of "${current.id}"`,
      },
    ];
  const problems: Problem[] = [];
  const before = new Set([...questionsOf(previous)].map((x) => x.question.id));
  const continued = new Set<string>();
  for (const { question, path } of questionsOf(current)) {
    if (!question.lineage) {
      problems.push({
        path: `${path}.lineage`,
        message: "Say which question of the previous version this continues (or change: new)",
      });
      continue;
    }
    if (question.lineage.change === "reworded" && (current.wordingRules ?? 1) >= 2)
      problems.push({
        path: `${path}.lineage.change`,
        message:
          "Say equivalent (reworded, and an answer to the old wording is still true: it carries forward) or changed (it is not)",
      });
    if (question.lineage.change === "new") continue;
    const from = question.lineage.from ?? question.id;
    if (!before.has(from))
      problems.push({
        path: `${path}.lineage.from`,
        message: `Version ${previous.version} has no question "${from}"`,
      });
    continued.add(from);
  }
  for (const [i, id] of current.retiredQuestions.entries()) {
    if (!before.has(id))
      problems.push({
        path: `retiredQuestions[${i}]`,
        message: `Version ${previous.version} has no question "${id}"`,
      });
    if (continued.has(id))
      problems.push({ path: `retiredQuestions[${i}]`, message: `"${id}" is both continued and retired` });
  }
  for (const id of before) {
    if (!continued.has(id) && !current.retiredQuestions.includes(id)) {
      problems.push({
        path: "retiredQuestions",
        message: `"${id}" of version ${previous.version} is neither continued nor retired`,
      });
    }
  }
  return problems;
}
