import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cycleOf } from "../../app/domain/cycle";
import { type RunningServer, startServer } from "../support/server";
import {
  autosaveStatus,
  ConsoleGuard,
  forgiveConsoleErrors,
  launchBrowser,
  loadCost,
  median,
  openPage,
  questionBlock,
  recordAutosaveRoundTrips,
  savedAt,
  signedInState,
  startAssessmentOverHttp,
  storedAnswer,
  type TestPage,
  visit,
  waitForHydration,
  waitForSaved,
} from "./support/browser";
import { coreQuestionnaireRef } from "../support/core-version";

// Autosave on the theme page, JavaScript on: an answer saves itself, survives a reload and a restart of the
// server, a failed save is retried on its own, and what was typed in a closed tab comes back and is saved.

/** The database lives outside the server helper's temporary folder, so that a restarted server finds it. */
const dataDir = mkdtempSync(join(tmpdir(), "dm-e2e-autosave-"));
const databasePath = join(dataDir, "test.sqlite");

let server: RunningServer;
let browser: Browser;
let id: number;
let contributorState: BrowserContextOptions["storageState"];
const roundTrips: number[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ DATABASE_URL: databasePath }), launchBrowser()]);
  [id, contributorState] = await Promise.all([
    startAssessmentOverHttp(server.url, coreQuestionnaireRef, cycleOf(new Date())),
    signedInState(browser, server.url, "contributor@demo.example"),
  ]);
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  if (roundTrips.length > 0)
    console.info(
      `Autosave round trips (ms): median ${median(roundTrips).toFixed(1)} of ${roundTrips.length}: ${roundTrips
        .map((ms) => ms.toFixed(0))
        .join(", ")}`,
    );
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const themePath = () => `/assessments/${id}/themes/paperless`;
const radio = (page: Page, questionId: string, label: string) =>
  questionBlock(page, questionId).getByRole("radio", { name: label, exact: true });
/** Records every text the autosave status line shows from now on (a save can take only a few ms). */
async function watchStatus(page: Page) {
  await page.evaluate(() => {
    const status = document.querySelector(".app-autosave-status[role=status]");
    const texts: string[] = [];
    (window as unknown as { statusTexts: string[] }).statusTexts = texts;
    if (!status) return;
    new MutationObserver(() => {
      const text = status.textContent ?? "";
      if (text && texts.at(-1) !== text) texts.push(text);
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
}

const drafts = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("dm-draft:")));

describe("autosave (JavaScript on)", () => {
  let t: TestPage;

  beforeEach(async () => {
    t = await openPage(browser, { storageState: contributorState });
    recordAutosaveRoundTrips(t.page, roundTrips);
  });

  afterEach(async () => {
    await t.finish();
  });

  it("saves a changed answer, which survives a reload and a restart of the server", async () => {
    const { page } = t;
    let requests = 0;
    page.on("request", () => requests++);
    await visit(page, server.url + themePath(), "networkidle");
    const cost = await loadCost(page);
    console.info(
      `Theme page, cold cache, JavaScript on: ${requests} requests; ${cost.scripts} scripts, ` +
        `${(cost.scriptEncodedBytes / 1024).toFixed(1)} KB encoded (gzip) / ` +
        `${(cost.scriptDecodedBytes / 1024).toFixed(1)} KB decoded; all resources ` +
        `${(cost.totalEncodedBytes / 1024).toFixed(1)} KB encoded; largest scripts: ${cost.largestScripts.join(", ")}`,
    );

    const said = await watchStatus(page);
    await radio(page, "paperless-epr-coverage", "2 – Developing").check();
    await waitForSaved(page);
    expect(await said()).toEqual(["Saving…", expect.stringMatching(savedAt)]);
    expect(storedAnswer(databasePath, id, "paperless-epr-coverage")).toMatchObject({
      value: 2,
      revision: 1,
      updatedBy: "Cal Contributor (demo)",
    });
    expect(await drafts(page)).toEqual([]);

    await page.reload();
    await waitForHydration(page);
    expect(await radio(page, "paperless-epr-coverage", "2 – Developing").isChecked()).toBe(true);

    // The same database under a new server process, on another port (another origin: no local drafts).
    await server.stop();
    server = await startServer({ DATABASE_URL: databasePath });
    await visit(page, server.url + themePath());
    expect(new URL(page.url()).pathname).toBe(themePath());
    expect(await drafts(page)).toEqual([]);
    expect(await radio(page, "paperless-epr-coverage", "2 – Developing").isChecked()).toBe(true);
  });

  it("retries a save that failed, without the user doing anything", async () => {
    const { page } = t;
    let attempts = 0;
    await page.route(
      (url) => url.pathname === `/assessments/${id}/answers`,
      (route) => (++attempts === 1 ? route.abort("connectionreset") : route.continue()),
    );
    await visit(page, server.url + themePath());
    await radio(page, "paperless-clinical-noting", "3 – Established").check();
    await autosaveStatus(page)
      .filter({ hasText: /^Saving failed\. We will try again in \d+ seconds?\./ })
      .waitFor();
    expect(await drafts(page)).toEqual([`dm-draft:${id}:paperless-clinical-noting`]);
    await waitForSaved(page);
    expect(attempts).toBe(2);
    expect(storedAnswer(databasePath, id, "paperless-clinical-noting")).toMatchObject({ value: 3 });
    expect(await drafts(page)).toEqual([]);
    expect(await radio(page, "paperless-clinical-noting", "3 – Established").isChecked()).toBe(true);
    forgiveConsoleErrors(t.console, /net::ERR_CONNECTION_RESET/);
  });

  it("Save and continue right after changing an answer that autosaved earlier moves on, with no conflict", async () => {
    const { page } = t;
    t.console.allowStatus(409); // so that the failure below is the app's answer, not the console
    const question = "paperless-order-communications";
    await visit(page, server.url + themePath());
    await radio(page, question, "2 – Developing").check();
    await waitForSaved(page);
    // What the form itself will post as the revision its answer is based on.
    const formRevision = await page.locator(`input[name="answers.${question}.revision"]`).inputValue();
    const savedRevision = storedAnswer(databasePath, id, question)?.revision;
    expect(savedRevision).toBe(1);

    // A second change, and Save and continue before its autosave has gone out (a normal, quick user).
    await radio(page, question, "3 – Established").check();
    const next = page.waitForURL((url) => url.pathname === `/assessments/${id}/themes/interoperability`, {
      timeout: 5000,
    });
    await page.getByRole("button", { name: "Save and continue" }).click();
    const moved = await next.then(
      () => true,
      () => false,
    );
    const warning = (await page.locator(`#${question}-conflict`).count())
      ? await page.locator(`#${question}-conflict`).textContent()
      : null;
    expect(
      { moved, warning },
      "Save and continue should move on; instead the page reported a conflict with the person's own save",
    ).toEqual({ moved: true, warning: null });
    expect(storedAnswer(databasePath, id, question)).toMatchObject({ value: 3 });
    // The cause: the form still carries the revision the page was loaded with, not the one autosave saved.
    expect(formRevision, "revision in the form after autosave").toBe(String(savedRevision));
  });

  it("keeps evidence typed in a tab closed before it saved, and saves it when the page opens again", async () => {
    const { context, page } = t;
    const evidence = "Ward dashboards are reviewed at every morning huddle.";
    const field = (p: Page) =>
      questionBlock(p, "paperless-data-for-decisions").getByLabel("Evidence (optional)");
    // The server never hears of it: every save from this tab is blocked.
    await page.route(
      (url) => url.pathname === `/assessments/${id}/answers`,
      (route) => route.abort("internetdisconnected"),
    );
    await visit(page, server.url + themePath());
    await field(page).fill(evidence);
    expect(await drafts(page)).toEqual([`dm-draft:${id}:paperless-data-for-decisions`]);
    await page.close();
    forgiveConsoleErrors(t.console, /net::ERR_INTERNET_DISCONNECTED/);
    expect(storedAnswer(databasePath, id, "paperless-data-for-decisions")).toBeUndefined();

    const again = await context.newPage();
    const guard = new ConsoleGuard(again);
    recordAutosaveRoundTrips(again, roundTrips);
    await visit(again, server.url + themePath());
    expect(await field(again).inputValue()).toBe(evidence);
    await waitForSaved(again);
    expect(storedAnswer(databasePath, id, "paperless-data-for-decisions")).toMatchObject({
      evidence,
      value: null,
      updatedBy: "Cal Contributor (demo)",
    });
    expect(await drafts(again)).toEqual([]);
    guard.assertClean();
  });
});
