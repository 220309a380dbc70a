import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireViewer } from "../auth/guard.server";
import { Button, Form } from "../components/form";
import { titled } from "../components/page-title";
import { pageTitle } from "../content";
import { notificationsPage } from "../content/notifications";
import { config } from "../config.server";
import { getDb } from "../db.server";
import { formatDateTime } from "../format";
import { bodyBlocks } from "../notifications/catalogue";
import { listNotifications, markNotificationsRead } from "../models/notification.server";
import { storageSafe } from "../storage.server";

export const handle = titled(() => pageTitle(notificationsPage.title));

/** What the signed-in person has been told (the same messages as the emails), newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  return {
    notifications: await listNotifications(getDb(), viewer.id),
    emailed: Boolean(config().SMTP_URL),
  };
}

export const action = storageSafe(async ({ request }: ActionFunctionArgs) => {
  const viewer = await requireViewer(request);
  await markNotificationsRead(getDb(), viewer.id, new Date());
  return redirect("/notifications");
});

export default function Notifications() {
  const { notifications, emailed } = useLoaderData<typeof loader>();
  const unread = notifications.some((n) => n.read_at === null);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{notificationsPage.title}</h1>
        {emailed ? null : <p className="nhsuk-body-s">{notificationsPage.loggedOnly}</p>}
        {notifications.length === 0 ? <p>{notificationsPage.empty}</p> : null}
        <ul className="nhsuk-list">
          {notifications.map((n) => (
            <li key={n.id} className="nhsuk-u-margin-bottom-5">
              <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                {n.read_at === null ? (
                  <strong className="nhsuk-tag nhsuk-tag--blue nhsuk-u-margin-right-2">
                    {notificationsPage.unread}
                  </strong>
                ) : null}
                <Link to={n.link}>{n.subject}</Link>
              </h2>
              <p className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-1">
                {formatDateTime(n.created_at)}
              </p>
              {bodyBlocks(n.body).map((block, i) =>
                "paragraph" in block ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a body's blocks never reorder
                  <p key={i} className="nhsuk-body nhsuk-u-margin-bottom-1">
                    {block.paragraph}
                  </p>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a body's blocks never reorder
                  <ul key={i} className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
                    {block.list.map((item) => (
                      <li key={item}>{item}</li>
                    ))}
                  </ul>
                ),
              )}
            </li>
          ))}
        </ul>
        {unread ? (
          <Form method="post">
            <Button secondary>{notificationsPage.markRead}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
