import { pageTitle } from "../content";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { authorise } from "../auth/guard.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Administration"));

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return null;
}

const sections = [
  {
    href: "/admin/organisations",
    title: "Organisations",
    text: "Import the ODS extract and set care settings.",
  },
  {
    href: "/admin/people",
    title: "People and roles",
    text: "Add people to organisations and remove their roles.",
  },
  {
    href: "/admin/questionnaires",
    title: "Questionnaires",
    text: "Versions, their status, previews and FHIR exports.",
  },
  { href: "/admin/audit", title: "Audit log", text: "Sign-ins, role changes and imports." },
  { href: "/admin/deadlines", title: "Deadlines", text: "Each cycle's national deadline." },
  { href: "/admin/emails", title: "Emails", text: "Notification emails sent, waiting and failed." },
];

export default function AdminHome() {
  return (
    <>
      <h1>Administration</h1>
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {sections.map((s) => (
          <li className="nhsuk-grid-column-one-third nhsuk-card-group__item" key={s.href}>
            <div className="nhsuk-card nhsuk-card--clickable">
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-card__heading nhsuk-heading-m">
                  <Link className="nhsuk-card__link" to={s.href}>
                    {s.title}
                  </Link>
                </h2>
                <p className="nhsuk-card__description">{s.text}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
