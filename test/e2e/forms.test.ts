import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
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
  visit,
  waitForHydration,
  waitForSaved,
} from "./support/browser";
import { coreQuestionnaireRef } from "../support/core-version";

// The form kit and the theme form, as people use them, with JavaScript on and off: nothing typed is lost
// or hidden, every state is announced and axe-clean.

let server: RunningServer;
let browser: Browser;
let id: number;
let contributor: BrowserContextOptions["storageState"];
let analyst: BrowserContextOptions["storageState"];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  [id, contributor, analyst] = await Promise.all([
    startAssessmentOverHttp(server.url, coreQuestionnaireRef, cycleOf(new Date())),
    signedInState(browser, server.url, "contributor@demo.example"),
    signedInState(browser, server.url, "analyst@demo.example"),
  ]);
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const themePath = () => `/assessments/${id}/themes/paperless`;
const radio = (page: Page, questionId: string, label: string) =>
  questionBlock(page, questionId).getByRole("radio", { name: label, exact: true });
const questionStatus = (page: Page, questionId: string) =>
  questionBlock(page, questionId).locator(".app-question-status");

describe.each([true, false])("JavaScript %s", (javaScriptEnabled) => {
  it("renders in the design system's font stack, not the browser's serif default", async () => {
    const t = await openPage(browser, { javaScriptEnabled });
    await visit(t.page, `${server.url}/sign-in`);
    const fonts = await t.page.evaluate(() =>
      ["body", "h1", "input", "button"].map((s) => getComputedStyle(document.querySelector(s)!).fontFamily),
    );
    for (const font of fonts) expect(font).toBe("arial, sans-serif");
    await t.finish();
  });

  it("sign-in keeps the email after a 400, and the title starts 'Error: '", async () => {
    const t = await openPage(browser, { javaScriptEnabled });
    t.console.allowStatus(400);
    await visit(t.page, `${server.url}/sign-in`);
    await t.page.getByLabel("Email address").fill("lead@demo");
    await t.page.getByRole("button", { name: "Sign in" }).click();
    await t.page.locator(".nhsuk-error-summary").waitFor();
    expect(await t.page.getByLabel("Email address").inputValue()).toBe("lead@demo");
    expect(await t.page.title()).toBe("Error: Sign in – Digital maturity self-assessment");
    await expectNoAxeViolationsAsRendered(t.page);
    // Leaving the page leaves its errors behind, title and all (with JavaScript, a navigation in the browser).
    await t.page.locator(".nhsuk-footer").getByRole("link", { name: "Accessibility statement" }).click();
    await t.page.waitForURL(/\/accessibility$/);
    await t.page.getByRole("heading", { level: 1 }).waitFor();
    expect(await t.page.title()).not.toMatch(/^Error: /);
    await t.finish();
  });

  it("the peer-group form keeps what was typed after a 400", async () => {
    const t = await openPage(browser, { javaScriptEnabled, storageState: analyst });
    t.console.allowStatus(400);
    await visit(t.page, `${server.url}/regions/Y56/peer-groups`);
    await t.page.getByLabel("Name").fill("Teaching trusts");
    await t.page.getByLabel("ODS codes of its organisations").fill("ZD01\nNOPE!");
    await t.page.getByRole("button", { name: "Add peer group" }).click();
    await t.page.locator(".nhsuk-error-summary").waitFor();
    expect(await t.page.getByLabel("Name").inputValue()).toBe("Teaching trusts");
    expect(await t.page.getByLabel("ODS codes of its organisations").inputValue()).toBe("ZD01\nNOPE!");
    expect(await t.page.locator("#codes-error").textContent()).toMatch(/ODS codes/);
    await t.finish();
  });

  it("one invalid answer on a theme page: the valid ones are saved, the invalid one is named and kept", async () => {
    const t = await openPage(browser, { javaScriptEnabled, storageState: contributor });
    t.console.allowStatus(400);
    const { page } = t;
    await visit(page, server.url + themePath());
    await radio(page, "paperless-data-for-decisions", "3 – Established").check();
    const block = questionBlock(page, "paperless-epr-coverage");
    await block.locator("summary").click();
    await page.locator("#paperless-epr-coverage-links").fill("not a web address");
    if (javaScriptEnabled)
      await autosaveStatus(page)
        .filter({ hasText: /not saved/ })
        .waitFor();
    await page.getByRole("button", { name: "Save and continue" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    if (!javaScriptEnabled) {
      expect(await summary.textContent()).toMatch(/Question 1: Enter each link as a full web address/);
      expect(await summary.textContent()).toContain("Your other answers on this page were saved.");
      expect(await page.title()).toMatch(/^Error: /);
    }
    expect(await page.locator("#paperless-epr-coverage-links").inputValue()).toBe("not a web address");
    expect(await page.locator("#paperless-epr-coverage-links-error").textContent()).toMatch(
      /full web address/,
    );
    expect(storedAnswer(server.databasePath, id, "paperless-data-for-decisions")).toMatchObject({ value: 3 });
    await expectNoAxeViolationsAsRendered(page);
    await t.finish();
  });
});

describe("theme page, JavaScript off", () => {
  it("a level chosen while 'does not apply' is ticked is refused on the question, not dropped", async () => {
    const t = await openPage(browser, { javaScriptEnabled: false, storageState: contributor });
    t.console.allowStatus(400);
    const { page } = t;
    const q = "paperless-electronic-observations";
    await visit(page, server.url + themePath());
    const before = storedAnswer(server.databasePath, id, q);
    await questionBlock(page, q).getByLabel("This does not apply to our organisation").check();
    await questionBlock(page, q).getByLabel("Why does it not apply?").fill("No inpatient beds");
    await radio(page, q, "3 – Established").check();
    await page.getByRole("button", { name: "Save and continue" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(
      /Question \d+: Give an answer or say that this does not apply, not both/,
    );
    expect(await page.locator(`#${q}-error`).textContent()).toMatch(/not both/);
    // Both choices come back as made, for the person to pick one; nothing was written.
    expect(await radio(page, q, "3 – Established").isChecked()).toBe(true);
    expect(await questionBlock(page, q).getByLabel("Why does it not apply?").inputValue()).toBe(
      "No inpatient beds",
    );
    expect(storedAnswer(server.databasePath, id, q)).toEqual(before);
    await t.finish();
  });

  it("Back and Reload after a page that showed errors repeat a GET, never the form post", async () => {
    const t = await openPage(browser, { javaScriptEnabled: false, storageState: contributor });
    t.console.allowStatus(400);
    const { page } = t;
    await visit(page, server.url + themePath());
    await questionBlock(page, "paperless-fax-in-use").locator("summary").click();
    await page.locator("#paperless-fax-in-use-links").fill("ftp://files");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.locator(".nhsuk-error-summary").waitFor();
    // The errors are shown by a GET of the page itself, holding what was typed.
    expect(page.url()).toMatch(/\/themes\/paperless\?failed=[0-9a-f]{16}$/);
    const posts = () =>
      (server.output().match(/"method":"POST","path":"\/assessments\/\d+\/themes\/paperless"/g) ?? []).length;
    const postsBefore = posts();
    await page.reload();
    expect(await page.locator("#paperless-fax-in-use-links").inputValue()).toBe("ftp://files");
    await page.getByRole("link", { name: "Back to the assessment" }).click();
    await page.waitForURL(/\/assessments\/\d+$/);
    const back = await page.goBack();
    expect(back?.status()).toBe(400);
    expect(await page.locator("h1").textContent()).toBe("Digital records at the point of care");
    expect(await page.locator(".nhsuk-error-summary").textContent()).toMatch(/full web address/);
    expect(posts()).toBe(postsBefore);
    await t.finish();
  });
});

describe("theme page, JavaScript on", () => {
  it("choosing a level unticks 'does not apply', and ticking it clears the level: what is saved is what is shown", async () => {
    const t = await openPage(browser, { storageState: contributor });
    const { page } = t;
    const q = "citizen-nhs-app";
    await visit(page, `${server.url}/assessments/${id}/themes/mission-citizen-access`);
    await waitForHydration(page);
    const na = questionBlock(page, q).getByLabel("This does not apply to our organisation");
    const reason = questionBlock(page, q).getByLabel("Why does it not apply?");
    await na.check();
    await reason.fill("Not a patient-facing service");
    await questionStatus(page, q)
      .filter({ hasText: /^Saved at/ })
      .waitFor();
    await radio(page, q, "3 – Established").check();
    expect(await na.isChecked()).toBe(false);
    expect(await reason.isVisible()).toBe(false);
    await questionStatus(page, q)
      .filter({ hasText: /^Saved at/ })
      .waitFor();
    await waitForSaved(page);
    expect(storedAnswer(server.databasePath, id, q)).toMatchObject({ value: 3, notApplicableReason: null });

    await na.check();
    expect(await radio(page, q, "3 – Established").isChecked()).toBe(false);
    expect(await reason.inputValue()).toBe("Not a patient-facing service");
    await questionStatus(page, q)
      .filter({ hasText: /^Saved at/ })
      .waitFor();
    await waitForSaved(page);
    expect(storedAnswer(server.databasePath, id, q)).toMatchObject({
      value: null,
      notApplicableReason: "Not a patient-facing service",
    });
    await t.finish();
  });

  it("the same for a yes-or-no question: 'Yes' unticks 'does not apply'", async () => {
    const t = await openPage(browser, { storageState: contributor });
    const { page } = t;
    await visit(page, `${server.url}/assessments/${id}/themes/mission-citizen-access`);
    await waitForHydration(page);
    const q = "citizen-nhs-login";
    const na = questionBlock(page, q).getByLabel("This does not apply to our organisation");
    await na.check();
    await questionBlock(page, q).getByLabel("Why does it not apply?").fill("No patient-facing services");
    await questionBlock(page, q).getByRole("radio", { name: "Yes", exact: true }).check();
    expect(await na.isChecked()).toBe(false);
    await questionStatus(page, q)
      .filter({ hasText: /^Saved at/ })
      .waitFor();
    await waitForSaved(page);
    expect(storedAnswer(server.databasePath, id, q)).toMatchObject({
      value: "yes",
      notApplicableReason: null,
    });
    await t.finish();
  });

  it("ticking then unticking 'does not apply' still autosaves the answer chosen next", async () => {
    const t = await openPage(browser, { storageState: contributor });
    const { page } = t;
    const q = "paperless-electronic-observations";
    await visit(page, server.url + themePath());
    const na = questionBlock(page, q).getByLabel("This does not apply to our organisation");
    await na.check();
    await questionBlock(page, q).getByLabel("Why does it not apply?").fill("No inpatient beds");
    await questionStatus(page, q)
      .filter({ hasText: /^Saved at/ })
      .waitFor();
    expect(storedAnswer(server.databasePath, id, q)).toMatchObject({
      notApplicableReason: "No inpatient beds",
    });
    await na.uncheck();
    await radio(page, q, "4 – Embedded").check();
    await questionStatus(page, q)
      .filter({ hasText: /^Saved at/ })
      .waitFor();
    await waitForSaved(page);
    expect(storedAnswer(server.databasePath, id, q)).toMatchObject({ value: 4, notApplicableReason: null });
    // Nothing left in the browser waiting to be saved.
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("dm-draft:"))),
    ).toEqual([]);
    await t.finish();
  });

  it("each question shows its own state; the summary counts what is not saved", async () => {
    const t = await openPage(browser, { storageState: contributor });
    const { page } = t;
    await visit(page, server.url + themePath());
    await questionBlock(page, "paperless-clinical-noting").locator("summary").click();
    await page.locator("#paperless-clinical-noting-links").fill("intranet/policy");
    const bad = questionStatus(page, "paperless-clinical-noting");
    await bad.filter({ hasText: /Not saved/ }).waitFor();
    expect(await bad.textContent()).toMatch(/Enter each link as a full web address/);
    // The message also stands next to the field.
    expect(await page.locator("#paperless-clinical-noting-links-error").textContent()).toMatch(
      /full web address/,
    );
    // A later save elsewhere does not hide it.
    await radio(page, "paperless-epr-coverage", "2 – Developing").check();
    await questionStatus(page, "paperless-epr-coverage")
      .filter({ hasText: /^Saved at/ })
      .waitFor();
    await autosaveStatus(page)
      .filter({ hasText: /^1 answer is not saved: question 2/ })
      .waitFor();
    await expectNoAxeViolationsAsRendered(page);
    // Fixing it saves it, and the summary says so.
    await page.locator("#paperless-clinical-noting-links").fill("https://intranet.example/policy");
    await bad.filter({ hasText: /^Saved at/ }).waitFor();
    await waitForSaved(page);
    await t.finish();
  });

  it("after a server error, typing stays in the field; the summary's links focus the field and open its details", async () => {
    const t = await openPage(browser, { storageState: contributor });
    t.console.allowStatus(400);
    const { page } = t;
    await visit(page, server.url + themePath());
    await questionBlock(page, "paperless-fax-in-use").locator("summary").click();
    await page.locator("#paperless-fax-in-use-links").fill("ftp://files");
    await page.getByRole("button", { name: "Save and come back later" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains("nhsuk-error-summary"))).toBe(
      true,
    );
    const evidence = page.locator("#paperless-fax-in-use-evidence");
    await evidence.click();
    await evidence.pressSequentially("abc");
    expect(await evidence.inputValue()).toBe("abc");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("paperless-fax-in-use-evidence");

    // Hide the field again, then follow the summary's link: it opens the details and focuses the field.
    await page.evaluate(() => {
      for (const d of document.querySelectorAll<HTMLDetailsElement>("#question-paperless-fax-in-use details"))
        d.open = false;
    });
    const before = page.url();
    await summary.getByRole("link").first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("paperless-fax-in-use-links");
    expect(page.url()).toBe(before);
    expect(await summary.isVisible()).toBe(true);
    await t.finish();
  });
});

describe("at 390 px wide", () => {
  it.each([
    "/",
    "/sign-in",
    "/accessibility",
    "/organisations/ZD01",
    "/assessments/ID",
    "/assessments/ID/themes/paperless",
    "/assessments/ID/check",
  ])("%s does not scroll sideways", async (path) => {
    const t = await openPage(browser, { storageState: contributor, viewport: { width: 390, height: 844 } });
    await visit(t.page, server.url + path.replace("ID", String(id)));
    await waitForHydration(t.page);
    const overflow = await t.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await t.finish();
  });

  it.each([
    ["/assessments/ID/report", "lead@demo.example"],
    ["/regions/Y56", "analyst@demo.example"],
    ["/regions/national", "admin@demo.example"],
  ])("%s does not scroll sideways, and its chart's labels stay readable", async (path, who) => {
    const t = await openPage(browser, {
      storageState: await signedInState(browser, server.url, who),
      viewport: { width: 390, height: 844 },
    });
    await visit(t.page, server.url + path.replace("ID", String(id)));
    await waitForHydration(t.page);
    const overflow = await t.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // Each label's font size in the SVG times the scale the chart is drawn at: what a person sees.
    const sizes = await t.page.evaluate(() =>
      [...document.querySelectorAll<SVGSVGElement>("svg.app-radar__svg")]
        .filter((svg) => svg.getBoundingClientRect().width > 0)
        .flatMap((svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll("text")].map(
            (text) => Number(text.getAttribute("font-size")) * scale,
          );
        }),
    );
    if (path.includes("report")) expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(12);
    // The comparison's box plots keep their drawn width inside the table that scrolls (they were squeezed
    // to the cell, about 60 px, before).
    const plots = await t.page.evaluate(() =>
      [...document.querySelectorAll(".app-boxplot")].map((svg) => svg.getBoundingClientRect().width),
    );
    if (path.includes("report")) expect(plots.length).toBeGreaterThan(0);
    for (const width of plots) expect(width).toBeGreaterThanOrEqual(200);
    await t.finish();
  });

  // Every page each role can reach by following links from the home page (downloads and sign-out aside),
  // not only the ones named above: none scrolls sideways at 390 px, and each has a title of its own.
  it.each(["lead@demo.example", "board@demo.example", "analyst@demo.example", "admin@demo.example"])(
    "every page %s can reach by its links fits 390 px and has a title",
    async (who) => {
      const t = await openPage(browser, {
        storageState: await signedInState(browser, server.url, who),
        viewport: { width: 390, height: 844 },
      });
      const seen = new Set<string>();
      const queue = ["/"];
      const wide: string[] = [];
      const untitled: string[] = [];
      // A page of each kind is enough: theme pages and saved reports differ only by their ids.
      const kind = (path: string) => path.replace(/\d+/g, "N").replace(/\/themes\/[^/?#]+/, "/themes/T");
      const kinds = new Set<string>();
      while (queue.length > 0 && seen.size < 60) {
        const path = queue.shift()!;
        if (seen.has(path) || kinds.has(kind(path))) continue;
        seen.add(path);
        kinds.add(kind(path));
        const response = await t.page.goto(server.url + path);
        if (response?.status() !== 200 || !/text\/html/.test(response.headers()["content-type"] ?? "")) {
          continue;
        }
        const { overflow, title, links } = await t.page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          title: document.title,
          links: [...document.querySelectorAll<HTMLAnchorElement>("a[href^='/']")].map(
            (a) => a.getAttribute("href")!,
          ),
        }));
        if (overflow > 0) wide.push(`${path} (${overflow} px)`);
        if (!title.includes(" – ")) untitled.push(`${path}: "${title}"`);
        for (const link of links) {
          const bare = link.split("#")[0]!;
          if (/\.(csv|json|pdf|xlsx)\b|\/(csv|json|pdf|xlsx)$|\/fhir\b|sign-out|[?&]keep=/.test(bare))
            continue;
          if (!seen.has(bare)) queue.push(bare);
        }
      }
      expect(seen.size).toBeGreaterThan(who.startsWith("admin") ? 8 : 3);
      expect(wide).toEqual([]);
      expect(untitled).toEqual([]);
      await t.finish();
    },
  );
});

describe("at 1024 px wide", () => {
  it.each([
    ["/assessments/ID/report", "lead@demo.example"],
    ["/regions/Y56", "analyst@demo.example"],
  ])(
    "%s: a table that fits does not scroll or show a scroll shadow, and no control passes the page's edge",
    async (path, who) => {
      const t = await openPage(browser, {
        storageState: await signedInState(browser, server.url, who),
        viewport: { width: 1024, height: 768 },
      });
      await visit(t.page, server.url + path.replace("ID", String(id)));
      await waitForHydration(t.page);
      const scrolls = await t.page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".nhsuk-scroll")]
          .filter((scroll) => scroll.getBoundingClientRect().width > 0)
          .map((scroll) => {
            const content = scroll.querySelector<HTMLElement>(".nhsuk-scroll__content")!;
            return {
              caption: content.querySelector("caption")?.textContent ?? "",
              overflow: content.scrollWidth - content.clientWidth,
              shadow: scroll.classList.contains("nhsuk-scroll--scrollable-right"),
            };
          }),
      );
      expect(scrolls.length).toBeGreaterThan(0);
      for (const s of scrolls) expect(s, s.caption).toMatchObject({ overflow: 0, shadow: false });
      // No form control reaches past the page's width container (the fourth filter of the regional view did).
      const outside = await t.page.evaluate(() => {
        const edge = document
          .querySelector("main")!
          .closest(".nhsuk-width-container")!
          .getBoundingClientRect().right;
        return [...document.querySelectorAll("main input, main select, main textarea, main button")]
          .filter((control) => control.getBoundingClientRect().right > edge + 0.5)
          .map((control) => control.getAttribute("name") ?? control.tagName);
      });
      expect(outside).toEqual([]);
      await t.finish();
    },
  );
});
