import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { authorise } from "../auth/guard.server";
import { titled } from "../components/page-title";
import { Table } from "../components/table";
import { pageTitle } from "../content";
import { getDb } from "../db.server";
import { formatDateTime } from "../format";
import { listEmails, outboxBacklog } from "../models/notification.server";
import { configuredTransport } from "../notifications/transport.server";

export const handle = titled(() => pageTitle("Emails"));

/** Every email the service sent or is trying to send: to whom, what, when, its message id, and failures. */
export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  const db = getDb();
  const [emails, backlog] = await Promise.all([listEmails(db), outboxBacklog(db)]);
  return { emails, backlog, transport: configuredTransport().kind };
}

const statusText = { pending: "Waiting", sent: "Sent", skipped: "Not sent" } as const;

export default function AdminEmails() {
  const { emails, backlog, transport } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Emails</h1>
      <p>
        {transport === "smtp"
          ? "Emails go through the SMTP server SMTP_URL names."
          : "SMTP_URL is not set: emails are written to the server's log instead, and shown on each person's notifications page."}{" "}
        {backlog.pending === 0
          ? "None is waiting."
          : `${backlog.pending} waiting to be sent${backlog.oldest ? `, the oldest since ${formatDateTime(backlog.oldest)}` : ""}.`}
      </p>
      <Table
        caption="The latest 200 emails, newest first"
        columns={["Created", "To", "Subject", "Status", "Attempts", "Message id or reason"]}
        rows={emails.map((e) => ({
          key: String(e.id),
          cells: [
            formatDateTime(e.created_at),
            `${e.name}${e.to_address ? ` <${e.to_address}>` : ""}`,
            e.subject,
            `${statusText[e.status]}${e.sent_at ? ` ${formatDateTime(e.sent_at)}` : ""}`,
            String(e.attempts),
            e.message_id ?? e.last_error ?? "",
          ],
        }))}
      />
    </>
  );
}
