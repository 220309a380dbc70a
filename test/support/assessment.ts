import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Answer, type AnswerValue, isAnswered, isShown } from "../../app/assessment/answers";
import { cycleOf } from "../../app/domain/cycle";
import type { CareSetting } from "../../app/domain/organisation";
import { checkQuestionnaireText } from "../../app/questionnaire/check";
import type { Question, Questionnaire } from "../../app/questionnaire/schema";
import { Client } from "./client";
import { coreQuestionnaireRef, coreVersion } from "./core-version";
import type { RunningServer } from "./server";
import { openReadonlyDatabase, type ReadonlyDb } from "./sync-database";

/**
 * Helpers for the HTTP tests of the assessment journey: the demo people, starting an assessment, posting
 * answers (theme page and autosave), reading the server's database read-only, and reading rendered HTML.
 */

export const people = {
  lead: "lead@demo.example",
  contributor: "contributor@demo.example",
  board: "board@demo.example",
  analyst: "analyst@demo.example",
  admin: "admin@demo.example",
} as const;
export type Person = keyof typeof people;

export const personNames: Record<Person, string> = {
  lead: "Lena Lead (demo)",
  contributor: "Cal Contributor (demo)",
  board: "Bea Board (demo)",
  analyst: "Ana Analyst (demo)",
  admin: "Adam Admin (demo)",
};

export const signIn = (server: RunningServer, who: Person) => new Client(server.url).signIn(people[who]);

export async function signInAll(server: RunningServer): Promise<Record<Person, Client>> {
  const entries = await Promise.all(
    (Object.keys(people) as Person[]).map(async (who) => [who, await signIn(server, who)] as const),
  );
  return Object.fromEntries(entries) as Record<Person, Client>;
}

/** The cycle the start page offers first (the current NHS financial year). */
export const currentCycle = () => cycleOf(new Date());

export { coreQuestionnaireRef, coreVersion } from "./core-version";

let core: Questionnaire | undefined;
/** The newest core questionnaire file (the version the start page offers), checked and with its defaults applied (required, notApplicableAllowed). */
export function coreQuestionnaire(): Questionnaire {
  if (!core) {
    const path = fileURLToPath(
      new URL(`../../questionnaires/core-digital-maturity/v${coreVersion}.yaml`, import.meta.url),
    );
    const result = checkQuestionnaireText(readFileSync(path, "utf8"));
    if (!result.ok) throw new Error(`core questionnaire does not check: ${JSON.stringify(result.problems)}`);
    core = result.questionnaire;
  }
  return core;
}

export const startPath = (odsCode: string) => `/organisations/${odsCode}/assessments/new`;

/** Starts the core questionnaire for an organisation and answers the new assessment's id. */
export async function startAssessment(client: Client, odsCode = "ZD01", cycle = currentCycle()) {
  const response = await client.post(startPath(odsCode), { questionnaire: coreQuestionnaireRef, cycle });
  const location = response.headers.get("Location") ?? "";
  const match = /^\/assessments\/(\d+)$/.exec(location);
  if (response.status !== 302 || !match)
    throw new Error(
      `start answered ${response.status} ${location}: ${(await response.text()).slice(0, 500)}`,
    );
  return Number(match[1]);
}

/**
 * An open assessment of the core questionnaire for the organisation and cycle: a new one, or the one already
 * open (the demo data may hold one).
 */
export async function openAssessment(client: Client, odsCode: string, cycle = currentCycle()) {
  const response = await client.post(startPath(odsCode), { questionnaire: coreQuestionnaireRef, cycle });
  const location = response.headers.get("Location") ?? "";
  if (response.status === 302 && /^\/assessments\/\d+$/.test(location)) return Number(location.split("/")[2]);
  const html = await response.text();
  const open = /href="\/assessments\/(\d+)"[^>]*>Go to the open assessment/.exec(html);
  if (response.status === 409 && open) return Number(open[1]);
  throw new Error(`start answered ${response.status} ${location}: ${html.slice(0, 500)}`);
}

/** One question's form fields, as `answers.<questionId>.<field>` names take them. */
export type Fields = Partial<
  Record<"value" | "notApplicable" | "reason" | "evidence" | "links" | "revision", string | string[]>
>;

export function answerFields(answers: Record<string, Fields>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [questionId, f] of Object.entries(answers))
    for (const [name, value] of Object.entries(f))
      if (value !== undefined) fields[`answers.${questionId}.${name}`] = value;
  return fields;
}

export interface SaveResultJson {
  questionId: string;
  outcome: "saved" | "unchanged" | "conflict" | "closed";
  revision?: number;
  updatedAt?: string;
  current?: Answer & { revision: number; updatedBy: string | null; updatedAt: string };
}
export interface AutosaveJson {
  results?: SaveResultJson[];
  errors?: Record<string, string>;
  error?: string;
}

/** Posts to the autosave endpoint as the theme page's script does: CSRF token in X-CSRF-Token. */
export async function autosave(
  client: Client,
  assessmentId: number,
  answers: Record<string, Fields> | URLSearchParams | string,
  { csrfHeader = client.csrfToken as string | null } = {},
): Promise<{ status: number; contentType: string; json: AutosaveJson }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (csrfHeader !== null) headers["X-CSRF-Token"] = csrfHeader;
  let body: URLSearchParams | string;
  if (typeof answers === "string" || answers instanceof URLSearchParams) {
    body = answers;
    if (typeof answers === "string") headers["Content-Type"] = "application/x-www-form-urlencoded";
  } else {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(answerFields(answers)))
      for (const item of [v].flat()) body.append(k, item);
  }
  const response = await client.request(`/assessments/${assessmentId}/answers`, {
    method: "POST",
    headers,
    body,
  });
  const text = await response.text();
  let json: AutosaveJson;
  try {
    json = JSON.parse(text) as AutosaveJson;
  } catch {
    throw new Error(`autosave answered ${response.status} without JSON: ${text.slice(0, 300)}`);
  }
  return { status: response.status, contentType: response.headers.get("Content-Type") ?? "", json };
}

/**
 * A theme page answers a post that fails with a redirect to itself (`?failed=key`), whose GET shows the
 * errors with status 400 (or 409): follows it as a browser does. Any other response is returned as it is.
 */
export async function followFailedPost(client: Client, response: Response): Promise<Response> {
  const location = response.headers.get("Location") ?? "";
  if (response.status !== 302 || !/\?failed=[0-9a-f]{16}$/.test(location)) return response;
  return client.get(location);
}

/** Posts a theme page as a browser without JavaScript does (following a failed post's redirect). */
export async function postTheme(
  client: Client,
  assessmentId: number,
  themeId: string,
  intent: string | null,
  answers: Record<string, Fields>,
  extra: Record<string, string> = {},
) {
  const response = await client.post(`/assessments/${assessmentId}/themes/${themeId}`, {
    ...(intent === null ? {} : { intent }),
    ...answerFields(answers),
    ...extra,
  });
  return followFailedPost(client, response);
}

// ---------------------------------------------------------------------------------------------------------
// The server's database, read-only: what was written, independent of what the pages say.

export function openDatabase(server: RunningServer): ReadonlyDb {
  return openReadonlyDatabase(server.databaseUrl);
}
export type { ReadonlyDb };

export function rowCounts(db: ReadonlyDb) {
  const count = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    answer: count("answer"),
    answer_change: count("answer_change"),
    assessment: count("assessment"),
    assessment_review: count("assessment_review"),
    theme_assignment: count("theme_assignment"),
  };
}

/**
 * A fingerprint of everything an assessment action may write, to compare before and after a refused
 * request. Aggregates rather than rows, because the demo data holds thousands of answers; every write the
 * service makes adds a row or moves a revision, an id or a timestamp.
 */
export function databaseSnapshot(db: ReadonlyDb) {
  const get = (sql: string) => db.prepare(sql).get();
  const list = (sql: string) =>
    (db.prepare(sql).all() as { item: unknown }[]).map((r) => String(r.item)).join(",");
  return {
    answer: get(
      "SELECT count(*) AS n, coalesce(sum(revision), 0) AS revisions, max(updated_at) AS updated, coalesce(sum(length(value)), 0) AS values_, coalesce(sum(length(evidence)), 0) AS evidence, coalesce(sum(length(not_applicable_reason)), 0) AS reasons, coalesce(sum(length(evidence_links)), 0) AS links FROM answer",
    ),
    answerChange: get("SELECT count(*) AS n, max(id) AS last FROM answer_change"),
    assessment: get(
      "SELECT count(*) AS n, max(updated_at) AS updated, count(submitted_at) AS submitted FROM assessment",
    ),
    assessmentStatuses: list("SELECT status AS item FROM assessment ORDER BY id"),
    review: get("SELECT count(*) AS n, max(id) AS last FROM assessment_review"),
    assignment: get("SELECT count(*) AS n FROM theme_assignment"),
    assignmentRows: list(
      "SELECT assessment_id || ':' || theme_id || ':' || person_id AS item FROM theme_assignment ORDER BY assessment_id, theme_id",
    ),
    audit: get("SELECT count(*) AS n, max(id) AS last FROM audit_event WHERE action LIKE 'assessment.%'"),
    // Submission saves a report.
    report: get("SELECT count(*) AS n FROM report"),
  };
}

export interface StoredRow {
  question_id: string;
  value: string | null;
  not_applicable_reason: string | null;
  evidence: string;
  evidence_links: string;
  revision: number;
}

export function storedAnswers(db: ReadonlyDb, assessmentId: number): Map<string, StoredRow> {
  const rows = db
    .prepare(
      "SELECT question_id, value, not_applicable_reason, evidence, evidence_links, revision FROM answer WHERE assessment_id = ?",
    )
    .all(assessmentId) as StoredRow[];
  return new Map(rows.map((r) => [r.question_id, r]));
}

export function storedValue(db: ReadonlyDb, assessmentId: number, questionId: string): unknown {
  const row = storedAnswers(db, assessmentId).get(questionId);
  return row?.value == null ? null : JSON.parse(row.value);
}

export function assessmentStatus(db: ReadonlyDb, assessmentId: number): string | undefined {
  return (
    db.prepare("SELECT status FROM assessment WHERE id = ?").get(assessmentId) as
      | { status: string }
      | undefined
  )?.status;
}

function asAnswers(rows: Map<string, StoredRow>): Map<string, Answer> {
  return new Map(
    [...rows.values()].map((r) => [
      r.question_id,
      {
        questionId: r.question_id,
        value: r.value === null ? null : (JSON.parse(r.value) as AnswerValue),
        notApplicableReason: r.not_applicable_reason,
        evidence: r.evidence,
        evidenceLinks: JSON.parse(r.evidence_links) as string[],
      },
    ]),
  );
}

/** A valid answer for any question type, as a form value. */
export function validValue(question: Question): string | string[] {
  switch (question.type) {
    case "level":
      return "3";
    case "outcome":
      return "2";
    case "yes-no":
      return "no";
    case "checklist":
      return [question.items[0]!.id];
    case "number":
      return String(Math.min(Math.max(10, question.min ?? 10), question.max ?? 10));
    case "text":
      return "Answered by the test";
  }
}

const formToValue = (question: Question, value: string | string[]): AnswerValue =>
  question.type === "level" || question.type === "outcome" || question.type === "number"
    ? Number(value)
    : question.type === "checklist"
      ? [value].flat()
      : (value as string);

/**
 * Answers, through the autosave endpoint, every required question that is shown for the care setting and
 * not yet answered, taking `showWhen` conditions into account in questionnaire order. Extra fields per
 * question (evidence, N/A) may be given in `overrides`. Answers the answers as the server holds them.
 */
export async function answerAllRequired(
  client: Client,
  server: RunningServer,
  assessmentId: number,
  { careSetting = "acute" as CareSetting, overrides = {} as Record<string, Fields> } = {},
) {
  const db = openDatabase(server);
  try {
    const stored = storedAnswers(db, assessmentId);
    const answers = asAnswers(stored);
    const toPost: Record<string, Fields> = {};
    for (const theme of coreQuestionnaire().themes) {
      for (const question of theme.questions) {
        if (!isShown(question, careSetting, answers)) continue;
        const override = overrides[question.id];
        if (!override && (!question.required || isAnswered(answers.get(question.id)))) continue;
        const fields: Fields = {
          value: validValue(question),
          ...override,
          revision: String(stored.get(question.id)?.revision ?? 0),
        };
        toPost[question.id] = fields;
        const notApplicable = fields.notApplicable === "yes";
        answers.set(question.id, {
          questionId: question.id,
          value: notApplicable || fields.value === undefined ? null : formToValue(question, fields.value),
          notApplicableReason: notApplicable ? String(fields.reason ?? "") : null,
          evidence: String(fields.evidence ?? ""),
          evidenceLinks: [],
        });
      }
    }
    const { status, json } = await autosave(client, assessmentId, toPost);
    if (status !== 200)
      throw new Error(`answering every question answered ${status}: ${JSON.stringify(json).slice(0, 1000)}`);
    return asAnswers(storedAnswers(db, assessmentId));
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading rendered HTML.

export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, "\u00a0")
    .replace(/&amp;/g, "&");
}

/** The words of a page (or part of one) as a person reads them: no tags, no scripts, single spaces. */
export function textOf(html: string): string {
  return decodeEntities(
    html
      .replace(/<script[\s\S]*?<\/script>/gi, " ")
      .replace(/<style[\s\S]*?<\/style>/gi, " ")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<\/?(?:a|abbr|b|em|i|span|strong)\b[^>]*>/gi, "")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();
}

/** The links of the NHS error summary ("There is a problem"): where each points, and what it says. */
export function errorSummary(
  html: string,
): { title: string; links: { href: string; text: string }[] } | null {
  const start = html.indexOf('class="nhsuk-error-summary"');
  if (start < 0) return null;
  const end = html.indexOf("</ul>", start);
  const block = html.slice(start, end);
  const title = textOf(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(block)?.[1] ?? "");
  const links = [...block.matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decodeEntities(m[1]!),
    text: textOf(m[2]!),
  }));
  return { title, links };
}

/** Every element id on a page. */
export const elementIds = (html: string) =>
  new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1]!)));

function inputTags(html: string, name: string): string[] {
  return [...html.matchAll(/<input\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes(` name="${name}"`));
}

const attribute = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeEntities(m[1]!) : undefined;
};

/** The values of the checked radios or checkboxes of a field. */
export const checkedValues = (html: string, name: string) =>
  inputTags(html, name)
    .filter((tag) => /\schecked=""/.test(tag))
    .map((tag) => attribute(tag, "value"));

/** The value of a (hidden or text) input. */
export const inputValue = (html: string, name: string) => {
  const [tag] = inputTags(html, name);
  return tag === undefined ? undefined : attribute(tag, "value");
};

/** The text in a textarea. */
export function textareaValue(html: string, name: string): string | undefined {
  for (const m of html.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    if (m[1]!.includes(` name="${name}"`)) return decodeEntities(m[2]!).replace(/^\n/, "");
  }
  return undefined;
}

/** The task list item of a theme on the assessment overview. */
export function taskListItem(html: string, assessmentId: number, themeId: string): string {
  const at = html.indexOf(`href="/assessments/${assessmentId}/themes/${themeId}"`);
  if (at < 0) throw new Error(`no task list item for ${themeId}`);
  const start = html.lastIndexOf("<li", at);
  return textOf(html.slice(start, html.indexOf("</li>", at)));
}

/** A row of the check-answers page, by question id. */
export function checkRow(html: string, questionId: string): string | undefined {
  const at = html.indexOf(`id="answer-${questionId}"`);
  if (at < 0) return undefined;
  return textOf(html.slice(at, html.indexOf("</div>", at)));
}

/** RFC 4180 CSV, as a spreadsheet reads it. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
