import { pageTitle } from "../content";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { authorise, clientAddress, forgetViewers } from "../auth/guard.server";
import { NotificationBanner } from "../components/notification-banner";
import { Table } from "../components/table";
import { Form } from "../components/form";
import { getDb } from "../db.server";
import { groupingLabel } from "../domain/organisation";
import { type Role, roleLabels } from "../domain/roles";
import { formValues } from "../forms";
import { listPeople, revokeRole } from "../models/person.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";
import { idField } from "../params";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("People and roles"));

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return { people: await listPeople(getDb()) };
}

export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const RemoveSchema = z.strictObject({ assignmentId: idField });
  const viewer = await authorise(request, "administer");
  const parsed = RemoveSchema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) throw data("Choose a role to remove.", { status: 400 });
  const removed = await revokeRole(getDb(), parsed.data.assignmentId, {
    personId: viewer.id,
    address: clientAddress(context),
  });
  if (!removed) throw data("That role has already been removed.", { status: 404 });
  forgetViewers(); // roles changed: no one keeps yesterday's rights for the next few seconds
  return redirect("/admin/people?removed=1");
});

function scopeOf(a: {
  organisation_code: string | null;
  organisation_name: string | null;
  region_code: string | null;
}) {
  if (a.organisation_code) return `${a.organisation_name ?? a.organisation_code} (${a.organisation_code})`;
  if (a.region_code) return groupingLabel(a.region_code);
  return "All organisations";
}

export default function People() {
  const { people } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("removed") ? <NotificationBanner success heading="Role removed" /> : null}
      {params.get("added") ? <NotificationBanner success heading="Role added" /> : null}
      <h1>People and roles</h1>
      <p>
        <Link className="nhsuk-button" to="/admin/people/new" draggable={false}>
          Add a person or a role
        </Link>
      </p>
      <Table
        caption={`${people.length} people`}
        columns={["Name", "Email", "Roles"]}
        rows={people.map((p) => [
          <>
            <Link to={`/admin/people/${p.id}`}>{p.name}</Link>
            {p.deactivated_at ? (
              <>
                {" "}
                <strong className="nhsuk-tag nhsuk-tag--grey">Deactivated</strong>
              </>
            ) : null}
          </>,
          p.email,
          <ul className="nhsuk-list" key="roles">
            {p.assignments.map((a) => (
              <li key={a.id}>
                {roleLabels[a.role as Role] ?? a.role}, {scopeOf(a)}{" "}
                <Form method="post" className="app-inline-form">
                  <input type="hidden" name="assignmentId" value={a.id} />
                  <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small">
                    Remove
                    <span className="nhsuk-u-visually-hidden">
                      {" "}
                      {roleLabels[a.role as Role]} role from {p.name}
                    </span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>,
        ])}
      />
    </>
  );
}
