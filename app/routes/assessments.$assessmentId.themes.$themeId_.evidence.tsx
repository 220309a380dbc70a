import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { titled } from "../components/page-title";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EvidenceStatusTag } from "../components/evidence/status-tag";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, TextInput } from "../components/form";
import { Table } from "../components/table";
import { pageTitle } from "../content";
import { evidenceContent as c } from "../content/evidence";
import { citeAction, citePage } from "../services/evidence-citing.server";
import { storageSafe } from "../storage.server";

export const handle = titled<typeof loader>((data) =>
  pageTitle(data ? `${c.useExisting}: ${data.question.id}` : c.useExisting),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  return citePage(request, params.assessmentId, params.themeId, new Date());
}

export const action = storageSafe(async ({ request, params, context }: ActionFunctionArgs) =>
  citeAction(request, params.assessmentId, params.themeId, context, new Date()),
);

export default function CiteEvidence() {
  const page = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const { assessment: a, question } = page;
  const back = `/assessments/${a.id}/themes/${page.theme.id}#question-${question.id}`;
  const library = `/organisations/${a.odsCode}/evidence`;
  const itemForm = (intent: "cite" | "uncite", itemId: number, label: string, title: string) => (
    <Form method="post">
      <input type="hidden" name="question" value={question.id} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="itemId" value={itemId} />
      <Button
        secondary
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
      >
        {label}
        <span className="nhsuk-u-visually-hidden"> {title}</span>
      </Button>
    </Form>
  );
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <Link className="nhsuk-back-link" to={back}>
          {page.theme.title}
        </Link>
        <ErrorSummary errors={posted?.errors} />
        <span className="nhsuk-caption-l">
          {a.organisationName} {a.cycle}, {question.id}
        </span>
        <h1>{c.useExisting}</h1>
        <p className="nhsuk-body-l">{question.text}</p>
        <h2 className="nhsuk-heading-m">{c.citedItems}</h2>
        {page.cited.length > 0 ? (
          <Table
            caption={c.citedItems}
            captionHidden
            firstCellIsHeader
            columns={[c.title, c.owner, c.status, ""]}
            rows={page.cited.map((item) => ({
              key: String(item.itemId),
              cells: [
                <Link key="t" to={`${library}/${item.itemId}`}>
                  {item.title}
                </Link>,
                item.owner,
                <EvidenceStatusTag key="s" status={item.status} />,
                page.mayEdit ? itemForm("uncite", item.itemId, c.uncite, item.title) : "",
              ],
            }))}
          />
        ) : (
          <p>{c.noneCited}</p>
        )}
        {page.mayEdit && page.freeText ? (
          <div className="nhsuk-inset-text">
            <p>{c.offerFreeTextHint}</p>
            <Form method="post">
              <input type="hidden" name="question" value={question.id} />
              <input type="hidden" name="intent" value="adopt" />
              <Button secondary>{c.offerFreeText}</Button>
            </Form>
          </div>
        ) : null}
        <h2 className="nhsuk-heading-m">{c.register}</h2>
        <form method="get">
          <input type="hidden" name="question" value={question.id} />
          <TextInput name="q" label={c.search} value={page.q} className="nhsuk-input--width-20" />
          <Button secondary>{c.searchButton}</Button>
        </form>
        {page.found.length > 0 ? (
          <Table
            caption={`${page.total} ${page.total === 1 ? "item" : "items"} in the library`}
            firstCellIsHeader
            columns={[c.title, c.owner, c.outcomes, c.status, ""]}
            rows={page.found.map((item) => ({
              key: String(item.id),
              cells: [
                <Link key="t" to={`${library}/${item.id}`}>
                  {item.title}
                </Link>,
                item.owner,
                item.outcomes.join(", ") || "–",
                <EvidenceStatusTag key="s" status={item.status} />,
                item.cited
                  ? c.alreadyCited
                  : page.mayEdit
                    ? itemForm("cite", item.id, c.cite, item.title)
                    : "",
              ],
            }))}
          />
        ) : (
          <p>{c.noItems}</p>
        )}
        {page.mayEdit ? (
          <p>
            <Link to={`${library}/new?cite=${a.id}:${question.id}`}>{c.addNew}</Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
