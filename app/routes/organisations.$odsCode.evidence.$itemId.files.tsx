import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { titled } from "../components/page-title";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, FileUpload, Form } from "../components/form";
import { pageTitle } from "../content";
import { evidenceContent as c } from "../content/evidence";
import { itemOf, loadLibrary, uploadAction } from "../services/evidence.server";
import { storageSafe } from "../storage.server";

export const handle = titled(() => pageTitle(c.addFile));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadLibrary(request, params.odsCode);
  if (!ctx.mayEdit) throw forbidden();
  const item = await itemOf(ctx, params.itemId);
  return { organisation: ctx.organisation, item: { id: item.id, title: item.title } };
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) => {
  try {
    return await uploadAction(
      await loadLibrary(request, params.odsCode, context),
      params.itemId,
      request,
      new Date(),
    );
  } catch (thrown) {
    // A body past the upload's limit is refused (413) before it is read whole, by whoever reads the form first
    // (the CSRF check or the upload): say so on the page, by the file field, as any other refusal.
    if (isTooLarge(thrown)) return data({ errors: { file: c.errors.fileTooLarge } }, { status: 413 });
    throw thrown;
  }
});

const isTooLarge = (thrown: unknown) =>
  typeof thrown === "object" &&
  thrown !== null &&
  "init" in thrown &&
  (thrown as { init: { status?: number } | null }).init?.status === 413;

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
