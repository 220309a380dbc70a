import { Link } from "@remix-run/react";
import { frameworksContent as words } from "../content/frameworks";

/**
 * The links to an assessment's framework views, as items of a list (the assessment page and its reports). A
 * file of its own, so the report page's bundle does not carry the views themselves.
 */
export function FrameworkLinks({ assessmentId }: { assessmentId: number }) {
  return (
    <>
      <li>
        <Link to={`/assessments/${assessmentId}/frameworks/caf`}>{words.links.caf}</Link>
      </li>
      <li>
        <Link to={`/assessments/${assessmentId}/frameworks/wgll`}>{words.links.wgll}</Link>
      </li>
    </>
  );
}
