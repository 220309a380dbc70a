import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cycleOf } from "../../app/domain/cycle";
import { type Mailbox, runNotifications, startMailbox } from "../support/mail";
import { type RunningServer, startServer, testPublicUrl } from "../support/server";
import {
  expectNoAxeViolationsAsRendered,
  forgiveConsoleErrors,
  launchBrowser,
  openPage,
  signIn,
  signedInState,
  startAssessmentOverHttp,
  visit,
} from "./support/browser";
import { coreQuestionnaireRef } from "../support/core-version";

// Issue 24's journey in a real browser: the lead (JavaScript on) gives a theme to the contributor with a due
// date, first making the mistake of a due date with no one to answer it (told, with what was typed kept);
// the email that arrives at a real SMTP server carries one link; the contributor, signed out, follows it,
// signs in and lands on the theme. The email's HTML is rendered in the browser and looked at (a PNG).

let server: RunningServer;
let browser: Browser;
let mailbox: Mailbox;
let assessmentId: number;
const states: Record<string, BrowserContextOptions["storageState"]> = {};
const emailShots = join(process.env.SCREENSHOTS_DIR ?? "/tmp/dma-screenshots", "email");

beforeAll(async () => {
  [server, browser, mailbox] = await Promise.all([
    startServer({ NOTIFICATIONS_INTERVAL_SECONDS: "0" }),
    launchBrowser(),
    startMailbox(),
  ]);
  assessmentId = await startAssessmentOverHttp(server.url, coreQuestionnaireRef, cycleOf(new Date()));
  states.lead = await signedInState(browser, server.url, "lead@demo.example");
  // What the demo data's history left in the outbox goes first, so only this journey's email is read.
  await runNotifications(server.databaseUrl, mailbox.port, new Date().toISOString().slice(0, 16));
  mailbox.clear();
}, 120_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await mailbox?.close();
});

describe("a theme given to someone", () => {
  it("the lead assigns it with a due date; the email's one link takes the contributor to the theme", async () => {
    const lead = await openPage(browser, { storageState: states.lead });
    await visit(lead.page, `${server.url}/assessments/${assessmentId}/assign`);
    const cyber = lead.page.getByRole("group", { name: "Cyber security" });
    await cyber.getByLabel("Due date (optional)").fill("2027-02-01");
    await lead.page.getByRole("button", { name: "Save assignments" }).click();
    const summary = lead.page.locator(".nhsuk-error-summary");
    await summary
      .getByRole("link", { name: "Choose who answers this theme, or leave its due date empty" })
      .waitFor();
    await expect(cyber.getByLabel("Due date (optional)").inputValue()).resolves.toBe("2027-02-01");
    // The refused save is a 400 by design: the browser logs it.
    forgiveConsoleErrors(lead.console, /status of 400 .*\/assign\.data/);
    await expectNoAxeViolationsAsRendered(lead.page);
    await cyber.getByLabel("Who answers it").selectOption({ label: "Cal Contributor (demo)" });
    await Promise.all([
      lead.page.waitForURL((url) => url.pathname === `/assessments/${assessmentId}`),
      lead.page.getByRole("button", { name: "Save assignments" }).click(),
    ]);
    await lead.page.getByText("Assigned to Cal Contributor (demo), due 1 February 2027").waitFor();
    await lead.finish();

    const run = await runNotifications(
      server.databaseUrl,
      mailbox.port,
      new Date(Date.now() + 60_000).toISOString().slice(0, 16),
    );
    expect(run.status, run.output).toBe(0);
    const [email, ...others] = mailbox.sentTo("contributor@demo.example");
    expect(others).toEqual([]);
    expect(email!.mail.subject).toMatch(/^Answer the Cyber security questions for /);
    const links = [...String(email!.mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual([`${testPublicUrl}/assessments/${assessmentId}/themes/cyber-security`]);

    // The email as it looks, rendered by the browser (no network: it needs none).
    const shot = await openPage(browser, { viewport: { width: 800, height: 600 }, offline: true });
    await shot.page.setContent(String(email!.mail.html));
    mkdirSync(emailShots, { recursive: true });
    await shot.page.screenshot({ path: join(emailShots, "theme-assigned.png"), fullPage: true });
    await shot.finish();

    // The contributor, signed out, follows the link (on this test server rather than PUBLIC_URL's host).
    const contributor = await openPage(browser);
    const path = new URL(links[0]!).pathname;
    await visit(contributor.page, `${server.url}${path}`);
    expect(new URL(contributor.page.url()).pathname).toBe("/sign-in");
    await signIn(contributor.page, server.url, "contributor@demo.example");
    expect(new URL(contributor.page.url()).pathname).toBe(path);
    await contributor.page.getByRole("heading", { level: 1, name: "Cyber security" }).waitFor();
    await contributor.finish();
  });
});
