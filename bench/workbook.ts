// The assessment workbook (issue 25): download of a full core assessment (every question the care setting
// sees answered, with evidence) within 1 s, and the preview of an upload that changes every answer within
// 2 s, both at p95 on a server with the demo data. Runs with the rest of `npm run bench`, or alone with
// `npm run bench -- --workbook`. Baselines: the same assessment's answers CSV (reads the same rows), and
// the download itself for the upload.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { questionsFor } from "../app/questionnaire/fhir";
import type { Question } from "../app/questionnaire/schema";
import { coreQuestionnaire, openAssessment, people, validValue } from "../test/support/assessment";
import { Client } from "../test/support/client";
import { fill, readXlsx, uploadForm, writeXlsx } from "../test/support/workbook";
import { percentile } from "./load";
import { startAppServer, waitForHealth } from "./server-process";

export interface WorkbookRow {
  measurement: string;
  value: number;
  unit: string;
  baseline: string;
  ratio: number | null;
  budget: string;
  ok: boolean | null;
}

/** A cell value a person would type for a valid answer (`second`: a different one, so every answer changes). */
function cellFor(question: Question, second: boolean): string | number {
  const value = validValue(question);
  switch (question.type) {
    case "level":
    case "outcome":
      return Number(value) + (second ? 1 : 0);
    case "number":
      return Number(value) + (second ? 1 : 0);
    case "yes-no":
      return second ? "Yes" : "No";
    case "checklist":
      return question.items[second ? 1 : 0]!.label;
    case "text":
      return `${value}${second ? " again" : ""}`;
  }
}

async function timed(n: number, run: () => Promise<void>) {
  const times: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const started = performance.now();
    await run();
    if (i >= 3) times.push(performance.now() - started);
  }
  return times;
}

export async function workbookBench(): Promise<WorkbookRow[]> {
  console.info("Workbook: download and upload preview of a full core assessment");
  const dir = mkdtempSync(join(tmpdir(), "dm-workbook-"));
  const app = await startAppServer(join(dir, "workbook.sqlite"), [], {
    DEMO_DATA: "on",
    LOG_REQUESTS: "off",
  });
  const rows: WorkbookRow[] = [];
  try {
    await waitForHealth(app.url, app.started, app.child);
    const lead = await new Client(app.url).signIn(people.lead);
    const id = await openAssessment(lead, "ZD01");
    const q = coreQuestionnaire();
    const download = async () => {
      const response = await lead.get(`/assessments/${id}/workbook.xlsx`);
      if (response.status !== 200) throw new Error(`download answered ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    };
    const filled = (bytes: Uint8Array, second: boolean) => {
      const book = readXlsx(bytes);
      const taken = book.SheetNames.slice(1);
      questionsFor(q, "acute")
        .filter((t) => t.questions.length > 0)
        .forEach(({ questions }, i) => {
          fill(
            book,
            taken[i]!,
            Object.fromEntries(
              questions.map((question) => [
                question.id,
                { Answer: cellFor(question, second), Evidence: `Evidence for ${question.id}` },
              ]),
            ),
          );
        });
      return writeXlsx(book);
    };
    const upload = async (bytes: Uint8Array) => {
      const response = await lead.request(`/assessments/${id}/workbook`, {
        method: "POST",
        body: uploadForm(bytes, "bench.xlsx", lead.csrfToken),
      });
      const location = response.headers.get("Location") ?? "";
      if (response.status !== 302)
        throw new Error(`upload answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return Number(/upload=(\d+)/.exec(location)?.[1]);
    };
    // Fill every answer once through the workbook itself, so the download measured is a full one.
    const first = await upload(filled(await download(), false));
    const saved = await lead.post(`/assessments/${id}/workbook?upload=${first}`, {
      intent: "confirm",
      upload: String(first),
      saveValid: "yes",
    });
    if (saved.status !== 302) throw new Error(`confirm answered ${saved.status}`);

    const csv = await timed(20, async () => {
      await (await lead.get(`/assessments/${id}/answers.csv`)).arrayBuffer();
    });
    const downloads = await timed(20, async () => {
      await download();
    });
    const changeEverything = filled(await download(), true);
    const previews = await timed(10, async () => {
      await upload(changeEverything);
    });
    const p95 = (t: number[]) => percentile(t, 0.95);
    rows.push(
      {
        measurement: "workbook download, full core assessment, p95",
        value: p95(downloads),
        unit: "ms",
        baseline: "answers CSV of the same assessment",
        ratio: p95(downloads) / p95(csv),
        budget: "< 1000 ms",
        ok: p95(downloads) < 1000,
      },
      {
        measurement: "workbook upload preview, every answer changed, p95",
        value: p95(previews),
        unit: "ms",
        baseline: "workbook download",
        ratio: p95(previews) / p95(downloads),
        budget: "< 2000 ms",
        ok: p95(previews) < 2000,
      },
    );
    for (const r of rows)
      console.info(
        `  ${r.measurement}: ${r.value.toFixed(1)} ${r.unit} (×${r.ratio!.toFixed(2)} ${r.baseline})${r.ok ? "" : "  MISSED"}`,
      );
  } finally {
    app.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
