import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerAllRequired,
  openDatabase,
  signInAll,
  startAssessment,
  storedAnswers,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";
import { launchBrowser, openPage } from "./support/browser";
import { coreVersion } from "../support/core-version";

// A real FHIR client: NLM's LHC-Forms (the lforms package), served to Chromium from the package's own files
// on a local route. It loads our exported Questionnaire and one of our responses, must show every answer,
// and its own QuestionnaireResponse goes back through POST /fhir/QuestionnaireResponse losing nothing.

const lforms = join(process.cwd(), "node_modules/lforms/dist/lforms");
const origin = "http://lhc-forms.test";
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="/webcomponent/styles.css">
</head><body><div id="form"></div>
<script src="/webcomponent/assets/lib/zone.min.js"></script>
<script src="/webcomponent/lhc-forms.js"></script>
<script src="/fhir/lformsFHIRAll.min.js"></script>
</body></html>`;

let server: RunningServer;
let browser: Browser;
let assessmentId: number;
let token: string;
// biome-ignore lint/suspicious/noExplicitAny: FHIR JSON from outside, read loosely in assertions
type Json = Record<string, any>;
let questionnaire: Json;
let ours: Json;
let etag: string;

const fhir = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  headers.set("Accept", "application/fhir+json");
  return fetch(`${server.url}/fhir${path}`, { ...init, headers });
};

interface LFormsWindow {
  LForms?: {
    Util: {
      addFormToPage: (q: unknown, id: string, options: unknown) => Promise<void>;
      getFormFHIRData: (type: string, version: string, element: HTMLElement | null) => Json;
    };
    FHIR?: unknown;
  };
}

/** Every answered item, as linkId → answer values (codes by system|code), wherever it is nested. */
function answersOf(resource: Json): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (items: Json[] = []) => {
    for (const i of items) {
      if (i.answer?.length) {
        out.set(
          i.linkId,
          i.answer.map((a: Json) =>
            a.valueCoding
              ? `${a.valueCoding.system}|${a.valueCoding.code}`
              : JSON.stringify(
                  a.valueString ?? a.valueBoolean ?? a.valueDecimal ?? a.valueInteger ?? a.valueUri,
                ),
          ),
        );
      }
      walk(i.item);
      for (const a of i.answer ?? []) walk(a.item);
    }
  };
  walk(resource.item);
  return out;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const as = await signInAll(server);
  assessmentId = await startAssessment(as.lead);
  await answerAllRequired(as.contributor, server, assessmentId, {
    overrides: {
      "paperless-epr-coverage": {
        value: "3",
        evidence: "EPR board paper",
        links: "https://intranet.example/epr\nhttps://intranet.example/epr-2",
      },
      "paperless-fax-in-use": { value: "yes" },
      // A text question that an answer reveals (v2 retired the fax plan; convergence has its own).
      "paperless-epr-convergence": { value: "3" },
      "paperless-epr-convergence-plan": { value: "Retire the theatres system by March" },
      "paperless-electronic-observations": { value: "3" },
      "paperless-observations-beds": { value: "85.5" },
      "interop-procurement-standards": { value: "none", evidence: "Contract template v3" },
      "citizen-nhs-app": {
        value: undefined,
        notApplicable: "yes",
        reason: "No services in the app",
        evidence: "Minute 12",
      },
    },
  });
  const tokenPage = await (
    await as.lead.post("/api-tokens", {
      intent: "create",
      name: "LHC-Forms",
      scope: "organisation:ZD01",
      access: "write",
      expiresInDays: "7",
    })
  ).text();
  token = tokenPage.match(/data-testid="new-token">(dma_[A-Za-z0-9_-]+)</)![1]!;
  const response = await fhir(`/QuestionnaireResponse/assessment-${assessmentId}`);
  etag = response.headers.get("ETag")!;
  ours = await response.json();
  // The assessment started this cycle is on the newest core version, the one the start page offers.
  questionnaire = await (await fhir(`/Questionnaire/core-digital-maturity-v${coreVersion}-acute`)).json();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("LHC-Forms with our Questionnaire and response", () => {
  let theirs: Json;
  let shown: { texts: string[]; checked: string[]; page: string };

  it("loads both, shows every answer, and gives back a response with every answer", async () => {
    const { context, page: tab, finish } = await openPage(browser);
    await context.route(`${origin}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === "/") return route.fulfill({ contentType: "text/html", body: page });
      const file = join(lforms, path);
      if (!file.startsWith(lforms)) return route.fulfill({ status: 404 });
      const type = path.endsWith(".js")
        ? "text/javascript"
        : path.endsWith(".css")
          ? "text/css"
          : "application/octet-stream";
      return route.fulfill({ contentType: type, body: readFileSync(file) });
    });
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => Boolean((window as unknown as LFormsWindow).LForms?.FHIR));
    theirs = await tab.evaluate(
      async ({ q, qr }) => {
        const LForms = (window as unknown as LFormsWindow).LForms!;
        await LForms.Util.addFormToPage(q, "form", { questionnaireResponse: qr });
        return LForms.Util.getFormFHIRData("QuestionnaireResponse", "R4", document.getElementById("form"));
      },
      { q: questionnaire, qr: ours },
    );
    // What a person sees: the rendered text fields and the chosen options.
    shown = await tab.evaluate(() => ({
      texts: [
        ...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("#form input, #form textarea"),
      ]
        .filter((e) => e.type !== "radio" && e.type !== "checkbox")
        .map((e) => e.value)
        .filter(Boolean),
      checked: [...document.querySelectorAll<HTMLInputElement>("#form input:checked")].map(
        (e) => e.closest("label")?.textContent?.trim() ?? e.parentElement?.textContent?.trim() ?? "",
      ),
      page: (document.getElementById("form") as HTMLElement).innerText,
    }));
    await tab.screenshot({ path: "/tmp/lhc-forms.png", fullPage: false });
    await finish();

    const mine = answersOf(ours);
    const lhc = answersOf(theirs);
    expect(mine.size).toBeGreaterThan(60);
    const lost = [...mine].filter(
      ([linkId, values]) => JSON.stringify(lhc.get(linkId)) !== JSON.stringify(values),
    );
    expect(lost, "answers LHC-Forms dropped or changed").toEqual([]);
    // Every text answer (evidence, reasons, text questions) and every link is in a field on the page.
    for (const [, values] of mine) {
      for (const v of values)
        if (!v.includes("|") && v.startsWith('"')) expect(shown.texts).toContain(JSON.parse(v));
    }
    for (const text of ["85.5", "No services in the app", "Minute 12", "https://intranet.example/epr-2"])
      expect(shown.texts.join("\n")).toContain(text);
    // Choices show as LHC-Forms' answer lists: the chosen option's display is in its field.
    const everything = [...shown.texts, ...shown.checked, shown.page].join("\n");
    expect(everything).toContain("Not applicable");
    expect(everything).toContain("None of these");
    expect(everything).toContain("3 – Established");
  }, 60_000);

  it("takes LHC-Forms' own response back through POST /fhir/QuestionnaireResponse, losing nothing", async () => {
    const db = openDatabase(server);
    const before = JSON.stringify([...storedAnswers(db, assessmentId)]);
    db.close();
    // LHC-Forms does not know the subject: a client sends its organisation, as any would.
    const body = { ...theirs, subject: ours.subject, identifier: ours.identifier };
    const response = await fhir("/QuestionnaireResponse", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/fhir+json", "If-Match": etag },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const after = openDatabase(server);
    expect(JSON.stringify([...storedAnswers(after, assessmentId)])).toBe(before);
    after.close();
    expect(answersOf(await response.json())).toEqual(answersOf(ours));
  });
});
