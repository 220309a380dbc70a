import AxeBuilder from "@axe-core/playwright";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { readdirSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { Client } from "../../support/client";
import { openReadonlyDatabase } from "../../support/sync-database";

export const demoPassword = "demo-password-2026";

/** The system Chromium, headless. Never downloads a browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Collects console errors and uncaught page errors, Content-Security-Policy violations among them. A test
 * that expects an error status (a 404 page, a 400 from a rejected form) allows the browser's
 * "Failed to load resource" message for that status and nothing else.
 */
export class ConsoleGuard {
  readonly errors: string[] = [];
  private allowed = new Set<number>();

  constructor(page: Page) {
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const status = message
        .text()
        .match(/^Failed to load resource: the server responded with a status of (\d{3})/);
      if (status && this.allowed.has(Number(status[1]))) return;
      const { url, lineNumber } = message.location();
      this.errors.push(`console.error: ${message.text()}${url ? ` (at ${url}:${lineNumber})` : ""}`);
    });
    page.on("pageerror", (error) => {
      this.errors.push(`uncaught: ${error.stack ?? error.message}`);
    });
  }

  allowStatus(...statuses: number[]) {
    for (const s of statuses) this.allowed.add(s);
  }

  assertClean() {
    if (this.errors.length > 0) {
      throw new Error(`The page reported ${this.errors.length} error(s):\n${this.errors.join("\n")}`);
    }
  }
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  console: ConsoleGuard;
  javaScriptEnabled: boolean;
  /** Fails if the page reported errors, then closes the context. */
  finish: () => Promise<void>;
}

const javaScriptOf = new WeakMap<Page, boolean>();

/** A fresh context (no cookies) and page, watched for console errors. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<TestPage> {
  const javaScriptEnabled = options.javaScriptEnabled ?? true;
  const context = await browser.newContext({ ...options, javaScriptEnabled });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  javaScriptOf.set(page, javaScriptEnabled);
  const guard = new ConsoleGuard(page);
  return {
    context,
    page,
    console: guard,
    javaScriptEnabled,
    finish: async () => {
      try {
        guard.assertClean();
      } finally {
        await context.close();
      }
    },
  };
}

/** With JavaScript on, waits until React has hydrated (root.tsx marks the body in an effect). */
export async function waitForHydration(page: Page) {
  if (javaScriptOf.get(page) === false) return;
  await page.locator("body.js-enabled").waitFor({ state: "attached" });
}

/** Opens a path and, with JavaScript on, waits for hydration. Returns the document's response status. */
export async function visit(page: Page, url: string, waitUntil: "load" | "networkidle" = "load") {
  const response = await page.goto(url, { waitUntil });
  await waitForHydration(page);
  return response?.status() ?? 0;
}

/** Fills the sign-in form on the current page and submits it, without waiting for the outcome. */
export async function submitSignIn(page: Page, email: string, password = demoPassword) {
  await waitForHydration(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signs in through the NHS form and waits until the browser has left the sign-in page. Stays on the current
 * page when it already is a sign-in page (so that its redirectTo is kept).
 */
export async function signIn(page: Page, baseUrl: string, email: string, password = demoPassword) {
  const current = new URL(page.url());
  if (current.origin !== new URL(baseUrl).origin || current.pathname !== "/sign-in") {
    await visit(page, `${baseUrl}/sign-in`);
  }
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/sign-in"),
    submitSignIn(page, email, password),
  ]);
  await waitForHydration(page);
}

/** Runs axe for WCAG 2.0/2.1/2.2 A and AA, and fails listing each violation. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.map((v) => {
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => `    ${n.target.map(String).join(" > ")}`)
      .join("\n");
    const more = v.nodes.length > 3 ? `\n    … and ${v.nodes.length - 3} more` : "";
    return `  ${v.id} (${v.impact ?? "unknown impact"}): ${v.help}\n${targets}${more}`;
  });
  throw new Error(
    `axe found ${results.violations.length} violation(s) on ${page.url()}:\n${lines.join("\n")}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Assessment journey helpers (journey, autosave and conflict tests).

/** The origin and id of the assessment a page at /assessments/<id>/… belongs to. */
function assessmentOf(page: Page) {
  const url = new URL(page.url());
  const id = Number(url.pathname.match(/^\/assessments\/(\d+)/)?.[1]);
  if (!id) throw new Error(`${page.url()} is not an assessment page`);
  return { origin: url.origin, id };
}

/**
 * axe for the page as the browser rendered it: with JavaScript on, in place; with JavaScript off, on a copy of
 * its document (scripts removed, so nothing hydrates) opened in a JavaScript-enabled context, because axe
 * itself needs JavaScript and never answers in a context without it.
 */
export async function expectNoAxeViolationsAsRendered(page: Page) {
  if (javaScriptOf.get(page) !== false) return expectNoAxeViolations(page);
  return expectNoAxeViolationsWithoutJavaScript(page);
}

/** See expectNoAxeViolationsAsRendered: scans a copy of a page rendered without JavaScript. */
export async function expectNoAxeViolationsWithoutJavaScript(page: Page) {
  const browser = page.context().browser();
  if (!browser) throw new Error("the page has no browser");
  const address = new URL(page.url());
  address.hash = "";
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "");
  // One scanning context per browser (closed with it), so that styles load once.
  let context = scanners.get(browser);
  if (!context) {
    context = await browser.newContext();
    scanners.set(browser, context);
  }
  const copy = await context.newPage();
  try {
    const size = page.viewportSize();
    if (size) await copy.setViewportSize(size);
    await copy.route(
      (url) => url.href === address.href,
      (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
    );
    await copy.goto(page.url(), { waitUntil: "load" });
    await expectNoAxeViolations(copy);
  } finally {
    await copy.close();
  }
}

const scanners = new WeakMap<Browser, BrowserContext>();

/** The session's CSRF token, from the hidden `csrf` field every signed-in page carries (sign-out form). */
export async function csrfTokenOf(page: Page): Promise<string> {
  const token = await page.locator('input[type="hidden"][name="csrf"]').first().getAttribute("value");
  if (!token) throw new Error(`no csrf field on ${page.url()}`);
  return token;
}

export interface AutosaveResponse {
  status: number;
  body: {
    results?: { questionId: string; outcome: string; revision?: number }[];
    errors?: Record<string, string>;
    error?: string;
  };
}

/**
 * Posts answer fields (`answers.<question>.<field>` → value) to the autosave endpoint of the assessment the
 * page shows, as the page's signed-in person: the browser context's cookies and the page's CSRF token.
 */
export async function postAnswers(
  page: Page,
  fields: Record<string, string | string[]>,
): Promise<AutosaveResponse> {
  const { origin, id } = assessmentOf(page);
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  const response = await page.context().request.post(`${origin}/assessments/${id}/answers`, {
    headers: {
      "X-CSRF-Token": await csrfTokenOf(page),
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
    },
    data: form.toString(),
  });
  return { status: response.status(), body: (await response.json()) as AutosaveResponse["body"] };
}

interface YamlQuestion {
  id: string;
  type: "level" | "outcome" | "yes-no" | "number" | "text" | "checklist";
  scale?: string;
  careSettings?: string[];
  min?: number;
  max?: number;
  items?: { id: string }[];
}
interface YamlQuestionnaire {
  scales: { id: string; levels: { value: number }[] }[];
  themes: { id: string; questions: YamlQuestion[] }[];
}

/**
 * Valid autosave fields for every question of a questionnaire that the care setting sees (conditional ones
 * too, so that whatever is shown is answered), leaving out the given themes. All are first answers
 * (revision 0).
 */
export function answersToEverythingBut(
  questionnaireId: string,
  careSetting: string,
  skipThemes: string[],
): Record<string, string | string[]> {
  // The newest version: the one the start page offers.
  const newest = Math.max(
    ...readdirSync(`questionnaires/${questionnaireId}`).map((f) =>
      Number(/^v(\d+)\.yaml$/.exec(f)?.[1] ?? 0),
    ),
  );
  const q = parseYaml(
    readFileSync(`questionnaires/${questionnaireId}/v${newest}.yaml`, "utf8"),
  ) as YamlQuestionnaire;
  const fields: Record<string, string | string[]> = {};
  for (const theme of q.themes) {
    if (skipThemes.includes(theme.id)) continue;
    for (const question of theme.questions) {
      if (question.careSettings && !question.careSettings.includes(careSetting)) continue;
      const levels = q.scales.find((s) => s.id === question.scale)?.levels ?? [];
      const value =
        question.type === "level" || question.type === "outcome"
          ? String(levels[Math.min(1, levels.length - 1)]?.value)
          : question.type === "yes-no"
            ? "yes"
            : question.type === "number"
              ? String(Math.min(Math.max(50, question.min ?? 0), question.max ?? 50))
              : question.type === "checklist"
                ? [question.items?.[0]?.id ?? "none"]
                : "Filled in by the journey test.";
      fields[`answers.${question.id}.value`] = value;
      fields[`answers.${question.id}.revision`] = "0";
    }
  }
  return fields;
}

/** Starts an assessment of ZD01 over HTTP as the lead, and returns its id. */
export async function startAssessmentOverHttp(baseUrl: string, questionnaire: string, cycle: string) {
  const lead = await new Client(baseUrl).signIn("lead@demo.example", demoPassword);
  const response = await lead.post("/organisations/ZD01/assessments/new", { questionnaire, cycle });
  const id = Number(response.headers.get("Location")?.match(/^\/assessments\/(\d+)$/)?.[1]);
  if (response.status !== 302 || !id)
    throw new Error(`starting ${questionnaire} ${cycle}: ${response.status}`);
  return id;
}

/** Signs in through the form once and returns the cookies, for contexts that start signed in. */
export async function signedInState(browser: Browser, baseUrl: string, email: string) {
  const t = await openPage(browser);
  await signIn(t.page, baseUrl, email);
  const state = await t.context.storageState();
  await t.finish();
  return state;
}

export interface StoredAnswer {
  value: unknown;
  evidence: string;
  notApplicableReason: string | null;
  revision: number;
  updatedBy: string | null;
}

/** One answer as the database holds it (read-only connection, opened and closed for each read). */
export function storedAnswer(
  databasePath: string,
  assessmentId: number,
  questionId: string,
): StoredAnswer | undefined {
  // A SQLite file or a postgres:// URL: read the way every test reads a server's database.
  const db = openReadonlyDatabase(databasePath);
  try {
    const row = db
      .prepare(
        `select a.value, a.evidence, a.not_applicable_reason, a.revision, p.name
         from answer a left join person p on p.id = a.updated_by
         where a.assessment_id = ? and a.question_id = ?`,
      )
      .get(assessmentId, questionId) as
      | {
          value: string | null;
          evidence: string;
          not_applicable_reason: string | null;
          revision: number;
          name: string | null;
        }
      | undefined;
    if (!row) return undefined;
    return {
      value: row.value === null ? null : JSON.parse(row.value),
      evidence: row.evidence,
      notApplicableReason: row.not_applicable_reason,
      revision: row.revision,
      updatedBy: row.name,
    };
  } finally {
    db.close();
  }
}

/** The theme page's autosave status line (role=status). */
export const autosaveStatus = (page: Page) => page.locator(".app-autosave-status[role=status]");

/** A time as the service writes it (app/format.ts, the NHS style): "9am", "2:05pm", "midday". */
export const clockTime = String.raw`(?:\d{1,2}(?::\d{2})?[ap]m|midday|midnight)`;
export const savedAt = new RegExp(`^Saved at ${clockTime}$`);

/** Waits until the autosave status line reads "Saved at 2:05pm". */
export async function waitForSaved(page: Page, timeout = 10_000) {
  await autosaveStatus(page).filter({ hasText: savedAt }).waitFor({ timeout });
}

/** The fieldset (radios) or question block of one question, by its id. */
export const questionBlock = (page: Page, questionId: string) => page.locator(`#question-${questionId}`);

/** Removes console errors the test caused on purpose (an aborted request), so that the others still fail it. */
export function forgiveConsoleErrors(guard: ConsoleGuard, pattern: RegExp) {
  for (let i = guard.errors.length - 1; i >= 0; i--) {
    if (pattern.test(guard.errors[i] ?? "")) guard.errors.splice(i, 1);
  }
}

/** Records the round-trip time (request start → response end) of each autosave POST the page makes. */
export function recordAutosaveRoundTrips(page: Page, into: number[] = []) {
  page.on("requestfinished", (request) => {
    if (request.method() !== "POST" || !/\/assessments\/\d+\/answers$/.test(request.url())) return;
    // The browser's own timing: from the start of the request to the end of the response, in ms.
    const { responseEnd } = request.timing();
    if (responseEnd >= 0) into.push(responseEnd);
  });
  return into;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? Number.NaN
    : sorted.length % 2
      ? sorted[mid]!
      : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * What a page cost to load, from the browser's resource timing: every request (document included) and the
 * JavaScript, as encoded (compressed) body bytes.
 */
export async function loadCost(page: Page) {
  return page.evaluate(() => {
    const entries = [
      ...performance.getEntriesByType("navigation"),
      ...performance.getEntriesByType("resource"),
    ] as PerformanceResourceTiming[];
    const scripts = entries.filter((e) => /\.m?js(\?|$)/.test(new URL(e.name).pathname));
    return {
      requests: entries.length,
      scripts: scripts.length,
      scriptEncodedBytes: scripts.reduce((n, e) => n + e.encodedBodySize, 0),
      scriptDecodedBytes: scripts.reduce((n, e) => n + e.decodedBodySize, 0),
      totalEncodedBytes: entries.reduce((n, e) => n + e.encodedBodySize, 0),
      largestScripts: scripts
        .sort((a, b) => b.encodedBodySize - a.encodedBodySize)
        .slice(0, 4)
        .map(
          (e) => `${new URL(e.name).pathname.split("/").pop()} ${(e.encodedBodySize / 1024).toFixed(1)} KB`,
        ),
    };
  });
}
