import { evidenceContent as c } from "../../content/evidence";
import type { EvidenceStatus } from "../../evidence/status";
import { Table } from "../table";
import { EvidenceStatusTag } from "./status-tag";

/**
 * The library evidence an assessment's answers cite, on its report: each item's status today (expired and
 * due items stand out), and items deleted since, which the report keeps showing because it is frozen.
 */
export function ReportEvidence({
  items,
}: {
  items: readonly { questionId: string; title: string; status: EvidenceStatus; deleted: boolean }[];
}) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="report-evidence">
      <h2 id="report-evidence">{c.citedItems}</h2>
      <Table
        caption={c.citedItems}
        captionHidden
        columns={["Question", c.title, c.status]}
        rows={items.map((item) => ({
          key: `${item.questionId}-${item.title}`,
          cells: [
            item.questionId,
            item.deleted ? `${item.title} (deleted from the library since)` : item.title,
            <EvidenceStatusTag key="s" status={item.status} />,
          ],
        }))}
      />
    </section>
  );
}
