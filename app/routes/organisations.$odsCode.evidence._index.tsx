import type { LoaderFunctionArgs } from "@remix-run/node";
import { titled } from "../components/page-title";
import { Link, useLoaderData } from "@remix-run/react";
import { EvidenceStatusTag } from "../components/evidence/status-tag";
import { Pagination } from "../components/pagination";
import { Button, Select, TextInput } from "../components/form";
import { Table } from "../components/table";
import { pageTitle } from "../content";
import { evidenceContent as c } from "../content/evidence";
import { evidenceStatuses, evidenceStatusLabels } from "../evidence/status";
import { formatCount, formatDate } from "../format";
import { loadLibrary, registerPage } from "../services/evidence.server";

export const handle = titled<typeof loader>((data) =>
  pageTitle(data ? `${c.register}: ${data.organisation.name}` : c.register),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadLibrary(request, params.odsCode);
  return registerPage(ctx, new URL(request.url), new Date());
}

export default function EvidenceRegister() {
  const page = useLoaderData<typeof loader>();
  const { organisation: org, query } = page;
  const base = `/organisations/${org.odsCode}/evidence`;
  const search = (changes: Record<string, string | number>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, ...changes }))
      if (v !== "" && !(k === "page" && v === 1)) params.set(k, String(v));
    const text = params.toString();
    return text ? `?${text}` : "";
  };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <Link className="nhsuk-back-link" to={`/organisations/${org.odsCode}`}>
          {org.name}
        </Link>
        <span className="nhsuk-caption-l">{org.name}</span>
        <h1>{c.register}</h1>
        <p>{c.registerIntro}</p>
        <ul className="nhsuk-list">
          {page.mayEdit ? (
            <li>
              <Link to={`${base}/new`}>{c.addItem}</Link>
            </li>
          ) : null}
          <li>
            <a href={`${base}.csv${search({ page: 1 })}`} download>
              {c.csv}
            </a>
          </li>
        </ul>
        <form method="get" className="evidence-filters" aria-label={c.filters}>
          <h2 className="nhsuk-heading-s">{c.filters}</h2>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-one-quarter">
              <Select
                name="status"
                label={c.status}
                value={query.status}
                options={[
                  { value: "", label: c.anyStatus },
                  ...evidenceStatuses.map((s) => ({ value: s, label: evidenceStatusLabels[s] })),
                ]}
              />
            </div>
            <div className="nhsuk-grid-column-one-quarter">
              <Select
                name="owner"
                label={c.owner}
                value={query.owner}
                options={[{ value: "", label: c.anyOwner }, ...page.owners]}
              />
            </div>
            <div className="nhsuk-grid-column-one-quarter">
              <Select
                name="theme"
                label="Cited in theme"
                value={query.theme}
                options={[{ value: "", label: c.anyTheme }, ...page.themes]}
              />
            </div>
            <div className="nhsuk-grid-column-one-quarter">
              <TextInput name="outcome" label="Outcome" hint="For example, B4.a" value={query.outcome} />
            </div>
          </div>
          <TextInput name="q" label="Title, owner or outcome contains" value={query.q} />
          <Button secondary>{c.applyFilters}</Button>{" "}
          <Link to={base} className="nhsuk-u-margin-left-3">
            {c.clearFilters}
          </Link>
        </form>
        <p>
          {formatCount(page.total)} {page.total === 1 ? "item" : "items"}
          {page.pages > 1 ? `, page ${query.page} of ${page.pages}` : ""}
        </p>
        {page.items.length === 0 ? (
          <p>{c.noItems}</p>
        ) : (
          <Table
            caption={c.register}
            captionHidden
            firstCellIsHeader
            columns={[c.title, c.owner, c.produced, c.reviewBy, c.status, c.citedBy, c.files]}
            rows={page.items.map((item) => ({
              key: String(item.id),
              cells: [
                <Link key="t" to={`${base}/${item.id}`}>
                  {item.title}
                </Link>,
                item.owner,
                formatDate(item.producedOn),
                formatDate(item.reviewBy),
                <EvidenceStatusTag key="s" status={item.status} />,
                item.citedBy.length > 0
                  ? c.citedSummary(item.citedBy.length, [...new Set(item.citedBy.map((r) => r.cycle))])
                  : c.notCited,
                item.files.length > 0 ? item.files.join(", ") : c.noFiles,
              ],
            }))}
          />
        )}
        <Pagination page={query.page} pages={page.pages} to={(n) => search({ page: n })} />
      </div>
    </div>
  );
}
