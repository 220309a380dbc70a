import { pageTitle } from "../content";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { authorise } from "../auth/guard.server";
import { Table } from "../components/table";
import { getDb } from "../db.server";
import { listAuditEvents } from "../models/audit.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Audit log"));

const pageSize = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  const before = z.coerce
    .number<string>()
    .int()
    .positive()
    .optional()
    .catch(undefined)
    .parse(new URL(request.url).searchParams.get("before") ?? undefined);
  const events = await listAuditEvents(getDb(), { limit: pageSize, before });
  return { events, next: events.length === pageSize ? events.at(-1)?.id : undefined };
}

export default function AuditLog() {
  const { events, next } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit log</h1>
      <p>Newest first. The log cannot be changed or deleted.</p>
      <Table
        caption="Events"
        columns={["When (UTC)", "Who", "What", "Subject", "Details", "Address"]}
        rows={events.map((e) => [
          e.occurred_at.replace("T", " ").slice(0, 19),
          e.person_email ?? "",
          e.action,
          e.subject ?? "",
          e.details === "{}" ? "" : e.details,
          e.address ?? "",
        ])}
      />
      {next ? <Link to={`?before=${next}`}>Older events</Link> : null}
    </>
  );
}
