import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server";
import { cycleOf } from "../../app/domain/cycle";
import {
  expectNoAxeViolations,
  launchBrowser,
  openPage,
  signIn,
  submitSignIn,
  visit,
} from "./support/browser";
import { coreQuestionnaireLabel } from "../support/core-version";

/**
 * An axe scan (WCAG 2.2 AA) of every page, with JavaScript on, as the person who can see it. Add each new page
 * here.
 */
type Person = "lead" | "analyst" | "admin";

interface PageCase {
  name: string;
  path: string;
  /** Signed out when absent. */
  as?: Person;
  /** The document's expected HTTP status. */
  status: number;
  /** Brings the page into the state to scan, after it has loaded. */
  prepare?: (page: Page) => Promise<void>;
}

const emails: Record<Person, string> = {
  lead: "lead@demo.example",
  analyst: "analyst@demo.example",
  admin: "admin@demo.example",
};

const pages: PageCase[] = [
  { name: "start page, signed out", path: "/", status: 200 },
  { name: "start page, signed in (lead)", path: "/", as: "lead", status: 200 },
  { name: "sign in", path: "/sign-in", status: 200 },
  {
    name: "sign in, after a failed attempt",
    path: "/sign-in",
    status: 200,
    prepare: async (page) => {
      await submitSignIn(page, emails.lead, "not-the-password");
      await page
        .locator(".nhsuk-error-summary")
        .getByRole("heading", { name: "There is a problem" })
        .waitFor();
    },
  },
  { name: "signed out", path: "/signed-out", status: 200 },
  { name: "accessibility statement", path: "/accessibility", status: 200 },
  { name: "page not found", path: "/no-such-page", status: 404 },
  { name: "another organisation, not found (lead)", path: "/organisations/ZD02", as: "lead", status: 404 },
  { name: "a region, forbidden (lead)", path: "/regions/Y56", as: "lead", status: 403 },
  { name: "organisation (lead)", path: "/organisations/ZD01", as: "lead", status: 200 },
  { name: "region (analyst)", path: "/regions/Y56", as: "analyst", status: 200 },
  { name: "administration", path: "/admin", as: "admin", status: 200 },
  { name: "admin: organisations", path: "/admin/organisations", as: "admin", status: 200 },
  { name: "admin: organisation", path: "/admin/organisations/ZD01", as: "admin", status: 200 },
  { name: "admin: import organisations", path: "/admin/organisations/import", as: "admin", status: 200 },
  { name: "admin: care settings", path: "/admin/organisations/care-settings", as: "admin", status: 200 },
  { name: "admin: people", path: "/admin/people", as: "admin", status: 200 },
  { name: "admin: add a person", path: "/admin/people/new", as: "admin", status: 200 },
  { name: "admin: audit log", path: "/admin/audit", as: "admin", status: 200 },
  { name: "admin: a person (the demo lead)", path: "/admin/people/1", as: "admin", status: 200 },
  { name: "change your password (lead)", path: "/account/password", as: "lead", status: 200 },
  { name: "your account (lead)", path: "/account", as: "lead", status: 200 },
  { name: "notifications (lead)", path: "/notifications", as: "lead", status: 200 },
  { name: "admin: deadlines", path: "/admin/deadlines", as: "admin", status: 200 },
  { name: "admin: emails", path: "/admin/emails", as: "admin", status: 200 },
  { name: "regional deadline (analyst)", path: "/regions/Y56/deadline", as: "analyst", status: 200 },
  {
    name: "assign themes with due dates (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await openAssessment(page);
      await page.getByRole("link", { name: "Assign themes to people" }).click();
      await page.getByRole("heading", { name: "Assign themes" }).waitFor();
    },
  },
  { name: "connecting to the FHIR API (help)", path: "/help/fhir-api", status: 200 },
  { name: "API tokens (lead)", path: "/api-tokens", as: "lead", status: 200 },
  { name: "API tokens (analyst)", path: "/api-tokens", as: "analyst", status: 200 },
  {
    name: "API tokens, a new token shown once (lead)",
    path: "/api-tokens",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await page.getByLabel("Name", { exact: true }).fill("Warehouse");
      await page.getByRole("button", { name: "Create token" }).click();
      await page.getByTestId("new-token").waitFor();
    },
  },
  {
    name: "start an assessment (lead)",
    path: "/organisations/ZD01/assessments/new",
    as: "lead",
    status: 200,
  },
  // The assessment pages below open ZD01's core assessment from the organisation page, starting it first when
  // it does not exist yet (see openAssessment).
  {
    name: "assessment overview, task list (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: (page) => openAssessment(page),
  },
  {
    name: "assessment theme page (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: (page) => openTheme(page),
  },
  {
    name: "assessment theme page, after a rejected save (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await openTheme(page);
      // "This does not apply" without a reason: the server answers 400 with the error summary.
      await page
        .locator("#question-paperless-electronic-observations")
        .getByLabel("This does not apply to our organisation")
        .check();
      await page.getByRole("button", { name: "Save and continue" }).click();
      await page
        .locator(".nhsuk-error-summary")
        .getByRole("link", { name: "Say why this question does not apply" })
        .waitFor();
    },
  },
  {
    name: "assessment: check your answers (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await openAssessment(page);
      await Promise.all([
        page.waitForURL((url) => url.pathname.endsWith("/check")),
        page.getByRole("link", { name: "Check your answers and submit" }).click(),
      ]);
      await page.getByRole("heading", { level: 1, name: "Check your answers" }).waitFor();
    },
  },
  {
    name: "assessment: assign themes (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await openAssessment(page);
      await followLink(page, "Assign themes to people", /\/assign$/);
    },
  },
  {
    name: "assessment: provisional report (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await openAssessment(page);
      await followLink(page, "Provisional report", /\/report$/);
    },
  },
  {
    name: "assessment: CAF outcomes (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await openAssessment(page);
      await followLink(page, "Answers as CAF outcomes", /\/frameworks\/caf$/);
    },
  },
  {
    name: "assessment: What Good Looks Like pillars (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await openAssessment(page);
      await followLink(page, "Answers as What Good Looks Like pillars", /\/frameworks\/wgll$/);
    },
  },
  {
    name: "saved report with comparisons (lead)",
    path: "/organisations/ZD01",
    as: "lead",
    status: 200,
    prepare: async (page) => {
      await Promise.all([
        page.waitForURL((url) => /^\/reports\/\d+$/.test(url.pathname)),
        page.locator('a[href^="/reports/"]').first().click(),
      ]);
      await page.getByRole("heading", { name: "How you compare" }).waitFor();
    },
  },
  {
    name: "region, an earlier cycle (analyst)",
    path: "/regions/Y56?cycle=2025%2F26",
    as: "analyst",
    status: 200,
  },
  { name: "national view (admin)", path: "/regions/national", as: "admin", status: 200 },
  {
    name: "regional validation (analyst)",
    path: "/regions/Y56?cycle=2025%2F26",
    as: "analyst",
    status: 200,
    prepare: async (page) => {
      await Promise.all([
        page.waitForURL((url) => /^\/assessments\/\d+$/.test(url.pathname)),
        page.locator('.app-heatmap a[href^="/assessments/"]').first().click(),
      ]);
      await followLink(page, "Regional validation and queries", /\/validation$/);
    },
  },
  { name: "admin: questionnaires", path: "/admin/questionnaires", as: "admin", status: 200 },
  {
    name: "admin: questionnaire preview",
    path: "/admin/questionnaires/core-digital-maturity/1?careSetting=ambulance",
    as: "admin",
    status: 200,
  },
  { name: "how scores are worked out", path: "/help/scoring", status: 200 },
];

async function followLink(page: Page, name: string, path: RegExp) {
  await Promise.all([
    page.waitForURL((url) => path.test(url.pathname)),
    page.getByRole("link", { name }).first().click(),
  ]);
  await page.waitForLoadState("networkidle");
}

/** From the organisation page, opens ZD01's core assessment of this cycle, starting it when there is none yet. */
async function openAssessment(page: Page) {
  const title = coreQuestionnaireLabel;
  const link = page
    .getByRole("row")
    .filter({ hasText: cycleOf(new Date()) })
    .getByRole("link", { name: title });
  if ((await link.count()) === 0) {
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith("/assessments/new")),
      page.getByRole("link", { name: "Start an assessment" }).click(),
    ]);
    await page.getByRole("radio", { name: title }).check();
    await page.getByRole("button", { name: "Start assessment" }).click();
  } else {
    await link.click();
  }
  await page.waitForURL((url) => /^\/assessments\/\d+$/.test(url.pathname));
  await page.getByRole("heading", { level: 2, name: /themes completed$/ }).waitFor();
}

/** Opens the first theme of ZD01's core assessment. */
async function openTheme(page: Page) {
  await openAssessment(page);
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith("/themes/paperless")),
    page.getByRole("link", { name: "Digital records at the point of care" }).click(),
  ]);
  await page.getByRole("heading", { level: 1, name: "Digital records at the point of care" }).waitFor();
}

let server: RunningServer;
let browser: Browser;
/** Each person's signed-in cookies, signed in once through the form. */
const sessions = new Map<Person, BrowserContextOptions["storageState"]>();

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const people = [...new Set(pages.flatMap((p) => (p.as ? [p.as] : [])))];
  await Promise.all(
    people.map(async (person) => {
      const t = await openPage(browser);
      await signIn(t.page, server.url, emails[person]);
      sessions.set(person, await t.context.storageState());
      await t.finish();
    }),
  );
});

// A failed test shows the end of the server's log: a crash or a stale build shows up there.
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("accessibility (axe, WCAG 2.2 AA, JavaScript on)", () => {
  it.each(pages)("$name: $path", async ({ path, as, status, prepare }) => {
    const t = await openPage(browser, as ? { storageState: sessions.get(as) } : {});
    try {
      if (status >= 400) t.console.allowStatus(status);
      if (prepare) t.console.allowStatus(400);
      expect(await visit(t.page, server.url + path, "networkidle"), `status of ${path}`).toBe(status);
      if (as) await t.page.getByRole("button", { name: "Sign out" }).waitFor();
      if (prepare) await prepare(t.page);
      await t.page.waitForLoadState("networkidle");
      await expectNoAxeViolations(t.page);
    } catch (error) {
      await t.context.close(); // the first failure is the one to report
      throw error;
    }
    await t.finish();
  });
});
