import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { clientAddress, requireViewer } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { formatDate, formatDateTime } from "../format";
import { Button, Form, Select, TextInput } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { Table } from "../components/table";
import { pageTitle } from "../content";
import { getDb } from "../db.server";
import { listOrganisations } from "../models/organisation.server";
import { groupingLabel, regionCodes } from "../domain/organisation";
import { can } from "../domain/roles";
import { fhirBase } from "../fhir/http.server";
import { fieldErrors, formValues } from "../forms";
import { readForm } from "../forms.server";
import {
  createApiToken,
  listApiTokens,
  mayManageToken,
  revokeApiToken,
  tokenExpiryDays,
} from "../models/api-token.server";
import { idField } from "../params";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("API tokens"));

/** The scopes the viewer may create tokens for: organisations they lead (or all, for administrators), regions they compare. */
async function scopesFor(viewer: Awaited<ReturnType<typeof requireViewer>>) {
  const organisations = (await listOrganisations(getDb())).filter((o) => o.status === "active");
  return [
    ...organisations
      .filter((o) =>
        can(viewer.grants, "assessment.manage", {
          organisation: { odsCode: o.ods_code, regionCode: o.region_code },
        }),
      )
      .map((o) => ({
        value: `organisation:${o.ods_code}`,
        label: `${o.name} (${o.ods_code})`,
        region: o.region_code,
      })),
    ...regionCodes
      .filter((r) => can(viewer.grants, "region.compare", { regionCode: r }))
      .map((r) => ({ value: `region:${r}`, label: `${groupingLabel(r)} region (read only)`, region: r })),
  ];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const scopes = await scopesFor(viewer);
  const tokens = await listApiTokens(getDb(), viewer);
  if (scopes.length === 0 && tokens.length === 0) throw new Response("Forbidden", { status: 403 });
  return {
    scopes: scopes.map(({ value, label }) => ({ value, label })),
    expiryDays: [...tokenExpiryDays],
    now: new Date().toISOString(),
    tokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      scope: t.organisation_code ?? `${groupingLabel(t.region_code ?? "")} region`,
      access: t.access === "write" ? "Read and import answers" : "Read",
      createdBy: t.created_by_name,
      createdAt: formatDate(t.created_at),
      expiresAt: t.expires_at,
      revokedAt: t.revoked_at,
      lastUsedAt: t.last_used_at,
    })),
  };
}

const CreateSchema = z.object({
  intent: z.literal("create"),
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the token")
    .max(100, "Name must be 100 characters or fewer"),
  scope: z
    .string({ error: "Choose what the token is for" })
    .regex(/^(organisation|region):[A-Z0-9]{3,6}$/, "Choose what the token is for"),
  access: z.enum(["read", "write"], { error: "Choose what the token may do" }),
  expiresInDays: z.enum(tokenExpiryDays.map(String) as [string, ...string[]], {
    error: "Choose when the token expires",
  }),
});
const RevokeSchema = z.object({ intent: z.literal("revoke"), id: idField });

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const values = formValues(await readForm(request));
  const db = getDb();
  if (values.intent === "revoke") {
    const parsed = RevokeSchema.safeParse(values);
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    const outcome = await revokeApiToken(db, parsed.data.id, viewer, clientAddress(context));
    if (outcome === "not-found") throw new Response("Not found", { status: 404 });
    return { revoked: parsed.data.id };
  }
  const parsed = CreateSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const [kind, code] = parsed.data.scope.split(":") as ["organisation" | "region", string];
  const scopes = await scopesFor(viewer);
  const chosen = scopes.find((s) => s.value === parsed.data.scope);
  const token = {
    organisationCode: kind === "organisation" ? code : null,
    regionCode: kind === "region" ? code : null,
    access: kind === "region" ? ("read" as const) : parsed.data.access,
  };
  if (
    !chosen ||
    !mayManageToken(
      viewer.grants,
      token,
      kind === "organisation" ? { odsCode: code, regionCode: chosen.region } : undefined,
    )
  ) {
    return data({ errors: { scope: "Choose what the token is for" }, values }, { status: 400 });
  }
  const created = await createApiToken(
    db,
    {
      ...token,
      name: parsed.data.name,
      expiresInDays: Number(parsed.data.expiresInDays) as (typeof tokenExpiryDays)[number],
    },
    { personId: viewer.id, address: clientAddress(context) },
  );
  return {
    created: {
      token: created.token,
      name: parsed.data.name,
      expiresAt: created.expiresAt,
      fhirBase: fhirBase(),
    },
  };
}

export default function ApiTokens() {
  const { scopes, tokens, now, expiryDays } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors = outcome && "errors" in outcome ? (outcome.errors as Record<string, string>) : undefined;
  const values = (outcome && "values" in outcome ? outcome.values : {}) as Record<string, string>;
  const created = outcome && "created" in outcome ? outcome.created : undefined;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>API tokens</h1>
        <p>
          A token lets another system read your assessments through the FHIR API, or import answers into an
          open assessment. It works only on the API, never on these pages. See{" "}
          <Link to="/help/fhir-api">how to connect</Link>.
        </p>
        {created ? (
          <NotificationBanner success heading={`Your new token “${created.name}”`}>
            <p>Copy it now. It is shown only once: we keep only a fingerprint of it.</p>
            <p>
              <code className="app-token" data-testid="new-token">
                {created.token}
              </code>
            </p>
            <p>It expires on {formatDateTime(created.expiresAt)}.</p>
          </NotificationBanner>
        ) : null}
        {outcome && "revoked" in outcome ? (
          <NotificationBanner success heading="Token revoked">
            <p>Systems using it can no longer connect.</p>
          </NotificationBanner>
        ) : null}
        {scopes.length > 0 ? (
          <>
            <h2>Create a token</h2>
            {/* Keyed by the token made, so that with JavaScript a created token leaves an empty form. */}
            <Form method="post" key={created?.token ?? "new"}>
              <input type="hidden" name="intent" value="create" />
              <TextInput
                name="name"
                label="Name"
                hint="Which system will use it, for example: Trust data warehouse"
                value={values.name}
                error={errors?.name}
              />
              <Select
                name="scope"
                label="For"
                value={values.scope ?? (scopes.length === 1 ? scopes[0]!.value : "")}
                error={errors?.scope}
                options={
                  // More than one: a choice to make, never a silent default (an administrator sees every organisation).
                  scopes.length === 1
                    ? scopes
                    : [{ value: "", label: "Choose an organisation or region" }, ...scopes]
                }
              />
              <Select
                name="access"
                label="It may"
                hint="Regional tokens are always read only"
                value={values.access ?? "read"}
                error={errors?.access}
                options={[
                  { value: "read", label: "Read assessments" },
                  { value: "write", label: "Read assessments and import answers" },
                ]}
              />
              <Select
                name="expiresInDays"
                label="Expires after"
                value={values.expiresInDays ?? "90"}
                error={errors?.expiresInDays}
                options={expiryDays.map((d) => ({ value: String(d), label: `${d} days` }))}
              />
              <Button>Create token</Button>
            </Form>
          </>
        ) : null}
      </div>
      <div className="nhsuk-grid-column-full">
        <h2>Tokens</h2>
        {tokens.length === 0 ? (
          <p>There are no tokens yet.</p>
        ) : (
          <Table
            caption="Tokens you manage"
            captionHidden
            columns={[
              { header: "Name" },
              { header: "For" },
              { header: "May" },
              { header: "Created" },
              { header: "Last used" },
              { header: "Status" },
              { header: "Action" },
            ]}
            rows={tokens.map((t) => ({
              key: String(t.id),
              cells: [
                t.name,
                t.scope,
                t.access,
                `${t.createdAt} by ${t.createdBy}`,
                t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never",
                t.revokedAt
                  ? "Revoked"
                  : t.expiresAt <= now
                    ? "Expired"
                    : `Expires ${formatDate(t.expiresAt)}`,
                t.revokedAt ? (
                  ""
                ) : (
                  <Form method="post" key={`revoke-${t.id}`}>
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={t.id} />
                    <button
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      type="submit"
                    >
                      Revoke<span className="nhsuk-u-visually-hidden"> {t.name}</span>
                    </button>
                  </Form>
                ),
              ],
            }))}
          />
        )}
      </div>
    </div>
  );
}
