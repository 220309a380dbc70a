import nodemailer from "nodemailer";
import { config } from "../config.server";
import type { RenderedEmail } from "./catalogue";

/**
 * How an email leaves the service: one small interface (ADR 020), so that a GOV.UK Notify transport (a REST
 * API with its own client, not SMTP) can join later beside these two.
 */
export interface MailTransport {
  /** "smtp" or "log": said at start and on the administrators' page. */
  readonly kind: "smtp" | "log";
  send(message: RenderedEmail & { to: { name: string; address: string } }): Promise<{ messageId: string }>;
}

/** SMTP through nodemailer: a trust's mail relay, or NHSmail's SMTP relay for applications. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url, { from });
  return {
    kind: "smtp",
    async send(message) {
      const info = await transporter.sendMail({
        to: { name: message.to.name, address: message.to.address },
        subject: message.subject,
        text: message.text,
        html: message.html,
        // A notification is never a reply to anything: no tracking, no read receipts.
        disableUrlAccess: true,
        disableFileAccess: true,
      });
      return { messageId: info.messageId };
    },
  };
}

/** Without SMTP_URL: each email is written to the log (and is on the person's notifications page). */
export function logTransport(log: (line: string) => void = (line) => console.info(line)): MailTransport {
  let n = 0;
  return {
    kind: "log",
    async send(message) {
      const messageId = `<log-${Date.now()}-${++n}@digital-maturity>`;
      log(
        JSON.stringify({
          time: new Date().toISOString(),
          level: "info",
          email: { to: message.to.address, subject: message.subject, messageId, text: message.text },
        }),
      );
      return { messageId };
    },
  };
}

/** The transport the configuration names. */
export function configuredTransport(): MailTransport {
  const { SMTP_URL, MAIL_FROM } = config();
  return SMTP_URL ? smtpTransport(SMTP_URL, MAIL_FROM) : logTransport();
}
