import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** The top of every page within an assessment: back to it, whose assessment and which cycle, the page's h1. */
export function AssessmentHeader({
  assessment,
  title,
}: {
  assessment: { id: number; organisationName: string; cycle: string };
  title: ReactNode;
}) {
  return (
    <>
      <Link className="nhsuk-back-link" to={`/assessments/${assessment.id}`}>
        Back to the assessment
      </Link>
      <span className="nhsuk-caption-l">
        {assessment.organisationName}, {assessment.cycle}
      </span>
      <h1>{title}</h1>
    </>
  );
}
