import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { titled } from "../components/page-title";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../components/error-summary";
import { Button, Checkbox, FileUpload, Form } from "../components/form";
import { NotificationBanner } from "../components/notification-banner";
import { Table } from "../components/table";
import { content, pageTitle } from "../content";
import { workbookContent } from "../content/workbook";
import { formatDateTime } from "../format";
import { limits } from "../limits";
import { storageSafe } from "../storage.server";
import { workbookAction, workbookPage } from "../services/workbook.server";

export const handle = titled<typeof loader>((data) =>
  pageTitle(
    data
      ? `${workbookContent.uploadTitle}: ${data.assessment.title} ${data.assessment.cycle}`
      : workbookContent.uploadTitle,
  ),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  return workbookPage(request, params.assessmentId, new Date());
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) =>
  workbookAction(request, params.assessmentId, context, new Date()),
);

export default function WorkbookUpload() {
  const page = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors;
  const { assessment: a, upload } = page;
  const preview = upload?.preview;
  const changes = preview?.themes.reduce((n, t) => n + t.changes.length, 0) ?? 0;
  const conflicts = preview?.themes.reduce((n, t) => n + t.conflicts.length, 0) ?? 0;
  const unchanged = preview?.themes.reduce((n, t) => n + t.unchanged, 0) ?? 0;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <Link className="nhsuk-back-link" to={`/assessments/${a.id}`}>
          {a.title} {a.cycle}
        </Link>
        <ErrorSummary errors={errors} />
        <span className="nhsuk-caption-l">{a.organisationName}</span>
        <h1>{workbookContent.uploadTitle}</h1>
        {page.saved !== null ? (
          <NotificationBanner success heading={workbookContent.saved(page.saved)}>
            {page.conflicts > 0 ? (
              <p>
                {page.conflicts} {page.conflicts === 1 ? "answer was" : "answers were"} changed on the web
                while you reviewed the upload, so {page.conflicts === 1 ? "it was" : "they were"} not saved:
                check {page.conflicts === 1 ? "it" : "them"} on the theme pages.
              </p>
            ) : null}
            <p>
              <Link to={`/assessments/${a.id}`}>Back to the assessment</Link>
            </p>
          </NotificationBanner>
        ) : null}
        {page.uploadGone ? <NotificationBanner heading={workbookContent.previewGone} /> : null}
        {!page.open ? <p>{content.assessmentClosed}</p> : null}
        {preview && upload ? (
          <>
            <h2 className="nhsuk-heading-m">What the workbook would change</h2>
            <p>
              {upload.fileName}, uploaded {formatDateTime(upload.createdAt)}: {changes}{" "}
              {changes === 1 ? "change" : "changes"}, {unchanged} unchanged, {conflicts}{" "}
              {conflicts === 1 ? "conflict" : "conflicts"}, {preview.invalidCount} invalid{" "}
              {preview.invalidCount === 1 ? "cell" : "cells"}. Nothing is saved until you confirm.
            </p>
            {preview.notes.length > 0 ? (
              <div className="nhsuk-inset-text">
                <span className="nhsuk-u-visually-hidden">Information: </span>
                <ul className="nhsuk-list">
                  {preview.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            {preview.themes
              .filter((t) => t.changes.length + t.conflicts.length + t.invalid.length + t.unchanged > 0)
              .map((t) => (
                <section key={t.id} aria-labelledby={`theme-${t.id}`} className="nhsuk-u-margin-bottom-6">
                  <h3 className="nhsuk-heading-s" id={`theme-${t.id}`}>
                    {t.title}
                  </h3>
                  <p>
                    {t.changes.length} to change, {t.unchanged} unchanged, {t.conflicts.length} in conflict,{" "}
                    {t.invalid.length} invalid
                  </p>
                  {t.invalid.length > 0 ? (
                    <div className="nhsuk-error-message workbook-invalid">
                      <ul className="nhsuk-list">
                        {t.invalid.map((message) => (
                          <li key={message}>
                            <span className="nhsuk-u-visually-hidden">Error: </span>
                            {message}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {t.changes.length > 0 ? (
                    <Table
                      caption={`Answers that will change in ${t.title}`}
                      columns={["Question", "Row", "Now", "From the workbook"]}
                      rows={t.changes.map((c) => ({
                        key: c.questionId,
                        cells: [c.question, c.row, c.before, c.after],
                      }))}
                    />
                  ) : null}
                  {t.conflicts.length > 0 ? (
                    <Table
                      caption={`Changed on the web since the workbook was downloaded (not saved) in ${t.title}`}
                      columns={["Question", "Row", "On the web now", "In the workbook"]}
                      rows={t.conflicts.map((c) => ({
                        key: c.questionId,
                        cells: [
                          c.question,
                          c.row,
                          `${c.web} (${c.webBy ?? "someone"}, ${c.webAt ? formatDateTime(c.webAt) : ""})`,
                          c.workbook,
                        ],
                      }))}
                    />
                  ) : null}
                </section>
              ))}
            {conflicts > 0 ? (
              <p>
                Answers in conflict are not saved from the workbook: the answer on the web stays. To keep the
                workbook's instead, change it on the theme's page.
              </p>
            ) : null}
            {page.open && changes === 0 ? <p>{workbookContent.nothingToSave}</p> : null}
            {page.open && changes > 0 ? (
              <Form method="post" action={`/assessments/${a.id}/workbook?upload=${upload.id}`}>
                <input type="hidden" name="intent" value="confirm" />
                <input type="hidden" name="upload" value={upload.id} />
                {preview.invalidCount > 0 ? (
                  <Checkbox
                    name="saveValid"
                    label={workbookContent.saveValidLabel}
                    hint={workbookContent.saveValidHint}
                    error={errors?.saveValid}
                  />
                ) : null}
                <Button>{workbookContent.saveButton}</Button>
              </Form>
            ) : null}
            <h2 className="nhsuk-heading-m">Upload a different workbook</h2>
          </>
        ) : (
          <>
            <p>
              Fill in the workbook downloaded from this assessment, in Excel, LibreOffice or any spreadsheet
              program, then upload it here. You will see every change before anything is saved.
            </p>
            <p>
              <a href={`/assessments/${a.id}/workbook.xlsx`} download>
                {workbookContent.downloadLink}
              </a>
            </p>
          </>
        )}
        {page.open ? (
          <Form method="post" encType="multipart/form-data" action={`/assessments/${a.id}/workbook`}>
            <FileUpload
              name="file"
              label={workbookContent.fileLabel}
              hint={`${workbookContent.fileHint} At most ${limits.workbookUpload.bytes / 1024 / 1024} MB.`}
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              error={errors?.file}
            />
            <Button secondary={Boolean(preview)}>{workbookContent.previewButton}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
