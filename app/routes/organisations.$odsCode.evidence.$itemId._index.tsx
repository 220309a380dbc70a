import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { titled } from "../components/page-title";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { WarningCallout } from "../components/admin";
import { ItemForm } from "../components/evidence/item-form";
import { EvidenceStatusTag } from "../components/evidence/status-tag";
import { ErrorSummary } from "../components/error-summary";
import { NotificationBanner } from "../components/notification-banner";
import { Button, Form } from "../components/form";
import { SummaryList } from "../components/summary-list";
import { Table } from "../components/table";
import { pageTitle } from "../content";
import { evidenceContent as c } from "../content/evidence";
import { formatDate } from "../format";
import { editItemAction, itemPage, loadLibrary } from "../services/evidence.server";
import { storageSafe } from "../storage.server";

export const handle = titled<typeof loader>((data) => pageTitle(data ? data.item.title : c.register));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadLibrary(request, params.odsCode);
  return itemPage(ctx, params.itemId, new Date());
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) =>
  editItemAction(await loadLibrary(request, params.odsCode, context), params.itemId, request, new Date()),
);

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

export default function EvidenceItemPage() {
  const page = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const { item, organisation: org } = page;
  const conflict = posted?.conflict ?? null;
  const shown = conflict ?? item;
  const base = `/organisations/${org.odsCode}/evidence`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={base}>
          {c.register}
        </Link>
        <ErrorSummary errors={posted?.errors} />
        <span className="nhsuk-caption-l">{org.name}</span>
        <h1>{item.title}</h1>
        {item.deletedAt ? (
          <WarningCallout heading={c.deleted}>
            <p>{c.deletedOn(formatDate(item.deletedAt))}</p>
          </WarningCallout>
        ) : null}
        {conflict ? (
          <NotificationBanner heading={c.conflict}>
            <p>{c.conflictBody}</p>
          </NotificationBanner>
        ) : null}
        <SummaryList
          rows={[
            [c.status, <EvidenceStatusTag key="s" status={shown.status} />],
            [c.title, shown.title],
            [c.description, shown.description || "–"],
            [c.owner, shown.owner],
            [c.produced, formatDate(shown.producedOn)],
            [c.reviewBy, formatDate(shown.reviewBy)],
            [
              c.links,
              shown.links.length > 0 ? (
                <ul key="l" className="nhsuk-list">
                  {shown.links.map((l) => (
                    <li key={l}>
                      <a href={l} rel="noreferrer noopener">
                        {l}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                "–"
              ),
            ],
            [c.outcomes, shown.outcomes.length > 0 ? shown.outcomes.join(", ") : "–"],
          ]}
        />
        <h2>{c.files}</h2>
        {page.files.length > 0 ? (
          <ul className="nhsuk-list">
            {page.files.map((f) => (
              <li key={f.id}>
                <a href={`${base}/${item.id}/files/${f.id}`} download>
                  {f.fileName}
                </a>{" "}
                ({kb(f.size)}, added {formatDate(f.uploadedAt)})
                {page.mayEdit ? (
                  <Form
                    method="post"
                    action={`${base}/${item.id}/files`}
                    encType="multipart/form-data"
                    reloadDocument
                  >
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="fileId" value={f.id} />
                    <Button secondary className="nhsuk-button nhsuk-button--secondary nhsuk-button--small">
                      {c.removeFile}
                      <span className="nhsuk-u-visually-hidden"> {f.fileName}</span>
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{c.noFiles}</p>
        )}
        {page.mayEdit ? (
          <p>
            <Link to={`${base}/${item.id}/files`}>{c.addFile}</Link>
          </p>
        ) : null}
        <h2>{c.citedBy}</h2>
        {page.citedBy.length > 0 ? (
          <Table
            caption={c.citedBy}
            captionHidden
            columns={["Cycle", "Question", "Assessment"]}
            rows={page.citedBy.map((r) => ({
              key: `${r.assessmentId}-${r.questionId}`,
              cells: [
                r.cycle,
                <Link
                  key="q"
                  to={`/assessments/${r.assessmentId}/themes/${r.themeId}#question-${r.questionId}`}
                >
                  {r.questionId}
                </Link>,
                r.status,
              ],
            }))}
          />
        ) : (
          <p>{c.notCited}</p>
        )}
        {page.mayEdit ? (
          <>
            <h2>{c.change}</h2>
            <ItemForm
              values={{
                title: item.title,
                description: item.description,
                owner: item.ownerPersonId !== null ? `person:${item.ownerPersonId}` : "role",
                ownerRole: item.ownerRole ?? "",
                producedOn: item.producedOn,
                reviewBy: item.reviewBy,
                links: item.links.join("\n"),
                outcomes: item.outcomes.join(", "),
              }}
              posted={posted?.values}
              errors={posted?.errors}
              owners={page.owners}
              submit={c.save}
              revision={shown.revision}
            />
            <p>
              <Link to={`${base}/${item.id}/delete`}>{c.delete}</Link>
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}
