// The evidence library (issue 23): autosave p99 while 10 MB files upload. Two uploaders post 9.5 MB PDFs
// back to back (each removed again at once, so the quota and the per-item limit never refuse one) while one
// person autosaves an answer in a closed loop; the baseline is the same autosave loop with nothing uploading.
// Runs with the rest of `npm run bench`, or alone with `npm run bench -- --evidence`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAssessment, people } from "../test/support/assessment";
import { Client } from "../test/support/client";
import { autosaves, closedLoop, percentile } from "./load";
import { startAppServer, waitForHealth } from "./server-process";
import type { WorkbookRow } from "./workbook";

const seconds = 8;
/** A PDF by its magic bytes, 9.5 MB: within the 10 MB limit, as large as real uploads get. */
const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(9.5 * 1024 * 1024, 0x20)]);

export async function evidenceBench(): Promise<WorkbookRow[]> {
  console.info("Evidence: autosave p99 while 10 MB files upload");
  const dir = mkdtempSync(join(tmpdir(), "dm-evidence-"));
  const app = await startAppServer(join(dir, "evidence.sqlite"), [], {
    DEMO_DATA: "on",
    LOG_REQUESTS: "off",
  });
  const rows: WorkbookRow[] = [];
  try {
    await waitForHealth(app.url, app.started, app.child);
    const lead = await new Client(app.url).signIn(people.lead);
    const id = await openAssessment(lead, "ZD01");
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const added = await lead.post("/organisations/ZD01/evidence/new", {
      title: "Bench upload target",
      owner: "role",
      ownerRole: "Bench",
      producedOn: day(-10),
      reviewBy: day(300),
    });
    const item = /\/evidence\/(\d+)$/.exec(added.headers.get("Location") ?? "")?.[1];
    if (!item) throw new Error(`adding the item answered ${added.status}`);
    const headers = { cookie: lead.cookieHeader(), "x-csrf-token": lead.csrfToken };
    const load = autosaves(() => `/assessments/${id}/answers`, 1, headers);
    await closedLoop(app.url, 1, 2, load.next, load.onResponse);
    const quiet = await closedLoop(app.url, 1, seconds, load.next, load.onResponse);

    let uploading = true;
    let uploads = 0;
    let refused = 0;
    const uploader = async () => {
      while (uploading) {
        const form = new FormData();
        form.set("csrf", lead.csrfToken);
        form.set("file", new File([pdf], "bench.pdf", { type: "application/pdf" }));
        const response = await lead.request(`/organisations/ZD01/evidence/${item}/files`, {
          method: "POST",
          body: form,
        });
        const fileId = /uploaded=(\d+)/.exec(response.headers.get("Location") ?? "")?.[1];
        if (response.status !== 302 || !fileId) {
          refused++;
          continue;
        }
        uploads++;
        const remove = new FormData();
        remove.set("csrf", lead.csrfToken);
        remove.set("intent", "delete");
        remove.set("fileId", fileId);
        await lead.request(`/organisations/ZD01/evidence/${item}/files`, { method: "POST", body: remove });
      }
    };
    const uploaders = [uploader(), uploader()];
    const busy = await closedLoop(app.url, 1, seconds, load.next, load.onResponse);
    uploading = false;
    await Promise.all(uploaders);
    const p99 = (r: { latencies: number[] }) => percentile(r.latencies, 0.99);
    const failed = (r: { statuses: Record<number, number> }) =>
      Object.entries(r.statuses).some(([status]) => status !== "200");
    rows.push(
      {
        measurement: "autosave p99, nothing uploading",
        value: p99(quiet),
        unit: "ms",
        baseline: "–",
        ratio: null,
        budget: "–",
        ok: null,
      },
      {
        measurement: `autosave p99 while two people upload 9.5 MB files (${uploads} uploads)`,
        value: p99(busy),
        unit: "ms",
        baseline: "autosave p99, nothing uploading",
        ratio: p99(busy) / p99(quiet),
        budget: "< 250 ms, every save 200, no upload refused",
        ok: p99(busy) < 250 && !failed(busy) && !failed(quiet) && refused === 0 && uploads > 0,
      },
    );
    for (const r of rows)
      console.info(
        `  ${r.measurement}: ${r.value.toFixed(1)} ${r.unit}${r.ratio === null ? "" : ` (×${r.ratio.toFixed(2)} ${r.baseline})`}${r.ok === false ? "  MISSED" : ""}`,
      );
  } finally {
    app.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
