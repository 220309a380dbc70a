import { type NotificationFacts, notificationCopy, notificationEmail } from "../content/notifications";

/**
 * The notifications the service sends (issue 24), pure: each kind's words come from the content module, and
 * who gets it is decided where the event happens (app/models/notification.server.ts, called in the event's
 * transaction) or by the reminder sweep (app/services/reminders.server.ts). A new capability adds one entry
 * here (or one reminder kind), its words in app/content/notifications.ts, and one call where its event is.
 *
 * Who gets each:
 * - theme-assigned: the person given the theme (not the lead who gave it to themselves)
 * - assessment-submitted: the organisation's board members
 * - assessment-returned: the leads, and whoever is assigned a theme the board commented on
 * - assessment-signed-off, assessment-validated, assessment-queried: the leads
 * - query-replied: the analyst who asked the query (while they still cover the organisation's region)
 * - action-assigned: the person made the owner of a plan's action
 * - reminders (a day's digest, one per person and assessment): themes not finished 14 and 3 days before their
 *   due date and when overdue (to whoever is assigned, else the leads); a submission waiting 7 days for the
 *   board (board members); an action due in 7 days or overdue (its owner, else the leads); evidence due for
 *   review in 30 days or expired (its owner, else the leads; one digest a day about the organisation's
 *   library). Reminders only are
 *   subject to a person's "no reminder emails" choice; they still appear on the notifications page.
 */
export const notificationKinds = [
  "theme-assigned",
  "assessment-submitted",
  "assessment-returned",
  "assessment-signed-off",
  "assessment-queried",
  "query-replied",
  "assessment-validated",
  "action-assigned",
  "reminders",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface NotificationDraft {
  kind: NotificationKind;
  subject: string;
  body: string;
  /** A path within the service. */
  link: string;
}

export function draftNotification(
  kind: NotificationKind,
  facts: NotificationFacts,
  link: string,
): NotificationDraft {
  const copy = notificationCopy[kind];
  return {
    kind,
    subject: oneLine(copy.subject(facts)),
    body: copy.body(facts),
    link,
  };
}

/** Kinds a person may choose not to get by email (never returns or queries addressed to them). */
export const optionalEmailKinds: readonly NotificationKind[] = ["reminders"];

/** A header value can never carry a line break (no header injection from a name or a comment). */
export const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, " ").slice(0, 250);

/** A body's blocks: its "- " lines are a list, its other lines paragraphs (the email's and the page's). */
export type BodyBlock = { paragraph: string } | { list: string[] };

export function bodyBlocks(body: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const line of body.split("\n")) {
    const last = blocks.at(-1);
    if (line.startsWith("- ")) {
      if (last && "list" in last) last.list.push(line.slice(2));
      else blocks.push({ list: [line.slice(2)] });
    } else if (line.trim()) blocks.push({ paragraph: line });
  }
  return blocks;
}

function bodyHtml(body: string, p: (inner: string) => string): string[] {
  return bodyBlocks(body).map((block) =>
    "paragraph" in block
      ? p(escapeHtml(block.paragraph))
      : `<ul style="margin:0 0 20px 0;padding-left:20px;font-size:19px;line-height:25px;color:#0b0c0c">${block.list
          .map((item) => `<li style="margin-bottom:5px">${escapeHtml(item)}</li>`)
          .join("")}</ul>`,
  );
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/**
 * The email of a notification, as plain text and as HTML in GOV.UK Notify's style: no images, no tracking,
 * one link, the words as in the service. `publicUrl` makes the link absolute.
 */
export function renderEmail(
  notification: { kind: NotificationKind; subject: string; body: string; link: string },
  recipientName: string,
  publicUrl: string,
): RenderedEmail {
  const url = new URL(notification.link, `${publicUrl}/`).toString();
  const actionLabel = notificationCopy[notification.kind].action;
  // A reminder says how to stop them (the account page); other emails cannot be turned off.
  const footer = optionalEmailKinds.includes(notification.kind)
    ? `${notificationEmail.footer} ${notificationEmail.remindersOff}`
    : notificationEmail.footer;
  const greeting = notificationEmail.greeting(oneLine(recipientName));
  const text = [
    greeting,
    "",
    notification.body,
    "",
    `${notificationEmail.linkIntro}`,
    url,
    "",
    "---",
    footer,
  ].join("\n");
  const p = (inner: string) =>
    `<p style="margin:0 0 20px 0;font-size:19px;line-height:25px;color:#0b0c0c">${inner}</p>`;
  const html = [
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">',
    `<title>${escapeHtml(notification.subject)}</title></head>`,
    '<body style="margin:0;padding:0;font-family:Arial,sans-serif;background:#ffffff">',
    '<div style="background:#005eb8;padding:16px 24px;color:#ffffff;font-size:19px;font-weight:bold">Digital maturity self-assessment</div>',
    '<div style="max-width:580px;padding:24px">',
    p(escapeHtml(greeting)),
    ...bodyHtml(notification.body, p),
    p(`<a href="${escapeHtml(url)}" style="color:#005eb8">${escapeHtml(actionLabel)}</a>`),
    `<p style="margin:30px 0 0 0;font-size:16px;line-height:22px;color:#4c6272">${escapeHtml(footer)}</p>`,
    "</div></body></html>",
  ].join("");
  return { subject: oneLine(notification.subject), text, html };
}
