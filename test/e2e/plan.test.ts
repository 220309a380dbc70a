import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type ReadonlyDb } from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";
import {
  expectNoAxeViolationsAsRendered,
  launchBrowser,
  openPage,
  signedInState,
  visit,
  waitForHydration,
} from "./support/browser";

// Issue 22's journeys in a real browser: the lead (JavaScript off) starts a plan, is told about a bad target
// and keeps what was typed, adds an action and sends the plan; the contributor (JavaScript on) updates the
// action they own; the board returns a plan and approves another (a new version of an approved plan); the
// analyst sees the plans in the regional view, and the report's interactive radar shows the same figures as
// the static SVG and the table, under the CSP, with no console errors.

let server: RunningServer;
let browser: Browser;
let db: ReadonlyDb;
let older: number; // ZD01 2024/25: no plan in the demo data
let newer: number; // ZD01 2025/26: an approved plan in the demo data
let newerReport: number;
const states: Record<string, BrowserContextOptions["storageState"]> = {};

const one = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { id: number }).id;
const planOf = (assessmentId: number) =>
  db.prepare("SELECT status, version FROM plan WHERE assessment_id = ?").get(assessmentId) as
    | { status: string; version: number }
    | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  db = openDatabase(server);
  older = one("SELECT id FROM assessment WHERE organisation_code = 'ZD01' AND cycle = '2024/25'");
  newer = one("SELECT id FROM assessment WHERE organisation_code = 'ZD01' AND cycle = '2025/26'");
  newerReport = one("SELECT id FROM report WHERE assessment_id = ? ORDER BY id DESC LIMIT 1", newer);
  for (const who of ["lead", "contributor", "board", "analyst"])
    states[who] = await signedInState(browser, server.url, `${who}@demo.example`);
}, 120_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  db?.close();
  await browser?.close();
  await server?.stop();
});

const button = (page: Page, name: string) => page.getByRole("button", { name });

describe("the lead, with JavaScript off", () => {
  it("starts a plan, is told about a bad target with what was typed kept, sets targets, adds an action, sends it", async () => {
    const lead = await openPage(browser, { javaScriptEnabled: false, storageState: states.lead });
    const { page } = lead;
    await visit(page, `${server.url}/assessments/${older}/plan`);
    await button(page, "Start an improvement plan").click();
    await page.getByRole("link", { name: "Set targets" }).click();
    // A target outside 1–5 cannot be chosen in the form; a tampered post is refused the same way.
    await page.locator("#reason-paperless").fill("Records at every bedside");
    await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>("#target-paperless")!;
      select.add(new Option("9", "9", true, true));
    });
    lead.console.allowStatus(400);
    const targetsBefore = db.prepare("SELECT count(*) AS n FROM plan_target").get();
    await button(page, "Save targets").click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    expect(await summary.innerText()).toContain("Target must be a level from 1 to 5, or no target");
    expect(await page.locator("#reason-paperless").inputValue()).toBe("Records at every bedside");
    await expectNoAxeViolationsAsRendered(page);
    expect(db.prepare("SELECT count(*) AS n FROM plan_target").get()).toEqual(targetsBefore);
    await page.locator("#target-paperless").selectOption("4");
    await button(page, "Save targets").click();
    await page.getByRole("heading", { name: "Improvement plan" }).waitFor();
    expect(await page.locator("table").first().innerText()).toContain("Records at every bedside");

    await expectNoAxeViolationsAsRendered(page);
    await page.getByRole("link", { name: "Add an action" }).click();
    await expectNoAxeViolationsAsRendered(page);
    await page.locator("#title").fill("Electronic observations on every ward");
    await page.getByLabel("Cal Contributor (demo)").check();
    await page.locator("#due").fill("2027-03-31");
    await button(page, "Add the action").click();
    await page.getByRole("heading", { name: "Improvement plan" }).waitFor();
    expect(await page.locator("#actions-paperless").locator("xpath=..").innerText()).toContain(
      "Electronic observations on every ward",
    );
    await button(page, "Send the plan to the board").click();
    await page.locator(".nhsuk-notification-banner--success").waitFor();
    expect(planOf(older)).toMatchObject({ status: "submitted", version: 1 });
    await lead.finish();
  });
});

describe("the contributor, with JavaScript on", () => {
  it("updates the action they own and adds a dated note", async () => {
    const contributor = await openPage(browser, { storageState: states.contributor });
    const { page } = contributor;
    await visit(page, `${server.url}/assessments/${older}/plan`);
    await waitForHydration(page);
    await page.getByRole("link", { name: /Update.*Electronic observations on every ward/ }).click();
    await expectNoAxeViolationsAsRendered(page);
    await page.getByLabel("In progress").check();
    await page.getByLabel("Progress note (optional)").fill("Two wards live");
    await button(page, "Save progress").click();
    await page.getByRole("heading", { name: "Improvement plan" }).waitFor();
    expect(await page.locator("main").innerText()).toContain("Two wards live");
    // The lead's changes are not offered to a contributor.
    expect(await page.getByRole("link", { name: "Set targets" }).count()).toBe(0);
    await contributor.finish();
  });
});

describe("the board", () => {
  it("returns a plan with a comment (JavaScript off)", async () => {
    const board = await openPage(browser, { javaScriptEnabled: false, storageState: states.board });
    const { page } = board;
    await visit(page, `${server.url}/assessments/${older}/plan`);
    await page.getByRole("link", { name: "Approve or return the plan" }).click();
    await page.getByLabel("Return for changes").check();
    await page.getByLabel("Comment").fill("Name an owner for cyber security");
    await button(page, "Confirm decision").click();
    await page.locator(".nhsuk-notification-banner--success").waitFor();
    expect(planOf(older)).toMatchObject({ status: "returned" });
    expect(await page.locator("main").innerText()).toContain("Name an owner for cyber security");
    await board.finish();
  });

  it("approves the next version of an approved plan the lead changed (JavaScript on)", async () => {
    const lead = await openPage(browser, { storageState: states.lead });
    await visit(lead.page, `${server.url}/assessments/${newer}/plan/targets`);
    await waitForHydration(lead.page);
    await lead.page.locator("#target-cyber-security").selectOption("5");
    await button(lead.page, "Save targets").click();
    await lead.page.getByRole("heading", { name: "Improvement plan" }).waitFor();
    expect(planOf(newer)).toMatchObject({ status: "draft", version: 2 });
    await button(lead.page, "Send the plan to the board").click();
    await lead.page.locator(".nhsuk-notification-banner--success").waitFor();
    await lead.finish();

    const board = await openPage(browser, { storageState: states.board });
    await visit(board.page, `${server.url}/assessments/${newer}/plan/review`);
    await waitForHydration(board.page);
    await expectNoAxeViolationsAsRendered(board.page);
    await board.page.getByLabel("Approve: the board agrees this plan").check();
    await button(board.page, "Confirm decision").click();
    await board.page.locator(".nhsuk-notification-banner--success").waitFor();
    expect(planOf(newer)).toMatchObject({ status: "approved", version: 2 });
    const history = await board.page.locator("table").last().innerText();
    expect(history).toMatch(/2\s+Approved by the board/);
    expect(history).toMatch(/1\s+Approved by the board/);
    await board.finish();
  });
});

describe("the analyst, with JavaScript on", () => {
  it("sees each organisation's plan in the regional view", async () => {
    const analyst = await openPage(browser, { storageState: states.analyst });
    await visit(analyst.page, `${server.url}/regions/Y56?cycle=2025%2F26`);
    const row = analyst.page.locator("tr", { hasText: "Thamesmere Demo Hospitals" });
    expect(await row.innerText()).toMatch(/Approved by the board; \d+ targets; \d+ overdue/);
    expect(await analyst.page.locator("tr", { hasText: "Combe Regis" }).count()).toBe(0); // another region
    // The region's trajectory: the table is the base, the interactive chart draws over it.
    const table = analyst.page.locator("#trajectory table");
    expect(await table.locator("caption").textContent()).toContain("Median score by cycle, London");
    await analyst.page.locator("[data-chart=trajectory] .recharts-surface").waitFor();
    await analyst.page.locator("#trajectory-theme").selectOption("cyber-security");
    await analyst.page.locator("[data-chart=trajectory] .recharts-line").waitFor();
    await expectNoAxeViolationsAsRendered(analyst.page);
    await analyst.finish();
  });

  it("sees the same figures in the static SVG, the table and the interactive radar, under the CSP", async () => {
    const analyst = await openPage(browser, { storageState: states.analyst });
    const { page } = analyst;
    const response = await page.goto(`${server.url}/reports/${newerReport}`);
    expect(response?.headers()["content-security-policy"]).toContain("style-src 'self'");
    await waitForHydration(page);
    const chart = page.locator("[data-chart=radar] .recharts-surface");
    await chart.waitFor();
    // The static chart gives way on screen once the interactive one has drawn.
    await page.locator(".app-radar--enhanced").waitFor({ state: "attached" });
    await chart.focus();
    await page.keyboard.press("ArrowRight");
    const tooltip = await page.locator("[data-chart=radar] .recharts-tooltip-wrapper").innerText();
    const theme = Number(/^(\d+)\./.exec(tooltip)?.[1]);
    const inChart = Number(/This cycle\s*:\s*([\d.]+)/.exec(tooltip)?.[1]);
    const targetInChart = /Target\s*:\s*([\d.]+)/.exec(tooltip)?.[1];
    // The table beside it.
    const row = page
      .locator("table", { hasText: "Scores out of 100, and levels" })
      .locator("tbody tr")
      .nth(theme - 1);
    const cells = await row.locator("td").allInnerTexts();
    expect(Number(cells[0])).toBe(inChart);
    const targetLevel = cells[cells.length - 1]!;
    if (targetInChart !== undefined) expect(Number(targetInChart)).toBe((Number(targetLevel) - 1) * 25);
    // The static SVG: the point's distance from the centre against the 100 ring's.
    const inSvg = await page.evaluate((index) => {
      const svg = document.querySelector("svg.app-radar__svg--wide")!;
      const spoke = svg.querySelector("line")!;
      const centre = { x: Number(spoke.getAttribute("x1")), y: Number(spoke.getAttribute("y1")) };
      const outer = [...svg.querySelectorAll("polygon")].find(
        (p) => p.getAttribute("stroke-width") === "1.5",
      )!;
      const [ox, oy] = outer.getAttribute("points")!.split(" ")[index]!.split(",").map(Number) as [
        number,
        number,
      ];
      const point = svg.querySelectorAll("circle")[index]!;
      const d = (x: number, y: number) => Math.hypot(x - centre.x, y - centre.y);
      return (d(Number(point.getAttribute("cx")), Number(point.getAttribute("cy"))) / d(ox, oy)) * 100;
    }, theme - 1);
    expect(Math.abs(inSvg - inChart)).toBeLessThan(0.3); // SVG coordinates are kept to 0.1 px
    await expectNoAxeViolationsAsRendered(page);
    // Series can be toggled.
    const peer = page.getByRole("button", { name: "Peer median" });
    await peer.click();
    expect(await peer.getAttribute("aria-pressed")).toBe("false");
    await analyst.finish(); // no console errors, CSP violations among them
  });
});
