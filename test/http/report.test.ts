import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Person, signInAll } from "../support/assessment";
import { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";
import { coreQuestionnaireRef } from "../support/core-version";

// The organisation report: server-rendered chart and table, the saved copy that never changes, the PDF, and
// who may read it.

let server: RunningServer;
let as: Record<Person, Client>;
let reportId: string;

/** The text a PDF shows: its streams inflated, and the strings of its text operators decoded. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  let text = "";
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(match[1]!, "latin1")).toString("latin1");
    } catch {
      continue;
    }
    for (const s of body.matchAll(/<([0-9a-fA-F]+)>|\(((?:\\.|[^\\)])*)\)/g)) {
      text += s[1] ? Buffer.from(s[1], "hex").toString("latin1") : s[2];
    }
    text += "\n";
  }
  return text;
}

/** A page's HTML without what changes on every response (the CSP nonce). */
const stable = (html: string) => html.replace(/nonce="[^"]*"/g, "");

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
  const organisation = await (await as.board.get("/organisations/ZD01")).text();
  reportId = /href="\/reports\/(\d+)"/.exec(organisation)![1]!;
});
afterAll(() => server?.stop());

describe("a saved report", () => {
  it("is rendered on the server with the radar chart's SVG and the same figures as a table", async () => {
    const response = await as.board.get(`/reports/${reportId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<svg [^>]*role="img" aria-label="Radar chart of theme scores[^"]*"/);
    expect(html).toContain("app-radar__svg");
    expect(html).toContain("Scores out of 100, and levels");
    expect(html).toContain("Digital records at the point of care");
    expect(html).toContain("How you compare");
    expect(html).toContain("Next steps");
    // The trend against the care-setting median, cycle by cycle (the demo has 2024/25 and 2025/26 reports).
    expect(html).toContain(
      "Overall score by cycle, against the median of Acute organisations (including specialist) in England",
    );
    expect(html).toMatch(/<th scope="row" class="nhsuk-table__header">2024\/25<\/th>/);
  });

  it("stays byte for byte the same when answers change later", async () => {
    const before = stable(await (await as.board.get(`/reports/${reportId}`)).text());
    const json = await (await as.board.get(`/reports/${reportId}/json`)).text();
    // ZD01 starts this cycle's assessment and answers; other organisations' answers move the benchmarks too.
    const started = await as.lead.post("/organisations/ZD01/assessments/new", {
      questionnaire: coreQuestionnaireRef,
      cycle: /\d{4}\/\d{2}/.exec(before)![0],
    });
    expect([302, 409, 400]).toContain(started.status);
    const location = started.headers.get("Location") ?? "";
    const id = /\/assessments\/(\d+)/.exec(location)?.[1];
    if (id) {
      const save = await as.lead.request(`/assessments/${id}/answers`, {
        method: "POST",
        headers: { "X-CSRF-Token": as.lead.csrfToken, "Content-Type": "application/x-www-form-urlencoded" },
        body: "answers.paperless-epr-coverage.value=5&answers.paperless-epr-coverage.revision=0",
      });
      expect(save.status).toBe(200);
    }
    const after = stable(await (await as.board.get(`/reports/${reportId}`)).text());
    if (after !== before) {
      const at = [...after].findIndex((c, i) => c !== before[i]);
      throw new Error(
        `differs at ${at}: ${before.slice(at - 200, at + 200)}\n---\n${after.slice(at - 200, at + 200)}`,
      );
    }
    expect(await (await as.board.get(`/reports/${reportId}/json`)).text()).toBe(json);
  });

  it("downloads as a PDF that holds the organisation's name and scores", async () => {
    const started = performance.now();
    const response = await as.board.get(`/reports/${reportId}/pdf`);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    const report = JSON.parse(await (await as.board.get(`/reports/${reportId}/json`)).text());
    expect(text).toContain(report.organisation.name);
    expect(text).toContain(`Overall score ${report.overall.score.toFixed(1)} out of 100`);
    for (const theme of report.themes) expect(text).toContain(theme.score.toFixed(1));
    console.info(`PDF of ${pdf.length} bytes in ${elapsed.toFixed(0)} ms`);
  });

  it("answers CSV and JSON downloads of the figures", async () => {
    const csv = await as.board.get(`/reports/${reportId}/csv`);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toContain("theme_id");
    expect(lines.at(-1)).toContain("overall");
  });

  it("is 404 for people of another organisation, and asks others to sign in", async () => {
    const other = await new Client(server.url).signIn("admin@demo.example");
    await other.post("/admin/people/new", {
      email: "board2@demo.example",
      name: "Other Board",
      password: "a-long-password",
      role: "board-member",
      organisationCode: "ZD02",
    });
    const stranger = await new Client(server.url).signIn("board2@demo.example", "a-long-password");
    for (const path of ["", "/pdf", "/csv", "/json"]) {
      expect((await stranger.get(`/reports/${reportId}${path}`)).status).toBe(404);
      expect((await new Client(server.url).get(`/reports/${reportId}${path}`)).status).toBe(302);
    }
    expect((await as.analyst.get(`/reports/${reportId}`)).status).toBe(200); // London's analyst
  });
});

describe("the provisional report", () => {
  it("is marked provisional", async () => {
    const organisation = await (await as.lead.get("/organisations/ZD01")).text();
    const id = /href="\/assessments\/(\d+)"/.exec(organisation)![1];
    const html = await (await as.lead.get(`/assessments/${id}/report`)).text();
    expect(html).toContain("Provisional");
  });
});
