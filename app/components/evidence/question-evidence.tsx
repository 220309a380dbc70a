import { evidenceQuestionContent as c } from "../../content/evidence-question";
import type { EvidenceStatus } from "../../evidence/status";
import { EvidenceStatusTag } from "./status-tag";

export interface CitedItem {
  itemId: number;
  title: string;
  owner: string;
  status: EvidenceStatus;
}

/**
 * A question's evidence area: the library items its answer cites, each with its status, and the two ways to
 * cite more. Links only (no form of its own), so it sits inside the theme page's form and works without
 * JavaScript; citing and removing happen on the question's evidence page.
 */
export function QuestionEvidence({
  questionId,
  items,
  libraryPath,
  citePath,
  newPath,
}: {
  questionId: string;
  items: readonly CitedItem[];
  libraryPath: string;
  citePath?: string;
  newPath?: string;
}) {
  return (
    <div className="app-question-evidence" id={`${questionId}-library-evidence`}>
      <h3 className="nhsuk-heading-xs">{c.evidenceArea}</h3>
      {items.length > 0 ? (
        <ul className="nhsuk-list">
          {items.map((item) => (
            <li key={item.itemId}>
              <a href={`${libraryPath}/${item.itemId}`}>{item.title}</a>
              {item.owner ? `, ${item.owner}` : ""} <EvidenceStatusTag status={item.status} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="nhsuk-body-s">{c.noneCited}</p>
      )}
      {citePath && newPath ? (
        <ul className="nhsuk-list nhsuk-body-s">
          <li>
            <a href={citePath}>
              {c.useExisting}
              <span className="nhsuk-u-visually-hidden"> for question {questionId}</span>
            </a>
          </li>
          <li>
            <a href={newPath}>
              {c.addNew}
              <span className="nhsuk-u-visually-hidden"> for question {questionId}</span>
            </a>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
