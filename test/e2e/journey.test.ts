import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cycleOf, shiftCycle } from "../../app/domain/cycle";
import { type RunningServer, startServer } from "../support/server";
import {
  answersToEverythingBut,
  expectNoAxeViolationsAsRendered,
  launchBrowser,
  openPage,
  postAnswers,
  questionBlock,
  signIn,
  startAssessmentOverHttp,
  storedAnswer,
  type TestPage,
  visit,
  waitForHydration,
} from "./support/browser";
import { coreQuestionnaireLabel, coreQuestionnaireRef } from "../support/core-version";

// The assessment journey of ZD01 (acute), in the browser: the lead starts an assessment, a contributor
// answers a theme, the rest is filled in over HTTP, the lead submits it and the board signs it off. Every
// page on the way is scanned with axe. With JavaScript on and off, each with its own questionnaire so that
// the two assessments do not collide (one open assessment per questionnaire and cycle).

const lead = "lead@demo.example";
const contributor = "contributor@demo.example";
const board = "board@demo.example";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Chooses a radio by its label, inside one question. */
const choose = (page: Page, questionId: string, label: string) =>
  questionBlock(page, questionId).getByRole("radio", { name: label, exact: true }).check();

const isChecked = (page: Page, questionId: string, label: string) =>
  questionBlock(page, questionId).getByRole("radio", { name: label, exact: true }).isChecked();

/** Clicks a link or button and waits for the browser to arrive at a path matching `to`. */
async function go(page: Page, click: () => Promise<void>, to: RegExp) {
  await Promise.all([page.waitForURL((url) => to.test(url.pathname)), click()]);
  await waitForHydration(page);
}

interface Journey {
  label: string;
  javaScriptEnabled: boolean;
  questionnaireId: string;
  questionnaireLabel: string;
  title: string;
  themeCount: number;
  theme: { id: string; title: string; next: string };
  /** The contributor's answers to the theme, by question id → radio label. */
  answers: [string, string][];
  /** Fills in what appears after the answers above (JavaScript only: a revealed question). */
  revealed?: (page: Page) => Promise<void>;
}

const journeys: Journey[] = [
  {
    label: "JavaScript on",
    javaScriptEnabled: true,
    questionnaireId: "core-digital-maturity",
    questionnaireLabel: coreQuestionnaireLabel,
    title: "Digital maturity self-assessment",
    themeCount: 9,
    theme: { id: "paperless", title: "Digital records at the point of care", next: "interoperability" },
    answers: [
      ["paperless-epr-coverage", "3 – Established"],
      ["paperless-clinical-noting", "2 – Developing"],
      ["paperless-epr-convergence", "3 – Established"],
      ["paperless-fax-in-use", "No"],
      ["paperless-data-for-decisions", "4 – Embedded"],
      ["paperless-electronic-observations", "3 – Established"],
      ["paperless-order-communications", "2 – Developing"],
      ["paperless-maternity-record", "2 – Developing"],
    ],
    // Level 3 for electronic observations reveals the question about the share of beds, and level 3 for
    // convergence the (unscored) question about the record systems that remain: the page returns to a
    // revealed question left empty, so both are filled in.
    revealed: async (page) => {
      const beds = page.getByLabel("What percentage of your inpatient beds have observations recorded");
      await beds.waitFor({ state: "visible" });
      await beds.fill("85");
      const plan = questionBlock(page, "paperless-epr-convergence-plan").getByRole("textbox");
      await plan.waitFor({ state: "visible" });
      await plan.fill("Theatres system: joined to the EPR by March 2027.");
    },
  },
  {
    label: "JavaScript off",
    javaScriptEnabled: false,
    questionnaireId: "board-digital-leadership",
    questionnaireLabel: "Board digital leadership check (version 3)",
    title: "Board digital leadership check",
    themeCount: 3,
    theme: { id: "board-strategy", title: "Strategy and investment", next: "board-risk" },
    answers: [
      ["board-strategy-ownership", "3 – Established"],
      ["board-strategy-system-alignment", "2 – Developing"],
      ["board-strategy-investment", "4 – Embedded"],
    ],
  },
];

describe.each(journeys)("the assessment journey with $label", (journey) => {
  const { javaScriptEnabled } = journey;
  const opened: TestPage[] = [];
  const open = async () => {
    const t = await openPage(browser, { javaScriptEnabled });
    opened.push(t);
    return t;
  };

  afterEach(async () => {
    // Each context is checked for console errors; the first failure is the one reported.
    const pages = opened.splice(0);
    const results = await Promise.allSettled(pages.map((t) => t.finish()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  });

  it("the lead starts, a contributor answers, the lead submits and the board signs off", async () => {
    const cycle = cycleOf(new Date());
    const themePath = new RegExp(`^/assessments/\\d+/themes/${journey.theme.id}$`);

    // The lead starts the assessment from the organisation page.
    const { page: leadPage } = await open();
    await signIn(leadPage, server.url, lead);
    await visit(leadPage, `${server.url}/organisations/ZD01`);
    await go(
      leadPage,
      () => leadPage.getByRole("link", { name: "Start an assessment" }).click(),
      /^\/organisations\/ZD01\/assessments\/new$/,
    );
    await leadPage.getByRole("heading", { level: 1, name: "Start an assessment" }).waitFor();
    expect(await leadPage.getByRole("radio", { name: cycle, exact: true }).isChecked()).toBe(true);
    await expectNoAxeViolationsAsRendered(leadPage);
    await leadPage.getByRole("radio", { name: journey.questionnaireLabel }).check();
    // ZD01 signed off last cycle, so the page offers to carry its answers forward; this journey starts empty.
    await leadPage.getByRole("radio", { name: "Start with no answers" }).check();
    await go(
      leadPage,
      () => leadPage.getByRole("button", { name: "Start assessment" }).click(),
      /^\/assessments\/\d+$/,
    );
    const id = Number(new URL(leadPage.url()).pathname.split("/")[2]);
    await leadPage.getByRole("heading", { level: 1, name: `${journey.title} ${cycle}` }).waitFor();
    expect(await leadPage.locator("main .nhsuk-tag").first().textContent()).toBe("In progress");
    await leadPage
      .getByRole("heading", { level: 2, name: `0 of ${journey.themeCount} themes completed` })
      .waitFor();

    // A contributor answers one theme in the browser and saves it.
    const { page } = await open();
    await signIn(page, server.url, contributor);
    await visit(page, `${server.url}/assessments/${id}`);
    await go(page, () => page.getByRole("link", { name: journey.theme.title }).click(), themePath);
    await page.getByRole("heading", { level: 1, name: journey.theme.title }).waitFor();
    await expectNoAxeViolationsAsRendered(page);
    for (const [questionId, label] of journey.answers) await choose(page, questionId, label);
    await journey.revealed?.(page);
    for (const [questionId, label] of journey.answers)
      expect(await isChecked(page, questionId, label)).toBe(true);
    await go(
      page,
      () => page.getByRole("button", { name: "Save and continue" }).click(),
      new RegExp(`^/assessments/${id}/themes/${journey.theme.next}$`),
    );
    for (const [questionId] of journey.answers)
      expect(storedAnswer(server.databasePath, id, questionId)?.updatedBy, questionId).toBe(
        "Cal Contributor (demo)",
      );
    if (journey.revealed) {
      expect(storedAnswer(server.databasePath, id, "paperless-observations-beds")?.value).toBe(85);
      expect(storedAnswer(server.databasePath, id, "paperless-epr-convergence-plan")?.value).toBe(
        "Theatres system: joined to the EPR by March 2027.",
      );
    }

    // The task list shows the progress.
    await go(
      page,
      () => page.getByRole("link", { name: "Back to the assessment" }).click(),
      /^\/assessments\/\d+$/,
    );
    await page
      .getByRole("heading", { level: 2, name: `1 of ${journey.themeCount} themes completed` })
      .waitFor();
    const item = page.locator(".nhsuk-task-list__item", { hasText: journey.theme.title });
    expect(await item.locator(".nhsuk-task-list__status").textContent()).toBe("Completed");
    expect(await item.locator(".nhsuk-task-list__hint").textContent()).toContain(
      "Last edited by Cal Contributor (demo)",
    );
    const nextItem = page.locator(".nhsuk-task-list__item").nth(1);
    expect(await nextItem.locator(".nhsuk-task-list__status").textContent()).toBe("Not started");
    await expectNoAxeViolationsAsRendered(page);

    // The rest of the required answers, over HTTP as the contributor (the autosave endpoint).
    const saved = await postAnswers(
      page,
      answersToEverythingBut(journey.questionnaireId, "acute", [journey.theme.id]),
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.results?.every((r) => r.outcome === "saved")).toBe(true);

    // The lead checks the answers and submits.
    await visit(leadPage, `${server.url}/assessments/${id}`);
    await leadPage
      .getByRole("heading", {
        level: 2,
        name: `${journey.themeCount} of ${journey.themeCount} themes completed`,
      })
      .waitFor();
    await go(
      leadPage,
      () => leadPage.getByRole("link", { name: "Check your answers and submit" }).click(),
      /^\/assessments\/\d+\/check$/,
    );
    await leadPage.getByRole("heading", { level: 1, name: "Check your answers" }).waitFor();
    const [firstQuestion, firstLabel] = journey.answers[0]!;
    expect(await leadPage.locator(`#answer-${firstQuestion} .nhsuk-summary-list__value`).textContent()).toBe(
      firstLabel,
    );
    expect(await leadPage.getByText("Not answered", { exact: true }).count()).toBe(0);
    await leadPage.getByText("Once you submit, the answers cannot change").waitFor();
    await expectNoAxeViolationsAsRendered(leadPage);
    await go(
      leadPage,
      () => leadPage.getByRole("button", { name: "Submit assessment" }).click(),
      /^\/assessments\/\d+$/,
    );
    expect(new URL(leadPage.url()).search).toBe("?submitted=1");
    expect(await leadPage.locator("main .nhsuk-tag").first().textContent()).toBe("Submitted");

    // A board member signs it off.
    const { page: boardPage } = await open();
    await signIn(boardPage, server.url, board);
    await visit(boardPage, `${server.url}/assessments/${id}`);
    await go(
      boardPage,
      () => boardPage.getByRole("link", { name: "Sign off or return this assessment" }).click(),
      /^\/assessments\/\d+\/review$/,
    );
    await boardPage.getByRole("heading", { level: 1, name: "Sign off or return the assessment" }).waitFor();
    await expectNoAxeViolationsAsRendered(boardPage);
    await boardPage.getByRole("radio", { name: "Sign off: the board agrees these answers" }).check();
    expect(await boardPage.getByLabel("Name you sign with").inputValue()).toBe("Bea Board (demo)");
    await boardPage.getByLabel("Comment", { exact: true }).fill("Agreed at the board meeting.");
    await go(
      boardPage,
      () => boardPage.getByRole("button", { name: "Confirm decision" }).click(),
      /^\/assessments\/\d+$/,
    );
    const signedOff = boardPage.locator(".nhsuk-inset-text");
    await signedOff.waitFor();
    expect(await signedOff.textContent()).toMatch(
      /Signed off by Bea Board \(demo\) on .+\. “Agreed at the board meeting\.”/,
    );
    expect(await boardPage.locator("main .nhsuk-tag").first().textContent()).toBe("Signed off");
    await expectNoAxeViolationsAsRendered(boardPage);

    // Everyone sees it: the lead's overview too.
    await visit(leadPage, `${server.url}/assessments/${id}`);
    await leadPage.getByText("Signed off by Bea Board (demo)").waitFor();
  });
});

describe("the theme page's error states, JavaScript off", () => {
  let t: TestPage;
  let id: number;

  beforeAll(async () => {
    // Its own assessment: the core questionnaire for next year's cycle.
    id = await startAssessmentOverHttp(
      server.url,
      coreQuestionnaireRef,
      shiftCycle(cycleOf(new Date()), 1),
    );
  });

  beforeEach(async () => {
    t = await openPage(browser, { javaScriptEnabled: false });
    t.console.allowStatus(400); // the rejected form answers 400
  });

  afterEach(async () => {
    await t.finish();
  });

  it("shows the error summary for N/A without a reason and for a number that is not one", async () => {
    const { page } = t;
    await signIn(page, server.url, contributor);
    await visit(page, `${server.url}/assessments/${id}/themes/paperless`);
    const observations = questionBlock(page, "paperless-electronic-observations");

    // "This does not apply" without a reason.
    await choose(page, "paperless-epr-coverage", "2 – Developing");
    await observations.getByLabel("This does not apply to our organisation").check();
    await page.getByRole("button", { name: "Save and continue" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.getByRole("heading", { name: "There is a problem" }).waitFor();
    const link = summary.getByRole("link", { name: "Say why this question does not apply" });
    expect(await link.getAttribute("href")).toBe("#paperless-electronic-observations-reason");
    expect(await page.locator("#paperless-electronic-observations-reason-error").textContent()).toContain(
      "Say why this question does not apply",
    );
    // Scoped to the question: other questions on the page (maternity) have a reason box of their own.
    expect(
      await observations.getByLabel("Why does it not apply?").getAttribute("aria-describedby"),
    ).toContain("paperless-electronic-observations-reason-error");
    // The valid answer on the page was saved; the invalid one was not, and comes back as typed, and the
    // summary says which is which.
    await summary
      .getByText("This answer was not saved. Your other answers on this page were saved.")
      .waitFor();
    expect(storedAnswer(server.databasePath, id, "paperless-epr-coverage")?.value).toBe(2);
    expect(storedAnswer(server.databasePath, id, "paperless-electronic-observations")).toBeUndefined();
    expect(await isChecked(page, "paperless-epr-coverage", "2 – Developing")).toBe(true);
    expect(await observations.getByLabel("This does not apply to our organisation").isChecked()).toBe(true);
    expect(await page.title()).toMatch(/^Error: /);
    await expectNoAxeViolationsAsRendered(page);

    // A level that reveals the question about beds: the page comes back to it.
    await observations.getByLabel("This does not apply to our organisation").uncheck();
    await choose(page, "paperless-electronic-observations", "3 – Established");
    await Promise.all([
      page.waitForURL((url) => url.hash === "#question-paperless-observations-beds"),
      page.getByRole("button", { name: "Save and continue" }).click(),
    ]);
    expect(storedAnswer(server.databasePath, id, "paperless-electronic-observations")?.value).toBe(3);
    const beds = page.getByLabel("What percentage of your inpatient beds have observations recorded");
    await beds.fill("lots");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await summary.getByRole("link", { name: "Enter a number, like 42 or 42.5" }).waitFor();
    expect(
      await summary.getByRole("link", { name: "Enter a number, like 42 or 42.5" }).getAttribute("href"),
    ).toBe("#paperless-observations-beds");
    expect(await beds.inputValue()).toBe("lots");
    expect(await beds.getAttribute("aria-describedby")).toContain("paperless-observations-beds-error");
    expect(storedAnswer(server.databasePath, id, "paperless-observations-beds")).toBeUndefined();
    await expectNoAxeViolationsAsRendered(page);
  });
});
