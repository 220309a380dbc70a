import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { authoriseRegion } from "../auth/guard.server";
import { Table } from "../components/table";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, Textarea, TextInput } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { pageTitle } from "../content";
import { getDb } from "../db.server";
import { groupingLabel } from "../domain/organisation";
import { fieldErrors, formValues, textValues } from "../forms";
import { readForm } from "../forms.server";
import { listOrganisations } from "../models/organisation.server";
import { createPeerGroup, listPeerGroups } from "../models/peer-group.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Peer groups"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { regionCode } = await authoriseRegion(request, params.regionCode);
  return {
    regionCode,
    regionName: groupingLabel(regionCode),
    groups: await listPeerGroups(getDb(), regionCode),
  };
}

export const action = storageSafe(async ({ request, params }: ActionFunctionArgs) => {
  const { viewer, regionCode } = await authoriseRegion(request, params.regionCode);
  const db = getDb();
  const Schema = z.strictObject({
    name: z
      .string()
      .trim()
      .min(1, "Enter a name for the peer group")
      .max(120, "Name must be 120 characters or fewer"),
    codes: z
      .string()
      .max(20_000, "Too many codes")
      .transform((v) => [
        ...new Set(
          v
            .toUpperCase()
            .split(/[\s,;]+/)
            .filter(Boolean),
        ),
      ])
      .pipe(
        z
          .array(z.string().regex(/^[A-Z0-9]{3,6}$/, "Enter ODS codes, like RXH or ZD01"))
          .min(2, "Enter at least two ODS codes")
          .max(2000, "Enter at most 2,000 codes"),
      ),
  });
  const posted = formValues(await readForm(request));
  const values = textValues(posted);
  const parsed = Schema.safeParse(posted);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const known = await listOrganisations(db, { regionCode, codes: parsed.data.codes });
  const missing = parsed.data.codes.filter((c) => !known.some((k) => k.ods_code === c));
  if (missing.length > 0) {
    return data(
      {
        errors: {
          codes: `Not organisations in ${groupingLabel(regionCode)}: ${missing.slice(0, 10).join(", ")}`,
        },
        values,
      },
      { status: 400 },
    );
  }
  await createPeerGroup(
    db,
    { name: parsed.data.name, regionCode, organisationCodes: parsed.data.codes },
    viewer.id,
  );
  return redirect(`/regions/${regionCode}/peer-groups?added=1`);
});

export default function PeerGroups() {
  const { regionCode, regionName, groups } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as Record<string, string> | undefined;
  const values: Record<string, string | undefined> = outcome?.values ?? {};
  const added = useSearchParams()[0].get("added") === "1" && !outcome;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link className="nhsuk-back-link" to={`/regions/${regionCode}`}>
          {regionName}
        </Link>
        {added ? <NotificationBanner success heading="Peer group added" /> : null}
        <h1>Peer groups in {regionName}</h1>
        <p>
          A peer group is a named set of organisations to compare like with like. Its members see how they
          compare with it in their reports, as figures for the group only, and only when it has enough
          members.
        </p>
        {groups.length > 0 ? (
          <Table
            caption="Peer groups"
            columns={["Name", { header: "Organisations", numeric: true }]}
            rows={groups.map((g) => [g.name, Number(g.members)])}
          />
        ) : (
          <p>There are no peer groups yet.</p>
        )}
        <h2>Add a peer group</h2>
        <Form method="post">
          <TextInput name="name" label="Name" value={values.name} error={errors?.name} />
          <Textarea
            name="codes"
            label="ODS codes of its organisations"
            hint={`One a line, or separated by commas. They must all be in ${regionName}.`}
            rows={6}
            value={values.codes}
            error={errors?.codes}
          />
          <Button>Add peer group</Button>
        </Form>
      </div>
    </div>
  );
}
