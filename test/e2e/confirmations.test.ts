import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { shiftCycle } from "../../app/domain/cycle";
import { answerAllRequired, currentCycle, signInAll, startAssessment } from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";
import {
  autosaveStatus,
  launchBrowser,
  openPage,
  questionBlock,
  signedInState,
  visit,
  waitForHydration,
} from "./support/browser";

// What people see after they act, with JavaScript on and off (found by people trying the service as new
// users): a success banner and an empty form after a query, a reply or a new API token (with JavaScript the
// text stayed in its box with no message, inviting a duplicate); one h1 on a confirmation; names, not
// codes, in the regional filters; a choice, not a silent default, for a token's organisation; the page's
// save status in view on a long theme page.

let server: RunningServer;
let browser: Browser;
let id: number;
const states: Record<string, BrowserContextOptions["storageState"]> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const as = await signInAll(server);
  id = await startAssessment(as.lead, "ZD01", currentCycle());
  await answerAllRequired(as.contributor, server, id);
  const submitted = await as.lead.post(`/assessments/${id}/check`, { intent: "submit" });
  if (submitted.status !== 302) throw new Error(`submit answered ${submitted.status}`);
  for (const who of ["lead", "analyst", "admin", "contributor"])
    states[who] = await signedInState(browser, server.url, `${who}@demo.example`);
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const successBanner = (page: Page) => page.locator(".nhsuk-notification-banner--success");
const focusedIsBanner = (page: Page) =>
  page.evaluate(() => document.activeElement?.classList.contains("nhsuk-notification-banner--success"));

describe.each([true, false])("JavaScript %s", (javaScriptEnabled) => {
  it("a query and its reply: each is confirmed in a success banner and leaves an empty box", async () => {
    const analyst = await openPage(browser, { javaScriptEnabled, storageState: states.analyst });
    await visit(analyst.page, `${server.url}/assessments/${id}/validation`);
    if (javaScriptEnabled) await waitForHydration(analyst.page);
    const query = analyst.page.getByLabel("Or query it: what does the organisation need to explain?");
    await query.fill(`Please explain the cyber security score (${javaScriptEnabled ? "on" : "off"})`);
    await analyst.page.getByRole("button", { name: "Send query" }).click();
    await successBanner(analyst.page).filter({ hasText: "Query sent to the organisation" }).waitFor();
    expect(await query.inputValue()).toBe("");
    // With JavaScript the page is answered in place, so the banner takes focus; without, it tops a new page.
    if (javaScriptEnabled) expect(await focusedIsBanner(analyst.page)).toBe(true);
    await analyst.finish();

    const lead = await openPage(browser, { javaScriptEnabled, storageState: states.lead });
    await visit(lead.page, `${server.url}/assessments/${id}/validation`);
    if (javaScriptEnabled) await waitForHydration(lead.page);
    const reply = lead.page.getByLabel("Reply to the regional team");
    await reply.fill("The DSPT audit closed the actions in March.");
    await lead.page.getByRole("button", { name: "Send reply" }).click();
    await successBanner(lead.page).filter({ hasText: "Reply sent to the regional team" }).waitFor();
    expect(await reply.inputValue()).toBe("");
    if (javaScriptEnabled) expect(await focusedIsBanner(lead.page)).toBe(true);
    await lead.finish();
  });

  it("an API token: the organisation must be chosen; once created, the banner shows it and the form is empty", async () => {
    const t = await openPage(browser, {
      javaScriptEnabled,
      storageState: states.admin,
      viewport: { width: 390, height: 844 },
    });
    t.console.allowStatus(400);
    const { page } = t;
    await visit(page, `${server.url}/api-tokens`);
    if (javaScriptEnabled) await waitForHydration(page);
    const name = page.getByLabel("Name", { exact: true });
    const scope = page.getByLabel("For", { exact: true });
    // An administrator may make a token for any organisation: none is chosen for them.
    expect(await scope.inputValue()).toBe("");
    await name.fill(`Trust data warehouse (${javaScriptEnabled ? "on" : "off"})`);
    await page.getByRole("button", { name: "Create token" }).click();
    await page.locator("#scope-error").waitFor();
    expect(await page.locator("#scope-error").textContent()).toMatch(/Choose what the token is for/);
    expect(await name.inputValue()).toMatch(/^Trust data warehouse/);

    await scope.selectOption("organisation:ZD01");
    await page.getByRole("button", { name: "Create token" }).click();
    await successBanner(page).filter({ hasText: "Your new token" }).waitFor();
    expect(await page.getByTestId("new-token").textContent()).toMatch(/\S{20,}/);
    expect(await name.inputValue()).toBe("");
    if (javaScriptEnabled) expect(await focusedIsBanner(page)).toBe(true);
    // The new token (one long word) and the table fit a phone: no sideways scroll (it reached 488 px).
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    if (overflow > 0) await page.screenshot({ path: "test-results/api-tokens-390.png", fullPage: true });
    expect(overflow).toBeLessThanOrEqual(0);
    await t.finish();
  });

  it("after submission and sign-off, the confirmation's heading is the page's one h1", async () => {
    const t = await openPage(browser, { javaScriptEnabled, storageState: states.lead });
    for (const done of ["submitted", "signed-off"]) {
      await visit(t.page, `${server.url}/assessments/${id}?${done}=1`);
      expect(await t.page.locator("h1").allTextContents()).toEqual([
        done === "submitted" ? "Assessment submitted" : "Assessment signed off",
      ]);
    }
    await t.finish();
  });

  it("the regional filters name questionnaires and ICBs, not their ids and codes", async () => {
    const t = await openPage(browser, { javaScriptEnabled, storageState: states.analyst });
    await visit(t.page, `${server.url}/regions/Y56`);
    const labels = (name: string) =>
      t.page
        .locator(`select[name=${name}] option`)
        .evaluateAll((options) =>
          options.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? "" })),
        );
    const icbs = (await labels("icb")).filter((o) => o.value !== "");
    expect(icbs.length).toBeGreaterThan(0);
    for (const icb of icbs) expect(icb.label).not.toBe(icb.value);
    for (const icb of icbs) expect(icb.label).toMatch(/ Demo Integrated Care Board$/);
    const questionnaires = await labels("questionnaire");
    for (const q of questionnaires) expect(q.label).not.toBe(q.value);
    expect(questionnaires.map((q) => q.label)).toContain("Digital maturity self-assessment");
    await t.finish();
  });
});

describe("a long theme page, JavaScript on", () => {
  it("keeps the page's save status in view while the form scrolls", async () => {
    const as = await signInAll(server);
    const open = await startAssessment(as.lead, "ZD01", shiftCycle(currentCycle(), 1));
    const t = await openPage(browser, {
      storageState: states.contributor,
      viewport: { width: 390, height: 700 },
    });
    const { page } = t;
    await visit(page, `${server.url}/assessments/${open}/themes/paperless`);
    await waitForHydration(page);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeGreaterThan(5000);
    // An answer near the end of the page.
    const last = questionBlock(page, "paperless-maternity-record");
    await last.getByRole("radio", { name: "2 – Developing", exact: true }).check();
    await autosaveStatus(page).filter({ hasText: /Sav/ }).waitFor();
    const box = await autosaveStatus(page).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(700);
    await t.finish();
  });
});
