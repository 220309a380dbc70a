import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cycleOf } from "../../app/domain/cycle";
import { type RunningServer, startServer } from "../support/server";
import {
  autosaveStatus,
  clockTime,
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
import { coreQuestionnaireRef } from "../support/core-version";

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
    startAssessmentOverHttp(server.url, coreQuestionnaireRef, cycleOf(new Date())),
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

interface Case {
  label: string;
  javaScriptEnabled: boolean;
  theme: string;
  next: string;
  question: string;
  theirs: { label: string; value: number };
  mine: { label: string; value: number };
}

const cases: Case[] = [
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
];

let contributor: TestPage;
let lead: TestPage;

async function openBoth(javaScriptEnabled: boolean) {
  [contributor, lead] = await Promise.all([
    openPage(browser, { javaScriptEnabled, storageState: state.contributor }),
    openPage(browser, { javaScriptEnabled, storageState: state.lead }),
  ]);
  // The lead's rejected save answers 409 (autosave's fetch, or the form's document), which Chromium logs.
  lead.console.allowStatus(409);
}

afterEach(async () => {
  const results = await Promise.allSettled([contributor?.finish(), lead?.finish()]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
});

/**
 * Both open the theme; the contributor changes the answer and it is saved (autosave, or Save and continue
 * without JavaScript); then the lead, on the page opened before that, chooses their answer. Returns once the
 * lead sees the warning, having checked it.
 */
async function bringAboutConflict(c: Case) {
  const path = `${server.url}/assessments/${id}/themes/${c.theme}`;
  await Promise.all([visit(contributor.page, path), visit(lead.page, path)]);

  await radio(contributor.page, c.question, c.theirs.label).check();
  if (c.javaScriptEnabled) {
    await waitForSaved(contributor.page);
  } else {
    await Promise.all([
      contributor.page.waitForURL((url) => url.pathname === `/assessments/${id}/themes/${c.next}`),
      contributor.page.getByRole("button", { name: "Save and continue" }).click(),
    ]);
  }
  const before = storedAnswer(server.databasePath, id, c.question);
  expect(before).toMatchObject({ value: c.theirs.value, updatedBy: "Cal Contributor (demo)" });

  const { page } = lead;
  await radio(page, c.question, c.mine.label).check();
  if (!c.javaScriptEnabled) {
    // Post/redirect/get: the post is answered with a redirect to the page itself, whose GET is the 409.
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "GET" && /[?&]failed=[0-9a-f]{16}$/.test(r.url())),
      page.getByRole("button", { name: "Save and continue" }).click(),
    ]);
    expect(response.status()).toBe(409);
    await page.waitForLoadState("load");
    expect(new URL(page.url()).pathname).toBe(new URL(path).pathname);
  }
  const warning = page.locator(`#${c.question}-conflict`);
  await warning.getByRole("heading", { level: 3, name: "Someone else changed this answer" }).waitFor();
  const said = (await warning.textContent()) ?? "";
  expect(said).toMatch(
    new RegExp(`Cal Contributor \\(demo\\) saved this answer at ${clockTime}, after you opened the page`),
  );
  expect(said).toContain(`Their answer: ${c.theirs.label}`);
  expect(said).toContain("Your answer is in the form above and has not been saved");
  expect(await warning.getByRole("link", { name: "reload their answer" }).getAttribute("href")).toBe(
    `?keep=${c.question}#question-${c.question}`,
  );
  // Both versions: theirs in the warning, the lead's still chosen in the form, and nothing overwritten.
  expect(await radio(page, c.question, c.mine.label).isChecked()).toBe(true);
  expect(await radio(page, c.question, c.theirs.label).isChecked()).toBe(false);
  expect(storedAnswer(server.databasePath, id, c.question)).toEqual(before);
  return { warning, revision: before!.revision };
}

describe.each(cases)("two people change the same answer, $label", (c) => {
  beforeEach(() => openBoth(c.javaScriptEnabled));

  it("warns the second with the first's answer; Save and continue then stores the second's", async () => {
    const { revision } = await bringAboutConflict(c);
    const { page } = lead;
    await expectNoAxeViolationsAsRendered(page);

    // Saving again stores the lead's answer, deliberately, on top of the contributor's, and moves on.
    const nextPath = `/assessments/${id}/themes/${c.next}`;
    const moved = page
      .waitForURL((url) => url.pathname === nextPath, { timeout: 5000 })
      .then(
        () => true,
        () => false,
      );
    await page.getByRole("button", { name: "Save and continue" }).click();
    const arrived = await moved;
    const stillWarned = arrived ? 0 : await page.locator(`#${c.question}-conflict`).count();
    expect(
      { arrived, stillWarned, at: new URL(page.url()).pathname },
      "Save and continue after the warning should save and go to the next theme",
    ).toEqual({ arrived: true, stillWarned: 0, at: nextPath });
    await waitForHydration(page);
    expect(storedAnswer(server.databasePath, id, c.question)).toMatchObject({
      value: c.mine.value,
      revision: revision + 1,
      updatedBy: "Lena Lead (demo)",
    });
  });
});

describe("two people change the same answer, JavaScript on, and the second chooses again", () => {
  beforeEach(() => openBoth(true));

  it("announces the conflict, and a new choice saves itself over the first's answer", async () => {
    const c: Case = {
      ...cases[0]!,
      question: "paperless-clinical-noting",
      theirs: { label: "3 – Established", value: 3 },
      mine: { label: "1 – Initial", value: 1 },
    };
    const { warning, revision } = await bringAboutConflict(c);
    const { page } = lead;
    // A screen reader hears "Saving…" from the status line; it should then hear that the answer was not saved.
    expect
      .soft(
        await autosaveStatus(page).textContent(),
        "the status line (role=status) after a conflict: the warning itself is not announced",
      )
      .toMatch(/not (been )?saved|someone else/i);

    // The lead decides on another answer after reading the warning: it saves itself, the warning goes.
    await radio(page, c.question, "5 – Optimising").check();
    await waitForSaved(page);
    await warning.waitFor({ state: "detached" });
    expect(storedAnswer(server.databasePath, id, c.question)).toMatchObject({
      value: 5,
      revision: revision + 1,
      updatedBy: "Lena Lead (demo)",
    });
  });
});
