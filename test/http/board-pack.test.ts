import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatScore } from "../../app/format";
import { openDatabase, type ReadonlyDb, signInAll } from "../support/assessment";
import type { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";
import { coreVersion } from "../support/core-version";

// The board pack PDF, read by an outside party: poppler's pdfinfo (tagged, A4, title), pdftotext (the text in
// reading order: headings, every theme, dates in words, no hyphenated words, no figure the disclosure rule
// holds back) and pdftoppm (page 1 rendered to PNG, kept in test-results/ for a look).

let server: RunningServer;
let board: Client;
let admin: Client;
let db: ReadonlyDb;
let dir: string;
let pdfPath: string;
let report: {
  organisation: { name: string; odsCode: string };
  themes: { id: string; title: string; score: number | null; nextSteps: { gain: number }[] }[];
  overall: { score: number };
  signOff: { name: string } | null;
  comparisons: {
    groups: { key: string; label: string; themes: Record<string, { n: number; shown: string }> }[];
  };
};
let reportId: string;

const run = (command: string, ...args: string[]) => execFileSync(command, args, { encoding: "utf8" });

beforeAll(async () => {
  server = await startServer();
  ({ board, admin } = await signInAll(server));
  db = openDatabase(server);
  const organisation = await (await board.get("/organisations/ZD01")).text();
  reportId = /href="\/reports\/(\d+)"/.exec(organisation)![1]!;
  report = JSON.parse(await (await board.get(`/reports/${reportId}/json`)).text());
  const response = await board.get(`/reports/${reportId}/pdf`);
  expect(response.status).toBe(200);
  dir = mkdtempSync(join(tmpdir(), "board-pack-"));
  pdfPath = join(dir, "pack.pdf");
  writeFileSync(pdfPath, Buffer.from(await response.arrayBuffer()));
}, 60_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the board pack PDF", () => {
  it("is a tagged A4 PDF with a title and a sensible number of pages", () => {
    const info = run("pdfinfo", pdfPath);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    expect(info).toMatch(new RegExp(`^Title:\\s+${report.organisation.name}: `, "m"));
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(12);
  });

  it("reads in order: cover, summary, theme scores, comparison, next steps, the method", () => {
    const text = run("pdftotext", pdfPath, "-");
    const at = (s: string) => text.indexOf(s);
    const order = [
      "Board sign-off",
      "Summary",
      "Theme scores",
      "How you compare",
      "Next steps",
      "About the figures",
    ];
    for (const h of order) expect(at(h), h).toBeGreaterThanOrEqual(0);
    expect(order.map(at)).toEqual([...order.map(at)].sort((a, b) => a - b));
    expect(text).toContain(report.organisation.odsCode);
    expect(text).toContain(`Overall score ${formatScore(report.overall.score)} out of 100`);
    for (const t of report.themes) {
      expect(text, t.title).toContain(t.title);
      expect(text).toContain(formatScore(t.score));
    }
    // Signed off, with the date in words; page numbers.
    expect(text).toMatch(
      new RegExp(`Signed off by ${report.signOff!.name} on \\d{1,2} [A-Z][a-z]+ \\d{4}\\.`),
    );
    expect(text).toMatch(/Page 1 of \d+/);
    // The summary fills its page: the trend and the three largest gains, with their themes, sit there too.
    const summary = run("pdftotext", "-f", "2", "-l", "2", pdfPath, "-").replace(/\s+/g, " ");
    expect(summary).toContain("Trend across cycles");
    const steps = report.themes.flatMap((t) => t.nextSteps.map((s) => ({ theme: t.title, gain: s.gain })));
    const top = Math.max(...steps.map((s) => s.gain));
    const gains = summary.slice(summary.indexOf("Largest gains in a theme score"));
    const topThemes = steps.filter((s) => s.gain === top).map((s) => s.theme);
    expect(
      topThemes.some((theme) => gains.includes(`${theme}:`)),
      gains,
    ).toBe(true);
    // No word broken by a hyphen at the end of a line ("informa-\ntion").
    expect(text).not.toMatch(/[a-z]-\n[a-z]/);
  });

  it("holds no figure the disclosure rule holds back", () => {
    const text = run("pdftotext", pdfPath, "-").replace(/\s+/g, " ");
    const section = text.slice(
      text.indexOf("Overall score in each peer group"),
      text.indexOf("Next steps", text.indexOf("Overall score in each peer group")),
    );
    expect(section.length).toBeGreaterThan(100);
    const cycle = (db.prepare("SELECT cycle FROM report WHERE id = ?").get(reportId) as { cycle: string })
      .cycle;
    for (const group of report.comparisons.groups) {
      const row = db
        .prepare(
          "SELECT scores FROM benchmark WHERE questionnaire_id = 'core-digital-maturity' AND cycle = ? AND basis = 'submitted' AND group_key = ? AND theme_id = 'overall'",
        )
        .get(cycle, group.key) as { scores: string } | undefined;
      if (!row) continue;
      const scores = JSON.parse(row.scores) as number[];
      const stat = group.themes.overall!;
      if (stat.shown === "count") {
        expect(section).toContain(`Not shown: ${stat.n} organisation`);
        continue;
      }
      // The lowest and highest scores never appear (unless they equal a figure that is shown anyway).
      const shown = new Set(
        ["median", "q1", "q3"].flatMap((k) =>
          k in stat ? [formatScore((stat as unknown as Record<string, number>)[k])] : [],
        ),
      );
      shown.add(formatScore(report.overall.score));
      for (const extreme of [scores[0]!, scores[scores.length - 1]!]) {
        const figure = formatScore(extreme);
        if (!shown.has(figure))
          expect(section, `${group.label}: ${figure}`).not.toMatch(
            new RegExp(`\\b${figure.replace(".", "\\.")}\\b`),
          );
      }
    }
  });

  it("renders to PNG (page 1 kept in test-results/ for a visual check)", () => {
    // -singlefile: "page.png" whatever the page count (pdftoppm pads "page-01" once a pack has 10 pages, as
    // ZD01's does with its evidence page).
    run("pdftoppm", "-r", "50", "-png", "-singlefile", "-f", "1", "-l", "1", pdfPath, join(dir, "page"));
    const png = readFileSync(join(dir, "page.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);
    mkdirSync("test-results", { recursive: true });
    writeFileSync("test-results/board-pack-page-1.png", png);
  });
});

// A report on core version 2 compared with last cycle's on version 1: "+18.0 overall" read as real
// improvement in the PDF, which left out the caveat the page showed. Every format says it beside the figure.
describe("a change across questionnaire versions", () => {
  let id: number;
  let caveat: string;
  beforeAll(async () => {
    const row = db
      .prepare(
        `SELECT r.id FROM report r JOIN assessment a ON a.id = r.assessment_id
         WHERE a.questionnaire_id = 'core-digital-maturity' AND a.questionnaire_version = ?
           AND EXISTS (SELECT 1 FROM assessment b JOIN report p ON p.assessment_id = b.id
                       WHERE b.organisation_code = a.organisation_code AND b.questionnaire_id = a.questionnaire_id
                         AND b.questionnaire_version = 1)
         ORDER BY r.id LIMIT 1`,
      )
      .get(coreVersion) as { id: number } | undefined;
    expect(row, `a demo report on version ${coreVersion} with an earlier one on version 1`).toBeDefined();
    id = row!.id;
    const json = JSON.parse(await (await admin.get(`/reports/${id}/json`)).text());
    expect(json.previous.questionnaireVersion).toBe(1);
    caveat = json.caveats.change;
    expect(caveat).toMatch(
      new RegExp(
        `^The questionnaire changed: \\d{4}/\\d{2} used version 1 and this report uses version ${coreVersion}\\.`,
      ),
    );
    expect(json.caveats.trend).toMatch(new RegExp(`on version 1; .* on version ${coreVersion}`));
  });

  const words = (text: string) => text.replace(/\s+/g, " ");

  it("the PDF says so beside the change, under the theme scores and under the trend", async () => {
    const response = await admin.get(`/reports/${id}/pdf`);
    expect(response.status).toBe(200);
    const path = join(dir, `report-${id}.pdf`);
    writeFileSync(path, Buffer.from(await response.arrayBuffer()));
    const text = words(run("pdftotext", path, "-"));
    const summary = text.slice(text.indexOf("At a glance"), text.indexOf("Strongest themes"));
    expect(summary).toContain("Questionnaire changed");
    expect(summary).toContain(caveat);
    const trend = text.slice(text.indexOf("Trend across cycles"));
    expect(trend).toMatch(/The trend crosses questionnaire versions/);
    const scores = text.slice(text.indexOf("Theme scores", text.indexOf("Trend across cycles")));
    expect(scores).toContain(caveat);
  });

  it("the page, and every row of the CSV that has a previous score", async () => {
    const page = words(await (await admin.get(`/reports/${id}`)).text()).replace(/&#x27;|&#39;/g, "'");
    expect(page).toContain(caveat);
    expect(page).toMatch(/The trend crosses questionnaire versions/);
    const lines = (await (await admin.get(`/reports/${id}/csv`)).text()).trim().split("\r\n");
    const header = lines[0]!.replace(/^\uFEFF/, "").split(",");
    // The plan's columns (issue 22) come after these; they stay together.
    const at = header.indexOf("questionnaire_version");
    expect(header.slice(at, at + 3)).toEqual([
      "questionnaire_version",
      "previous_questionnaire_version",
      "change_caveat",
    ]);
    for (const line of lines.slice(1)) {
      expect(line).toContain(`,${coreVersion},1,`);
      expect(line).toContain(caveat);
    }
  });
});
