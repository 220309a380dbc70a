import { type EvidenceStatus, evidenceStatusLabels, evidenceStatusTags } from "../../evidence/status";

/** An evidence item's status as an NHS tag: current (green), due for review (yellow), expired (red). */
export function EvidenceStatusTag({ status }: { status: EvidenceStatus }) {
  return (
    <strong className={`nhsuk-tag ${evidenceStatusTags[status]}`}>{evidenceStatusLabels[status]}</strong>
  );
}
