import { readFileSync } from "node:fs";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cycleOf } from "../../app/domain/cycle";
import { coreQuestionnaireRef } from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";
import { fill, readXlsx, writeXlsx } from "../support/workbook";
import {
  expectNoAxeViolationsAsRendered,
  launchBrowser,
  openPage,
  questionBlock,
  signedInState,
  startAssessmentOverHttp,
  storedAnswer,
  visit,
} from "./support/browser";

// The workbook journey in a browser, with JavaScript on and off: download from the assessment page, fill in
// (by SheetJS, as a person's spreadsheet program would), upload, read the preview, save, and see the answer
// on the theme page. With SCREENSHOTS_DIR set, the preview is photographed at desktop width and at 390 px.

let server: RunningServer;
let browser: Browser;
let id: number;
let contributor: BrowserContextOptions["storageState"];
const paperless = "Digital records at the point of";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  [id, contributor] = await Promise.all([
    startAssessmentOverHttp(server.url, coreQuestionnaireRef, cycleOf(new Date())),
    signedInState(browser, server.url, "contributor@demo.example"),
  ]);
});
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Without JavaScript the workbook also holds an invalid cell, so the person must choose to save the valid
// answers (a plain checkbox); the screenshots are of that preview.
describe.each([
  { javaScriptEnabled: true, level: 4, invalid: false },
  { javaScriptEnabled: false, level: 2, invalid: true },
])("JavaScript $javaScriptEnabled", ({ javaScriptEnabled, level, invalid }) => {
  it("downloads, fills, uploads, previews and saves, and the answer shows on the web", async () => {
    const t = await openPage(browser, {
      storageState: contributor,
      javaScriptEnabled,
      acceptDownloads: true,
    });
    const { page } = t;
    await visit(page, `${server.url}/assessments/${id}`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download as an Excel workbook to fill in offline" }).click(),
    ]);
    const book = readXlsx(new Uint8Array(readFileSync((await download.path())!)));
    fill(book, paperless, {
      "paperless-epr-coverage": { Answer: level, Evidence: `Filled offline, level ${level}` },
      ...(invalid ? { "paperless-clinical-noting": { Answer: 7 } } : {}),
    });
    await page.getByRole("link", { name: "Upload a filled-in workbook" }).click();
    await page.getByRole("heading", { level: 1, name: "Upload a filled-in workbook" }).waitFor();
    await page.getByLabel("Workbook (.xlsx)").setInputFiles({
      name: "filled.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from(writeXlsx(book)),
    });
    await page.getByRole("button", { name: "Check the workbook" }).click();
    await page.getByRole("heading", { name: "What the workbook would change" }).waitFor();
    const table = page.getByRole("table", { name: /Answers that will change in Digital records/ });
    await expect(table.getByRole("row").nth(1).textContent()).resolves.toContain(
      `Filled offline, level ${level}`,
    );
    expect(storedAnswer(server.databaseUrl, id, "paperless-epr-coverage")?.value ?? null).not.toBe(level);
    await expectNoAxeViolationsAsRendered(page);
    const shots = process.env.SCREENSHOTS_DIR;
    if (invalid)
      await expect(page.getByText(/row \d+, cell E\d+: choose a level from 1 to 5/).count()).resolves.toBe(1);
    if (shots && invalid) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: `${shots}/workbook-preview-desktop.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${shots}/workbook-preview-390.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    if (invalid) await page.getByLabel("Save the valid answers and leave the invalid ones").check();
    await page.getByRole("button", { name: "Save these answers" }).click();
    await page.getByRole("heading", { name: "1 answer saved from the workbook" }).waitFor();
    expect(storedAnswer(server.databaseUrl, id, "paperless-epr-coverage")).toMatchObject({
      value: level,
      evidence: `Filled offline, level ${level}`,
    });
    await visit(page, `${server.url}/assessments/${id}/themes/paperless`);
    await expect(
      questionBlock(page, "paperless-epr-coverage")
        .locator(`input[type=radio][value="${level}"]`)
        .isChecked(),
    ).resolves.toBe(true);
    await t.finish();
  });
});
