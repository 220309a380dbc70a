import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { titled } from "../components/page-title";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden } from "../auth/guard.server";
import { ItemForm } from "../components/evidence/item-form";
import { ErrorSummary } from "../components/error-summary";
import { pageTitle } from "../content";
import { evidenceContent as c } from "../content/evidence";
import { possibleOwners } from "../models/plan.server";
import { loadLibrary, newItemAction } from "../services/evidence.server";
import { storageSafe } from "../storage.server";

export const handle = titled(() => pageTitle(c.newItem));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadLibrary(request, params.odsCode);
  if (!ctx.mayEdit) throw forbidden();
  const cite = new URL(request.url).searchParams.get("cite") ?? "";
  return {
    organisation: ctx.organisation,
    owners: await possibleOwners(ctx.db, ctx.organisation.odsCode),
    cite: /^[1-9][0-9]{0,14}:[A-Za-z0-9_.-]{1,100}$/.test(cite) ? cite : "",
  };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) =>
  newItemAction(await loadLibrary(request, params.odsCode, context), request, new Date()),
);

export default function NewEvidence() {
  const page = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const base = `/organisations/${page.organisation.odsCode}/evidence`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={base}>
          {c.register}
        </Link>
        <ErrorSummary errors={posted?.errors} />
        <span className="nhsuk-caption-l">{page.organisation.name}</span>
        <h1>{c.newItem}</h1>
        <ItemForm
          values={{
            title: "",
            description: "",
            owner: "",
            ownerRole: "",
            producedOn: "",
            reviewBy: "",
            links: "",
            outcomes: "",
          }}
          posted={posted?.values}
          errors={posted?.errors}
          owners={page.owners}
          submit={page.cite ? c.saveAndCite : c.save}
          cite={page.cite || undefined}
        />
      </div>
    </div>
  );
}
