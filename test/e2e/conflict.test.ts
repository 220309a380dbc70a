import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cycleOf } from "../../app/domain/cycle";
import { type RunningServer, startServer } from "../support/server";
import {
  autosaveStatus,
  expectNoAxeViolationsAsRendered,
  launchBrowser,
  openPage,
  questionBlock,
  signedInState,
  startAssessmentOverHttp,
  storedAnswer,
  type TestPage,
  visit,
  waitForHydration,
  waitForSaved,
} from "./support/browser";

// Two people change the same answer at once: the contributor first, then the lead, whose page still holds
// the revision it was opened with. The lead is warned, sees the contributor's answer, keeps their own
// choice in the form, and stores it only by saving again.

let server: RunningServer;
let browser: Browser;
let id: number;
const state: Partial<Record<"contributor" | "lead", BrowserContextOptions["storageState"]>> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  [id, state.contributor, state.lead] = await Promise.all([
    startAssessmentOverHttp(server.url, "core-digital-maturity@1", cycleOf(new Date())),
    signedInState(browser, server.url, "contributor@demo.example"),
    signedInState(browser, server.url, "lead@demo.example"),
  ]);
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const radio = (page: Page, questionId: string, label: string) =>
  questionBlock(page, questionId).getByRole("radio", { name: label, exact: true });

describe.each([
  {
    label: "JavaScript on",
    javaScriptEnabled: true,
    theme: "paperless",
    next: "interoperability",
    question: "paperless-epr-coverage",
    theirs: { label: "2 – Developing", value: 2 },
    mine: { label: "4 – Embedded", value: 4 },
  },
  {
    label: "JavaScript off",
    javaScriptEnabled: false,
    theme: "cyber-security",
    next: "clinical-leadership",
    question: "cyber-patching",
    theirs: { label: "Achieved", value: 3 },
    mine: { label: "Not achieved", value: 1 },
  },
])("two people change the same answer, $label", (c) => {
  let contributor: TestPage;
  let lead: TestPage;

  beforeEach(async () => {
    [contributor, lead] = await Promise.all([
      openPage(browser, { javaScriptEnabled: c.javaScriptEnabled, storageState: state.contributor }),
      openPage(browser, { javaScriptEnabled: c.javaScriptEnabled, storageState: state.lead }),
    ]);
    // The lead's rejected save answers 409 (autosave's fetch, or the form's document), which Chromium logs.
    lead.console.allowStatus(409);
  });

  afterEach(async () => {
    const results = await Promise.allSettled([contributor.finish(), lead.finish()]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  });

  it("warns the second with the first's answer, keeps the second's choice, and saves it when asked", async () => {
    const path = `${server.url}/assessments/${id}/themes/${c.theme}`;
    const nextPath = `/assessments/${id}/themes/${c.next}`;
    await Promise.all([visit(contributor.page, path), visit(lead.page, path)]);

    // The contributor changes the answer and it is saved.
    await radio(contributor.page, c.question, c.theirs.label).check();
    if (c.javaScriptEnabled) {
      await waitForSaved(contributor.page);
    } else {
      await Promise.all([
        contributor.page.waitForURL((url) => url.pathname === nextPath),
        contributor.page.getByRole("button", { name: "Save and continue" }).click(),
      ]);
    }
    expect(storedAnswer(server.databasePath, id, c.question)).toMatchObject({
      value: c.theirs.value,
      revision: 1,
      updatedBy: "Cal Contributor (demo)",
    });

    // The lead, on the page opened before that, changes the same answer.
    const { page } = lead;
    await radio(page, c.question, c.mine.label).check();
    if (!c.javaScriptEnabled) {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && r.url().startsWith(path)),
        page.getByRole("button", { name: "Save and continue" }).click(),
      ]);
      expect(response.status()).toBe(409);
      await page.waitForLoadState("load");
      expect(new URL(page.url()).pathname).toBe(new URL(path).pathname);
    }
    const warning = page.locator(`#${c.question}-conflict`);
    page.on("console", (m) => console.info("DEBUG console", m.text()));
    await warning.getByRole("heading", { level: 3, name: "Someone else changed this answer" }).waitFor();
    for (let i = 0; i < 4; i++) {
      console.info("DEBUG t", i, await page.evaluate(() => [document.querySelectorAll('input[name="answers.paperless-epr-coverage.revision"]').length, (document.querySelector('input[name="answers.paperless-epr-coverage.revision"]') as HTMLInputElement | null)?.value, JSON.stringify(localStorage)]));
      await page.waitForTimeout(500);
    }
    const said = (await warning.textContent()) ?? "";
    expect(said).toMatch(/Cal Contributor \(demo\) saved this answer at \d{2}:\d{2}, after you opened the page/);
    expect(said).toContain(`Their answer: ${c.theirs.label}`);
    expect(said).toContain("Your answer is in the form above and has not been saved");
    expect(await warning.getByRole("link", { name: "reload their answer" }).getAttribute("href")).toBe(
      `?keep=${c.question}#question-${c.question}`,
    );
    // Both versions: theirs in the warning, the lead's still chosen in the form, and nothing overwritten.
    expect(await radio(page, c.question, c.mine.label).isChecked()).toBe(true);
    expect(await radio(page, c.question, c.theirs.label).isChecked()).toBe(false);
    if (c.javaScriptEnabled) expect(await autosaveStatus(page).textContent()).not.toMatch(/^Saved at/);
    expect(storedAnswer(server.databasePath, id, c.question)).toMatchObject({
      value: c.theirs.value,
      revision: 1,
    });
    await expectNoAxeViolationsAsRendered(page);

    // Saving again stores the lead's answer, deliberately, on top of the contributor's.
    console.info("DEBUG hidden revision", await page.locator(`input[name="answers.${c.question}.revision"]`).inputValue());
    page.on("request", (r) => { if (r.method() === "POST") console.info("DEBUG POST", r.url(), (r.postData() ?? "").replace(/csrf=[^&]*/, "").slice(0, 400)); });
    page.on("response", async (r) => { if (r.request().method() === "POST") console.info("DEBUG RESP", r.status(), (await r.text().catch(() => "")).slice(0, 300)); });
    await Promise.all([
      page.waitForURL((url) => url.pathname === nextPath),
      page.getByRole("button", { name: "Save and continue" }).click(),
    ]);
    await waitForHydration(page);
    expect(storedAnswer(server.databasePath, id, c.question)).toMatchObject({
      value: c.mine.value,
      revision: 2,
      updatedBy: "Lena Lead (demo)",
    });
  });
});
