import type { Db } from "../../db/database";
import { config } from "../config.server";
import {
  claimDueEmails,
  markEmailFailed,
  markEmailSent,
  markEmailSkipped,
  peopleWhoMayBeTold,
} from "../models/notification.server";
import { type NotificationKind, optionalEmailKinds, renderEmail } from "../notifications/catalogue";
import type { MailTransport } from "../notifications/transport.server";
import { sweepReminders } from "./reminders.server";

export interface SendOutcome {
  sent: number;
  skipped: number;
  failed: number;
  /** The first few failures' reasons, for the operator. */
  errors: string[];
}

/**
 * Sends the emails that are due, in batches, until none is left: claim, send, mark (ADR 020). Never inside a
 * request. A person deactivated, or without a role in the organisation any more, gets nothing: their email
 * is skipped. An SMTP failure leaves the email pending for a later attempt, and the rest still go.
 */
export async function sendDueEmails(
  db: Db,
  transport: MailTransport,
  now: Date,
  batch = 50,
): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, skipped: 0, failed: 0, errors: [] };
  const publicUrl = config().PUBLIC_URL;
  for (;;) {
    const claimed = await claimDueEmails(db, now, batch);
    if (claimed.length === 0) return outcome;
    const members = new Map<string, Set<number>>();
    for (const email of claimed) {
      if (email.deactivated_at !== null) {
        await markEmailSkipped(db, email.id, "the person's account was deactivated");
        outcome.skipped++;
        continue;
      }
      if (email.organisation_code) {
        let inOrganisation = members.get(email.organisation_code);
        if (!inOrganisation) {
          inOrganisation = await peopleWhoMayBeTold(db, email.organisation_code);
          members.set(email.organisation_code, inOrganisation);
        }
        if (!inOrganisation.has(email.person_id)) {
          await markEmailSkipped(db, email.id, "the person no longer has a role in the organisation");
          outcome.skipped++;
          continue;
        }
      }
      const kind = email.kind as NotificationKind;
      if (optionalEmailKinds.includes(kind) && email.email_reminders === 0) {
        await markEmailSkipped(db, email.id, "the person turned reminder emails off");
        outcome.skipped++;
        continue;
      }
      const rendered = renderEmail(
        { kind, subject: email.subject, body: email.body, link: email.link },
        email.name,
        publicUrl,
      );
      try {
        const { messageId } = await transport.send({
          ...rendered,
          to: { name: email.name, address: email.email },
        });
        await markEmailSent(db, email.id, email.email, messageId, now);
        outcome.sent++;
      } catch (error) {
        if (outcome.errors.length < 3)
          outcome.errors.push(error instanceof Error ? error.message : String(error));
        await markEmailFailed(
          db,
          email.id,
          email.attempts,
          error instanceof Error ? error.message : String(error),
          now,
        );
        outcome.failed++;
      }
    }
    // What failed waits for its back-off; what is left of this run's due emails goes in the next batch.
    if (claimed.length < batch) return outcome;
  }
}

/** One run of the notifications: the reminder sweep, then the sender. What `notifications run` and the timer do. */
export async function runNotifications(db: Db, transport: MailTransport, now: Date) {
  const reminders = await sweepReminders(db, now);
  return { reminders, emails: await sendDueEmails(db, transport, now) };
}
