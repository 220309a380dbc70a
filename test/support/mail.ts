import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { testPublicUrl } from "./server";

/**
 * A real SMTP server (smtp-server, by nodemailer's authors) on a loopback port, and the service's own
 * `npm run cli -- notifications run --now …` pointed at it: how the notification tests see email, as an
 * outside party would. Messages are parsed with mailparser.
 */
export interface Received {
  envelopeTo: string[];
  mail: ParsedMail;
}

export class Mailbox {
  /** Everything received since the last `clear()`. */
  inbox: Received[] = [];
  /** While true, every recipient is refused (a relay that is down or refusing). */
  refuse = false;
  port = 0;
  private readonly smtp: SMTPServer;

  constructor() {
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        callback(this.refuse ? new Error("mailbox unavailable") : undefined);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.inbox.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          })
          .catch(callback);
      },
    });
  }

  listen(): Promise<this> {
    return new Promise((resolve) =>
      this.smtp.listen(0, "127.0.0.1", () => {
        this.port = (this.smtp.server.address() as AddressInfo).port;
        resolve(this);
      }),
    );
  }

  sentTo(address: string): Received[] {
    return this.inbox.filter((m) => m.envelopeTo.includes(address));
  }

  clear(): void {
    this.inbox = [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.smtp.close(() => resolve()));
  }
}

export const startMailbox = () => new Mailbox().listen();

/**
 * `npm run cli -- notifications run --now …` against a database, as cron would run it: in a child process,
 * awaited (not spawnSync: the SMTP server in this process must keep answering meanwhile).
 */
export function runNotifications(
  databaseUrl: string,
  smtpPort: number,
  now: string,
): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "app/cli.ts", "notifications", "run", "--now", now],
      {
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
          MAIL_FROM: "Digital maturity self-assessment <no-reply@dma.test.example>",
          PUBLIC_URL: testPublicUrl,
        },
        encoding: "utf8",
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}
