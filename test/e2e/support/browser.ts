import AxeBuilder from "@axe-core/playwright";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";

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
