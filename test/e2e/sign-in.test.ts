import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../support/server";
import { launchBrowser, openPage, signIn, submitSignIn, type TestPage, visit } from "./support/browser";

const lead = "lead@demo.example";
/** ZD01 in the demo data: the first acute trust of region Y56. */
const zd01 = "Thamesmere Demo Hospitals NHS Foundation Trust";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

// A failed test shows the end of the server's log: a crash or a stale build shows up there.
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.each([
  { label: "JavaScript on", javaScriptEnabled: true },
  { label: "JavaScript off", javaScriptEnabled: false },
])("signing in and out with $label", ({ javaScriptEnabled }) => {
  let t: TestPage;

  beforeEach(async () => {
    t = await openPage(browser, { javaScriptEnabled });
  });

  afterEach(async () => {
    await t.finish();
  });

  const h1 = () => t.page.getByRole("heading", { level: 1 });

  it("signs the lead in to their organisations, shows the organisation, and signs out", async () => {
    const { page } = t;
    await signIn(page, server.url, lead);
    expect(new URL(page.url()).pathname).toBe("/");
    await page.getByRole("heading", { level: 1, name: "Your organisations" }).waitFor();
    const link = page.getByRole("link", { name: zd01 });
    expect(await link.getAttribute("href")).toBe("/organisations/ZD01");

    await Promise.all([page.waitForURL((url) => url.pathname === "/organisations/ZD01"), link.click()]);
    await page.getByRole("heading", { level: 1, name: zd01 }).waitFor();
    await expect(page.getByRole("definition").first().textContent()).resolves.toBe("ZD01");
    await page.getByRole("cell", { name: "Lena Lead (demo)" }).waitFor();

    await Promise.all([
      page.waitForURL((url) => url.pathname === "/signed-out"),
      page.getByRole("button", { name: "Sign out" }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: "You have signed out" }).waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);

    await visit(page, `${server.url}/`);
    await expect(h1().textContent()).resolves.toBe("Digital maturity self-assessment");
    expect(await page.getByText("Your organisations").count()).toBe(0);
    expect(await page.getByText("Lena Lead (demo)").count()).toBe(0);
  });

  it("shows the NHS error summary, linked to the email field, for a wrong password", async () => {
    const { page } = t;
    t.console.allowStatus(400); // the rejected sign-in answers 400, which Chromium logs
    await visit(page, `${server.url}/sign-in`);
    await submitSignIn(page, lead, "not-the-password");

    const summary = page.locator(".nhsuk-error-summary");
    await summary.getByRole("heading", { name: "There is a problem" }).waitFor();
    const link = summary.getByRole("link", { name: "Enter a correct email address and password" });
    expect(await link.getAttribute("href")).toBe("#email");
    expect(await page.locator("#email").getAttribute("type")).toBe("email");
    expect(await page.getByLabel("Email address").inputValue()).toBe(lead);
    expect(await page.locator("#email-error").textContent()).toContain(
      "Enter a correct email address and password",
    );
    expect(await page.getByLabel("Email address").getAttribute("aria-describedby")).toContain("email-error");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);

    if (javaScriptEnabled) {
      await page.waitForFunction(
        () => document.activeElement?.classList.contains("nhsuk-error-summary") === true,
      );
      await link.click();
      await page.waitForFunction(() => document.activeElement?.id === "email");
    }
  });

  it("sends a signed-out visitor to sign in and back to the page they asked for", async () => {
    const { page } = t;
    await visit(page, `${server.url}/organisations/ZD01`);
    const asked = new URL(page.url());
    expect(asked.pathname).toBe("/sign-in");
    expect(asked.searchParams.get("redirectTo")).toBe("/organisations/ZD01");
    await h1().filter({ hasText: "Sign in" }).waitFor();

    await signIn(page, server.url, lead);
    expect(new URL(page.url()).pathname).toBe("/organisations/ZD01");
    await page.getByRole("heading", { level: 1, name: zd01 }).waitFor();
  });
});
