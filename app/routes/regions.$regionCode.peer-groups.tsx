import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { authorise, notFound } from "../auth/guard.server";
import { Table } from "../components/table";
import { ErrorSummary } from "../components/error-summary";
import { Button, ErrorMessage, Form, TextInput } from "../components/form";
import { content } from "../content";
import { getDb } from "../db.server";
import { groupingLabel, regions } from "../domain/organisation";
import { fieldErrors, formValues } from "../forms";
import { readForm } from "../forms.server";
import { createPeerGroup, listPeerGroups } from "../models/peer-group.server";
import { storageSafe } from "../storage.server";
import { isOwnKey } from "../params";

export const meta: MetaFunction = () => [{ title: `Peer groups – ${content.serviceName}` }];

async function authoriseRegion(request: Request, regionCode: string | undefined) {
  if (!regionCode || !isOwnKey(regions, regionCode)) throw notFound();
  return authorise(request, "region.compare", { regionCode });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authoriseRegion(request, params.regionCode);
  const regionCode = params.regionCode!;
  return {
    regionCode,
    regionName: groupingLabel(regionCode),
    groups: await listPeerGroups(getDb(), regionCode),
  };
}

export const action = storageSafe(async ({ request, params }: ActionFunctionArgs) => {
  const viewer = await authoriseRegion(request, params.regionCode);
  const regionCode = params.regionCode!;
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
  const parsed = Schema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const known = await db
    .selectFrom("organisation")
    .select("ods_code")
    .where("region_code", "=", regionCode)
    .where("ods_code", "in", parsed.data.codes)
    .execute();
  const missing = parsed.data.codes.filter((c) => !known.some((k) => k.ods_code === c));
  if (missing.length > 0) {
    return data(
      {
        errors: {
          codes: `Not organisations in ${groupingLabel(regionCode)}: ${missing.slice(0, 10).join(", ")}`,
        },
      },
      { status: 400 },
    );
  }
  await createPeerGroup(
    db,
    { name: parsed.data.name, regionCode, organisationCodes: parsed.data.codes },
    viewer.id,
  );
  return redirect(`/regions/${regionCode}/peer-groups`);
});

export default function PeerGroups() {
  const { regionCode, regionName, groups } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as Record<string, string> | undefined;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <Link className="nhsuk-back-link" to={`/regions/${regionCode}`}>
          {regionName}
        </Link>
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
          <TextInput name="name" label="Name" error={errors?.name} />
          <div className={`nhsuk-form-group${errors?.codes ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label" htmlFor="codes">
              ODS codes of its organisations
            </label>
            <div className="nhsuk-hint" id="codes-hint">
              One a line, or separated by commas. They must all be in {regionName}.
            </div>
            <ErrorMessage id="codes" message={errors?.codes} />
            <textarea
              className="nhsuk-textarea"
              id="codes"
              name="codes"
              rows={6}
              aria-describedby={`codes-hint${errors?.codes ? " codes-error" : ""}`}
            />
          </div>
          <Button>Add peer group</Button>
        </Form>
      </div>
    </div>
  );
}
