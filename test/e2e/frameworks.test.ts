import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type ReadonlyDb } from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";
import {
  expectNoAxeViolations,
  expectNoAxeViolationsAsRendered,
  launchBrowser,
  openPage,
  questionBlock,
  signedInState,
  visit,
} from "./support/browser";
import { coreVersion } from "../support/core-version";

// The crosswalk in a real browser (issue 23): the region's analyst opens a London trust's assessment (the one
// whose cyber answers vary most, so the screenshots show every status), goes to
// its CAF view, follows an answer to its question on the theme page, and the views pass axe with JavaScript on
// and off.

let server: RunningServer;
let browser: Browser;
let db: ReadonlyDb;
let assessmentId: number;
let analyst: BrowserContextOptions["storageState"];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  db = openDatabase(server);
  assessmentId = (
    db
      .prepare(
        `SELECT a.id FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code
         WHERE a.questionnaire_id = 'core-digital-maturity' AND a.questionnaire_version = ? AND o.region_code = 'Y56'
           AND EXISTS (SELECT 1 FROM answer x WHERE x.assessment_id = a.id AND x.question_id = 'cyber-supplier-assurance')
         ORDER BY (SELECT count(DISTINCT x.value) FROM answer x WHERE x.assessment_id = a.id AND x.theme_id = 'cyber-security') DESC,
           a.id
         LIMIT 1`,
      )
      .get(coreVersion) as { id: number }
  ).id;
  analyst = await signedInState(browser, server.url, "analyst@demo.example");
}, 120_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  db?.close();
  await browser?.close();
  await server?.stop();
});

describe("the CAF view", () => {
  it("opens from the assessment, and an answer leads to its question (JavaScript on)", async () => {
    const t = await openPage(browser, { storageState: analyst });
    const { page } = t;
    await visit(page, `${server.url}/assessments/${assessmentId}`);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith("/frameworks/caf")),
      page.getByRole("link", { name: "Answers as CAF outcomes" }).click(),
    ]);
    await page
      .getByRole("heading", { level: 1, name: "Cyber Assessment Framework (CAF) outcomes" })
      .waitFor();
    expect(await page.locator(".nhsuk-card--warning").innerText()).toContain(
      "not a Data Security and Protection Toolkit (DSPT) submission",
    );
    await expectNoAxeViolations(page);
    const shots = process.env.SCREENSHOTS_DIR;
    if (shots) {
      // The top of the view (the statement, the rule, the outcomes at a glance), then the cyber outcomes.
      for (const [name, width] of [
        ["desktop", 1280],
        ["390", 390],
      ] as const) {
        await page.setViewportSize({ width, height: 1600 });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: `${shots}/caf-view-${name}.png` });
        await page.evaluate(() =>
          document.querySelector("#outcome-b5-a")?.closest("section")?.parentElement?.scrollIntoView(),
        );
        await page.evaluate(
          () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
        );
        await page.screenshot({ path: `${shots}/caf-view-outcomes-${name}.png` });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    // From the glance table to the outcome, then from its answer to the question.
    await page.getByRole("link", { name: "A4.a Supply chain" }).click();
    expect(new URL(page.url()).hash).toBe("#outcome-a4-a");
    const section = page.locator("section.app-outcome", { has: page.locator("#outcome-a4-a") });
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith("/themes/cyber-security")),
      section.getByRole("link", { name: "How do you manage cyber security risk from suppliers?" }).click(),
    ]);
    expect(new URL(page.url()).hash).toBe("#question-cyber-supplier-assurance");
    await page.getByRole("heading", { level: 1, name: "Cyber security" }).waitFor();
    await expect.poll(() => questionBlock(page, "cyber-supplier-assurance").isVisible()).toBe(true);
    await t.finish();
  });

  it("and the What Good Looks Like view pass axe with JavaScript off too", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const t = await openPage(browser, { storageState: analyst, javaScriptEnabled });
      for (const framework of ["caf", "wgll"]) {
        expect(await visit(t.page, `${server.url}/assessments/${assessmentId}/frameworks/${framework}`)).toBe(
          200,
        );
        await expectNoAxeViolationsAsRendered(t.page);
      }
      await t.finish();
    }
  });
});
