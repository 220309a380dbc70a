import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort, startTestProvider, type TestProvider } from "../support/oidc-provider";
import { type RunningServer, startServer } from "../support/server";
import {
  expectNoAxeViolationsAsRendered,
  launchBrowser,
  openPage,
  type TestPage,
  visit,
} from "./support/browser";

// Signing in through a real OpenID provider (oidc-provider on loopback) in Chromium, with JavaScript on and
// off: the service's button, the provider's own login form, back to the service signed in as the linked
// person; sign-out at the provider too; and the refusal page for someone nobody added.

let server: RunningServer;
let browser: Browser;
let idp: TestProvider;

beforeAll(async () => {
  const port = await freePort();
  idp = await startTestProvider(`http://127.0.0.1:${port}`);
  [server, browser] = await Promise.all([startServer({ PORT: String(port), ...idp.env }), launchBrowser()]);
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => console.error(`Server output (last 3000 characters):\n${server.output().slice(-3000)}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.stop();
});

/** From the service's sign-in page, through the provider's login form, back to the service. */
async function signInAtProvider(page: Page, login: string) {
  await visit(page, `${server.url}/sign-in`);
  await Promise.all([
    page.waitForURL((url) => url.origin === idp.issuer),
    page.getByRole("button", { name: "Sign in with your NHS account" }).click(),
  ]);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await Promise.all([
    page.waitForURL((url) => url.origin === server.url),
    page.getByRole("button", { name: "Sign-in" }).click(),
  ]);
  await page.waitForLoadState("load");
}

describe.each([
  { label: "JavaScript on", javaScriptEnabled: true },
  { label: "JavaScript off", javaScriptEnabled: false },
])("signing in with the NHS account, $label", ({ javaScriptEnabled }) => {
  let t: TestPage;

  beforeEach(async () => {
    t = await openPage(browser, { javaScriptEnabled });
  });

  afterEach(async () => {
    await t.finish();
  });

  it("shows the provider's button on an accessible sign-in page", async () => {
    await visit(t.page, `${server.url}/sign-in`);
    await t.page.getByRole("button", { name: "Sign in with your NHS account" }).waitFor();
    await t.page.getByRole("heading", { level: 2, name: /Or sign in with your email address/ }).waitFor();
    await expectNoAxeViolationsAsRendered(t.page);
  });

  it("lands signed in as the linked person, and signs out at the provider too", async () => {
    const { page } = t;
    await signInAtProvider(page, "lead");
    expect(new URL(page.url()).pathname).toBe("/");
    await page.getByRole("heading", { level: 1, name: "Your organisations" }).waitFor();
    await page.getByRole("link", { name: /Thamesmere Demo Hospitals/ }).waitFor();

    await Promise.all([
      page.waitForURL((url) => url.origin === idp.issuer),
      page.getByRole("button", { name: "Sign out" }).click(),
    ]);
    await Promise.all([
      page.waitForURL((url) => url.origin === server.url && url.pathname === "/signed-out"),
      page.getByRole("button", { name: "Yes, sign me out" }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: "You have signed out" }).waitFor();
    const response = await page.goto(`${server.url}/organisations/ZD01`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(response?.status()).toBe(200);
  });

  it("tells someone nobody added to ask their administrator, on an accessible page", async () => {
    t.console.allowStatus(403);
    await signInAtProvider(t.page, "stranger");
    await t.page
      .getByRole("heading", { level: 1, name: "Ask your organisation's administrator to add you" })
      .waitFor();
    await t.page.getByRole("link", { name: "Go to the sign-in page" }).waitFor();
    await expectNoAxeViolationsAsRendered(t.page);
  });
});
