import { Link } from "@remix-run/react";
import { NotificationBanner } from "./notification-banner";

export interface AssessmentNotice {
  id: number;
  organisationName?: string;
  cycle: string;
  returned: boolean;
  queried: boolean;
}

/** One "Important" banner listing returned and queried assessments, each with a link to act on it. */
export function AssessmentNotices({ notices }: { notices: AssessmentNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <NotificationBanner
      heading={
        notices.length === 1 ? "An assessment needs your attention" : "Assessments need your attention"
      }
    >
      <ul className="nhsuk-list">
        {notices.map((n) => (
          <li key={n.id}>
            <Link to={n.queried && !n.returned ? `/assessments/${n.id}/validation` : `/assessments/${n.id}`}>
              {n.organisationName ? `${n.organisationName}, ` : ""}
              {n.cycle}
            </Link>
            {": "}
            {[
              n.returned ? "the board returned it for changes" : null,
              n.queried ? "the regional team has a query" : null,
            ]
              .filter(Boolean)
              .join(", and ")}
          </li>
        ))}
      </ul>
    </NotificationBanner>
  );
}
