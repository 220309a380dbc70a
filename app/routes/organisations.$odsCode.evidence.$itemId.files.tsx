import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, FileUpload, Form } from "../components/form";
import { pageTitle } from "../content";
import { evidenceContent as c } from "../content/evidence";
import { itemOf, loadLibrary, uploadAction } from "../services/evidence.server";
import { storageSafe } from "../storage.server";

export const meta: MetaFunction = () => [{ title: pageTitle(c.addFile) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadLibrary(request, params.odsCode);
  if (!ctx.mayEdit) throw forbidden();
  const item = await itemOf(ctx, params.itemId);
  return { organisation: ctx.organisation, item: { id: item.id, title: item.title } };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) =>
  uploadAction(await loadLibrary(request, params.odsCode, context), params.itemId, request, new Date()),
);

export default function EvidenceFileUpload() {
  const page = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const itemPath = `/organisations/${page.organisation.odsCode}/evidence/${page.item.id}`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={itemPath}>
          {page.item.title}
        </Link>
        <ErrorSummary errors={posted?.errors} />
        <span className="nhsuk-caption-l">{page.item.title}</span>
        <h1>{c.addFile}</h1>
        <Form method="post" encType="multipart/form-data" reloadDocument>
          <FileUpload name="file" label="File" hint={c.uploadHint} error={posted?.errors?.file} />
          <Button>{c.upload}</Button>
        </Form>
      </div>
    </div>
  );
}
