import { dataNumber } from "../format";
import { explain } from "./explain";
import { changeCaveat, trendCaveat } from "./figures";
import type { planDownload } from "../plan/plan";
import type { Report } from "./report";
import type { ReportEvidence } from "./evidence";
import { evidenceContent } from "../content/evidence";

/**
 * A saved report as the JSON download gives it: the figures rounded once, half-up, as the page shows them
 * (the saved copy keeps them unrounded), the explanation rows that add up, and where the report stands:
 * signed off (by whom, when, with what comment), submitted, or returned (and the report that replaced it).
 * Pure.
 */
export interface Standing {
  status: "signed-off" | "submitted" | "returned";
  supersededBy?: number | null;
}

export interface SignOff {
  name: string;
  at: string;
  comment: string;
}

const oneDecimal = new Set([
  "score",
  "uncappedScore",
  "previousScore",
  "level",
  "median",
  "q1",
  "q3",
  "min",
  "max",
  "peerMedian",
  "gain",
]);

export function reportDownload(
  report: Report,
  saved: { id: number; createdAt: string; standing: Standing; signOff: SignOff | null },
  /** The improvement plan made from this report, in its newest version (issue 22), or null. */
  plan: ReturnType<typeof planDownload> | null = null,
  /** The library evidence the answers cite, with each item's status on the day of the download (issue 23). */
  evidence: ReportEvidence | null = null,
) {
  const body = {
    reportId: saved.id,
    savedAt: saved.createdAt,
    status: saved.standing.status,
    signOff: saved.signOff,
    supersededBy: saved.standing.supersededBy ?? null,
    ...report,
    /** The words the page and the PDF show beside a change or trend that crosses questionnaire versions. */
    caveats: { change: changeCaveat(report), trend: trendCaveat(report) },
    assessment: { ...report.assessment, status: saved.standing.status },
    previousPlan: report.previousPlan ?? null,
    plan,
    evidence: evidence && {
      asOf: evidence.asOf,
      items: evidence.items.map((item) => ({
        ...item,
        statusText: evidenceContent.report.status(item),
      })),
    },
    themes: report.themes.map((t) => {
      const e = explain(t, report.method);
      return {
        ...t,
        // Fixed when the report was saved; reports saved before plans existed had neither.
        previousTarget: t.previousTarget ?? null,
        targetMet: t.targetMet ?? null,
        questions: t.questions.map((q) => {
          const row = e?.rows.find((r) => r.id === q.id);
          return { ...q, share: row?.share ?? null, points: row?.points ?? null };
        }),
      };
    }),
  };
  return JSON.stringify(
    body,
    (key, value) => {
      if (typeof value !== "number") return value;
      if (oneDecimal.has(key)) return dataNumber(value, 1);
      if (key === "percentileRank") return dataNumber(value, 0);
      if (key === "coverage" || key === "share") return dataNumber(value, 3);
      return value;
    },
    2,
  );
}
