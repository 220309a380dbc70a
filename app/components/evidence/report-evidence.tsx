import { evidenceContent as c } from "../../content/evidence";
import { formatDate } from "../../format";
import type { ReportEvidence as Evidence } from "../../report/evidence";
import { Table } from "../table";
import { EvidenceStatusTag } from "./status-tag";

/**
 * The library evidence an assessment's answers cite, on its report: owner, review-by date and each item's
 * status today (expired and due items stand out, an expired one with the day it expired), and items deleted
 * since, which the report keeps showing because it is frozen. The PDF, CSV and JSON show the same list.
 */
export function ReportEvidence({ evidence }: { evidence: Evidence }) {
  if (evidence.items.length === 0) return null;
  return (
    <section aria-labelledby="report-evidence">
      <h2 id="report-evidence">{c.report.heading}</h2>
      <p className="nhsuk-body-s">{c.report.asOf(evidence.asOf)}</p>
      <Table
        caption={c.report.heading}
        captionHidden
        columns={[
          c.report.columns.question,
          c.report.columns.title,
          c.report.columns.owner,
          c.report.columns.reviewBy,
          c.report.columns.status,
        ]}
        rows={evidence.items.map((item) => ({
          key: `${item.questionId}-${item.title}`,
          cells: [
            item.questionId,
            item.deleted ? `${item.title} (${c.report.deletedSince})` : item.title,
            item.owner,
            formatDate(item.reviewBy),
            <span key="s">
              <EvidenceStatusTag status={item.status} />
              {item.status === "current" ? null : ` ${c.report.status(item)}`}
            </span>,
          ],
        }))}
      />
    </section>
  );
}
