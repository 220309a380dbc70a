import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server";
import {
  expectNoAxeViolations,
  launchBrowser,
  openPage,
  signIn,
  submitSignIn,
  visit,
} from "./support/browser";

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
];

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
