import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cycleOf } from "../../app/domain/cycle";
import { coreQuestionnaireRef } from "../support/assessment";
import { Client } from "../support/client";
import { pdfWithJavaScript } from "../support/evidence";
import { type RunningServer, startServer } from "../support/server";
import { openReadonlyDatabase } from "../support/sync-database";
import {
  demoPassword,
  expectNoAxeViolationsAsRendered,
  launchBrowser,
  openPage,
  signedInState,
  visit,
} from "./support/browser";

// The evidence library in a browser (issue 23): cite one library item from questions of two themes, upload a
// file to it with JavaScript off, and see last cycle's expired evidence (copied forward with the answers)
// warned about on "check your answers". With SCREENSHOTS_DIR set, the register and a question's evidence
// area are photographed at desktop width and at 390 px.

let server: RunningServer;
let browser: Browser;
let id: number;
let themes: string[];
let contributor: BrowserContextOptions["storageState"];
let lead: BrowserContextOptions["storageState"];
const item = "Information asset register 2026";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const http = await new Client(server.url).signIn("lead@demo.example", demoPassword);
  const started = await http.post("/organisations/ZD01/assessments/new", {
    questionnaire: coreQuestionnaireRef,
    cycle: cycleOf(new Date()),
    start: "carry-forward",
  });
  id = Number(started.headers.get("Location")?.split("/")[2]);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const added = await http.post("/organisations/ZD01/evidence/new", {
    title: item,
    owner: "role",
    ownerRole: "Information Asset Owner",
    producedOn: day(-300),
    reviewBy: day(25),
    outcomes: "A3.a",
  });
  if (added.status !== 302) throw new Error(`adding the item answered ${added.status}`);
  const db = openReadonlyDatabase(server.databaseUrl);
  themes = (
    db.prepare("SELECT DISTINCT theme_id FROM answer WHERE assessment_id = ? ORDER BY theme_id").all(id) as {
      theme_id: string;
    }[]
  ).map((r) => r.theme_id);
  db.close();
  [contributor, lead] = await Promise.all([
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

const shoot = async (page: Page, name: string, target?: string) => {
  const shots = process.env.SCREENSHOTS_DIR;
  if (!shots) return;
  for (const [suffix, width, height] of [
    ["desktop", 1280, 900],
    ["390", 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (target) await page.locator(target).screenshot({ path: `${shots}/${name}-${suffix}.png` });
    else await page.screenshot({ path: `${shots}/${name}-${suffix}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
};

describe("evidence from the library", () => {
  it("cites one item from questions of two themes (JavaScript on)", async () => {
    const t = await openPage(browser, { storageState: contributor });
    const { page } = t;
    for (const theme of themes.slice(0, 2)) {
      await visit(page, `${server.url}/assessments/${id}/themes/${theme}`);
      const link = page.getByRole("link", { name: /^Use existing evidence for question/ }).last();
      const questionId =
        (await link.textContent())?.replace(/^Use existing evidence for question /, "") ?? "";
      await link.click();
      await page.getByRole("heading", { level: 1, name: "Use existing evidence" }).waitFor();
      await page.getByLabel("Search by title, owner or outcome").fill("asset register");
      await page.getByRole("button", { name: "Search" }).click();
      await page.getByRole("button", { name: `Cite ${item}` }).click();
      await page.waitForURL(new RegExp(`/themes/${theme}#question-${questionId}$`));
      const area = page.locator(`#${questionId}-library-evidence`);
      await area.getByRole("link", { name: item }).waitFor();
      await expect(area.textContent()).resolves.toContain("Due for review");
      if (theme === themes[1]) {
        await expectNoAxeViolationsAsRendered(page);
        await shoot(page, "evidence-question", `#question-${questionId}`);
      }
    }
    await t.finish();
  });

  it("uploads a file to the item without JavaScript, and the item shows what cites it", async () => {
    const t = await openPage(browser, { storageState: contributor, javaScriptEnabled: false });
    const { page } = t;
    await visit(page, `${server.url}/organisations/ZD01/evidence?q=asset`);
    await expectNoAxeViolationsAsRendered(page);
    await page.getByRole("link", { name: item }).click();
    await page.getByRole("heading", { level: 1, name: item }).waitFor();
    await page.getByRole("link", { name: "Add a file" }).click();
    await page.getByLabel("File").setInputFiles({
      name: "continuity-test-2026.pdf",
      mimeType: "application/pdf",
      buffer: pdfWithJavaScript,
    });
    await page.getByRole("button", { name: "Upload the file" }).click();
    await page.getByRole("heading", { level: 1, name: item }).waitFor();
    await expect(page.getByRole("link", { name: "continuity-test-2026.pdf" }).count()).resolves.toBe(1);
    const citedBy = page.getByRole("table", { name: "Cited by" });
    await expect(citedBy.getByRole("row").count()).resolves.toBe(3);
    await expectNoAxeViolationsAsRendered(page);
    await t.finish();
  });

  it("warns on check your answers about expired evidence copied forward, without blocking", async () => {
    const t = await openPage(browser, { storageState: lead });
    const { page } = t;
    await visit(page, `${server.url}/assessments/${id}/check`);
    const warning = page.locator(".nhsuk-card--warning", { hasText: "Evidence to review" });
    await expect(warning.textContent()).resolves.toMatch(
      /expired or due for review\. You can still submit\./,
    );
    await expect(warning.textContent()).resolves.toContain("Penetration test report (expired)");
    await expect(page.getByRole("button", { name: "Submit assessment" }).count()).resolves.toBe(1);
    await expectNoAxeViolationsAsRendered(page);
    await visit(page, `${server.url}/organisations/ZD01/evidence`);
    await expectNoAxeViolationsAsRendered(page);
    await shoot(page, "evidence-register");
    await t.finish();
  });
});
