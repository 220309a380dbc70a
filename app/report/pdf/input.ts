import type { planDownload } from "../../plan/plan";
import type { SignOff, Standing } from "../download";
import type { ReportEvidence } from "../evidence";
import type { Report } from "../report";

/** What the board pack is drawn from: a saved report and where it stands. */
export interface BoardPackInput {
  report: Report;
  reportId: number;
  createdAt: string;
  standing: Standing;
  signOff: SignOff | null;
  /** Who each theme is assigned to, by theme id, where the lead assigned it. */
  assignments: Map<string, string>;
  /** The improvement plan made from the report, as it stands (issue 22), or null. */
  plan?: ReturnType<typeof planDownload> | null;
  /** Today (YYYY-MM-DD), for overdue actions. */
  today: string;
  /** The library evidence the answers cite, with each item's status on `evidence.asOf` (issue 23). */
  evidence?: ReportEvidence | null;
}

/** Where the report stands, as the cover and the running header say it. */
export const statusWords: Record<Standing["status"], string> = {
  "signed-off": "Signed off by the board",
  submitted: "Submitted, awaiting the board's sign-off",
  returned: "Returned by the board for changes (not signed off)",
};
