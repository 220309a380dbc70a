import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { titled } from "../components/page-title";
import { Link, useLoaderData } from "@remix-run/react";
import { WarningCallout } from "../components/admin";
import { Button, Form } from "../components/form";
import { pageTitle } from "../content";
import { evidenceContent as c } from "../content/evidence";
import { deleteAction, deletePage, loadLibrary } from "../services/evidence.server";
import { storageSafe } from "../storage.server";

export const handle = titled(() => pageTitle(c.deleteTitle));

export async function loader({ request, params }: LoaderFunctionArgs) {
  return deletePage(await loadLibrary(request, params.odsCode), params.itemId);
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) =>
  deleteAction(await loadLibrary(request, params.odsCode, context), params.itemId, request, new Date()),
);

export default function DeleteEvidence() {
  const page = useLoaderData<typeof loader>();
  const itemPath = `/organisations/${page.organisation.odsCode}/evidence/${page.item.id}`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={itemPath}>
          {page.item.title}
        </Link>
        <span className="nhsuk-caption-l">{page.item.title}</span>
        <h1>{c.deleteTitle}</h1>
        {page.openCitations > 0 ? (
          <WarningCallout heading="It is cited">
            <p>{c.deleteOpenCitations(page.openCitations)}</p>
          </WarningCallout>
        ) : (
          <p>{c.deleteNoOpenCitations}</p>
        )}
        <Form method="post">
          <input type="hidden" name="confirm" value="yes" />
          <Button className="nhsuk-button nhsuk-button--warning">{c.deleteConfirm}</Button>
        </Form>
        <p>
          <Link to={itemPath}>No, keep it</Link>
        </p>
      </div>
    </div>
  );
}
