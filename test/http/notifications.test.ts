import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase as openDb } from "../../db/database";
import type { Client } from "../support/client";
import {
  answerAllRequired,
  coreQuestionnaire,
  currentCycle,
  people,
  personNames,
  signInAll,
  startAssessment,
} from "../support/assessment";
import { type Mailbox, runNotifications as run, startMailbox } from "../support/mail";
import { type RunningServer, startServer, testPublicUrl } from "../support/server";

/**
 * Notifications by email (issue 24), as an outside party sees them: a real SMTP server (smtp-server, by
 * nodemailer's authors) on a loopback port receives what `npm run cli -- notifications run` sends, and the
 * messages are read with mailparser. The server runs with NOTIFICATIONS_INTERVAL_SECONDS=0, so only the CLI
 * sends, at the moment its --now gives.
 */

let mailbox: Mailbox;
let server: RunningServer;
let db: Db;
let as: Awaited<ReturnType<typeof signInAll>>;
let id: number;

const runNotifications = (now: string) => run(server.databaseUrl, mailbox.port, now);

/**
 * The CLI's clock, in minutes after the test began: after the events it sends (they are written at the real
 * time) and long before any reminder falls due (the national deadline is moved far away and London's cleared
 * in beforeAll; reminders have their own test, test/http/reminders.test.ts).
 */
const began = Date.now() + 60_000;
const at = (minutes: number) => new Date(began + minutes * 60_000).toISOString().slice(0, 16);

const personId = async (email: string) =>
  (await db.selectFrom("person").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
const sentTo = (address: string) => mailbox.sentTo(address);
const assign = (client: Client, themes: Record<string, number | "">) =>
  client.post(`/assessments/${id}/assign`, {
    ...Object.fromEntries(
      [
        "paperless",
        "interoperability",
        "cyber-security",
        "clinical-leadership",
        "mission-burden",
        "mission-citizen-access",
        "mission-safe-access",
        "mission-patient-safety",
        "mission-productivity",
      ].map((t) => [`theme-${t}`, ""]),
    ),
    ...Object.fromEntries(Object.entries(themes).map(([t, p]) => [`theme-${t}`, String(p)])),
  });

beforeAll(async () => {
  mailbox = await startMailbox();
  server = await startServer({ NOTIFICATIONS_INTERVAL_SECONDS: "0" });
  db = openDb(server.databaseUrl);
  as = await signInAll(server);
  id = await startAssessment(as.lead);
  for (const [client, path, dueOn] of [
    [as.admin, "/admin/deadlines", "2099-03-31"],
    [as.analyst, "/regions/Y56/deadline", ""],
  ] as const)
    expect((await client.post(path, { cycle: currentCycle(), dueOn })).status).toBe(302);
  // Nor do the demo plans' actions fall due while this runs, whatever the calendar says.
  await db.updateTable("plan_action").set({ status: "done" }).execute();
  // What the demo data's own history produced is sent first, so each test reads only its own emails.
  const first = await runNotifications(at(0));
  expect(first.status, first.output).toBe(0);
  mailbox.clear();
}, 180_000);

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
  await mailbox?.close();
});

describe("a theme assigned", () => {
  it("emails the person it was given to, once, with the link to the theme and nothing else", async () => {
    const contributor = await personId(people.contributor);
    expect((await assign(as.lead, { paperless: contributor })).status).toBe(302);
    const run = await runNotifications(at(5));
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain("1 sent");
    const [email, ...others] = sentTo(people.contributor);
    expect(others).toEqual([]);
    expect(mailbox.inbox).toHaveLength(1);
    const organisation = await db
      .selectFrom("organisation")
      .select("name")
      .where("ods_code", "=", "ZD01")
      .executeTakeFirstOrThrow();
    const theme = coreQuestionnaire().themes.find((t) => t.id === "paperless")!;
    expect(email!.mail.subject).toBe(`Answer the ${theme.title} questions for ${organisation.name}`);
    expect(email!.mail.to && "text" in email!.mail.to ? email!.mail.to.text : "").toContain(
      personNames.contributor,
    );
    const link = `${testPublicUrl}/assessments/${id}/themes/paperless`;
    expect(email!.mail.text).toContain(link);
    expect(email!.mail.text).toContain(`Dear ${personNames.contributor},`);
    expect(email!.mail.text).toContain(currentCycle());
    // HTML: the same link, once, and no image (no tracking pixel).
    const html = String(email!.mail.html);
    expect(html.split(`href="${link}"`)).toHaveLength(2);
    expect(html).not.toMatch(/<img/i);
    // In the service too.
    const page = await (await as.contributor.get("/notifications")).text();
    expect(page).toContain(email!.mail.subject!);
    // Run again: nothing is sent twice.
    mailbox.clear();
    expect((await runNotifications(at(10))).output).toContain("0 sent");
    expect(mailbox.inbox).toEqual([]);
    // Saving the same assignments again is not a new assignment.
    expect((await assign(as.lead, { paperless: contributor })).status).toBe(302);
    expect((await runNotifications(at(15))).output).toContain("0 sent");
  });

  it("refuses a person of another organisation (a forged form), and tells no one", async () => {
    // The analyst has no role in ZD01: not someone its lead can give a theme to.
    const outsider = { person_id: await personId(people.analyst) };
    const before = await db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect((await assign(as.lead, { interoperability: outsider.person_id })).status).toBe(400);
    const after = await db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    mailbox.clear();
    await runNotifications(at(20));
    expect(mailbox.inbox).toEqual([]);
  });

  it("a name with line breaks and header syntax cannot add a header or a recipient", async () => {
    const contributor = await personId(people.contributor);
    await db
      .updateTable("person")
      .set({ name: "Cal\r\nBcc: attacker@evil.example\r\nSubject: pay now" })
      .where("id", "=", contributor)
      .execute();
    try {
      expect((await assign(as.lead, { "cyber-security": contributor })).status).toBe(302);
      mailbox.clear();
      expect((await runNotifications(at(25))).status).toBe(0);
      expect(mailbox.inbox).toHaveLength(1);
      expect(mailbox.inbox[0]!.envelopeTo).toEqual([people.contributor]);
      expect(mailbox.inbox[0]!.mail.bcc).toBeUndefined();
      expect(mailbox.inbox[0]!.mail.subject).toMatch(/^Answer the /);
      expect(mailbox.inbox[0]!.mail.headers.get("subject")).not.toContain("pay now");
    } finally {
      await db
        .updateTable("person")
        .set({ name: personNames.contributor })
        .where("id", "=", contributor)
        .execute();
    }
  });

  it("nothing goes to a person deactivated before sending", async () => {
    const contributor = await personId(people.contributor);
    expect((await assign(as.lead, { "mission-burden": contributor })).status).toBe(302);
    await db
      .updateTable("person")
      .set({ deactivated_at: "2030-01-01T00:29:00.000Z" })
      .where("id", "=", contributor)
      .execute();
    try {
      mailbox.clear();
      const run = await runNotifications(at(30));
      expect(run.output).toContain("0 sent, 1 skipped");
      expect(mailbox.inbox).toEqual([]);
    } finally {
      await db.updateTable("person").set({ deactivated_at: null }).where("id", "=", contributor).execute();
    }
  });
});

describe("a role removed before sending", () => {
  it("nothing about the organisation goes to someone an administrator removed from it meanwhile", async () => {
    const contributor = await personId(people.contributor);
    expect((await assign(as.lead, { "mission-safe-access": contributor })).status).toBe(302);
    const role = await db
      .selectFrom("role_assignment")
      .selectAll()
      .where("person_id", "=", contributor)
      .where("organisation_code", "=", "ZD01")
      .executeTakeFirstOrThrow();
    expect((await as.admin.post("/admin/people", { assignmentId: String(role.id) })).status).toBe(302);
    try {
      mailbox.clear();
      const run = await runNotifications(at(40));
      expect(run.output).toContain("0 sent, 1 skipped");
      expect(mailbox.inbox).toEqual([]);
    } finally {
      const { id: _, ...again } = role;
      await db.insertInto("role_assignment").values(again).execute();
    }
  });
});

describe("an SMTP server that refuses", () => {
  it("keeps the email in the outbox, and sends it once the server accepts again, after its back-off", async () => {
    const contributor = await personId(people.contributor);
    expect((await assign(as.lead, { "mission-productivity": contributor })).status).toBe(302);
    mailbox.refuse = true;
    mailbox.clear();
    const failed = await runNotifications(at(60));
    expect(failed.status).toBe(1);
    expect(failed.output).toContain("1 failed");
    // The service keeps working and says how many emails wait; its health check does not fail for them.
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { emailOutbox: { pending: number } }).emailOutbox.pending).toBe(1);
    mailbox.refuse = false;
    // Within the back-off (1 minute after a first failure) it waits.
    expect((await runNotifications(at(60))).output).toContain("0 sent");
    const retried = await runNotifications(at(62));
    expect(retried.output).toContain("1 sent");
    expect(sentTo(people.contributor)).toHaveLength(1);
    // Administrators see every email: to whom, what, its message id, and the refusal it got on the way.
    const messageId = sentTo(people.contributor)[0]!.mail.messageId!;
    const emails = await as.admin.get("/admin/emails");
    expect(emails.status).toBe(200);
    const html = await emails.text();
    expect(html).toContain(messageId.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;")));
    expect(html).toContain(people.contributor);
    expect((await as.contributor.get("/admin/emails")).status).toBe(403);
  });
});

describe("the review", () => {
  it("a submission tells the board; a return tells the lead and whoever has a commented theme; a sign-off tells the lead", async () => {
    await answerAllRequired(as.contributor, server, id);
    expect((await as.lead.post(`/assessments/${id}/check`, { intent: "submit" })).status).toBe(302);
    mailbox.clear();
    await runNotifications(at(1440));
    expect(sentTo(people.board).map((m) => m.mail.subject)).toEqual([
      expect.stringMatching(/^Review and sign off .+'s digital maturity self-assessment$/),
    ]);
    expect(sentTo(people.board)[0]!.mail.text).toContain(`${testPublicUrl}/assessments/${id}/review`);
    expect(sentTo(people.lead)).toEqual([]); // the lead submitted it: not told of their own step

    expect(
      (
        await as.board.post(`/assessments/${id}/review`, {
          decision: "return",
          signedName: "",
          comment: "Please add evidence for paperless.",
          "theme-mission-productivity": "Which benefits were measured?",
        })
      ).status,
    ).toBe(302);
    mailbox.clear();
    await runNotifications(at(1445));
    const returned = sentTo(people.lead);
    expect(returned).toHaveLength(1);
    expect(returned[0]!.mail.subject).toMatch(/the board returned it$/);
    expect(returned[0]!.mail.text).toContain("Please add evidence for paperless.");
    // The contributor was given the productivity theme last (above), which the board commented on.
    expect(sentTo(people.contributor)).toHaveLength(1);

    expect((await as.lead.post(`/assessments/${id}/check`, { intent: "submit" })).status).toBe(302);
    expect(
      (
        await as.board.post(`/assessments/${id}/review`, {
          decision: "sign-off",
          signedName: "Bea Board, Chair",
          comment: "",
        })
      ).status,
    ).toBe(302);
    mailbox.clear();
    await runNotifications(at(1450));
    expect(sentTo(people.lead).map((m) => m.mail.subject)).toEqual([expect.stringMatching(/is signed off$/)]);
  });
});
