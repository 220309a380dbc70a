import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase as openDb } from "../../db/database";
import type { Client } from "../support/client";
import {
  answerAllRequired,
  coreQuestionnaire,
  currentCycle,
  people,
  signInAll,
  startAssessment,
} from "../support/assessment";
import { type Mailbox, runNotifications as run, startMailbox } from "../support/mail";
import { type RunningServer, startServer, testPublicUrl } from "../support/server";

/**
 * Deadlines, reminders and the events of validation and the plan (issue 24), as an outside party sees them:
 * the deadlines are set through the administrator's and the analyst's pages, due dates through the assign
 * page, and what arrives at a real SMTP server after `notifications run --now …` is read. The clock is the
 * CLI's --now: the cycle's deadlines are set in 2030, so the real date never matters.
 */

let mailbox: Mailbox;
let server: RunningServer;
let db: Db;
let as: Awaited<ReturnType<typeof signInAll>>;
let id: number;

const runNotifications = (now: string) => run(server.databaseUrl, mailbox.port, now);
const themes = coreQuestionnaire().themes;
const title = (themeId: string) => themes.find((t) => t.id === themeId)!.title;
const subjects = (address: string) => mailbox.sentTo(address).map((m) => m.mail.subject ?? "");
const personId = async (email: string) =>
  (await db.selectFrom("person").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
const setDeadline = (client: Client, path: string, dueOn: string) =>
  client.post(path, { cycle: currentCycle(), dueOn });

/** Runs the notifications at `now` and returns what arrived (the mailbox is emptied first). */
async function sendAt(now: string) {
  mailbox.clear();
  const result = await runNotifications(now);
  expect(result.status, result.output).toBe(0);
  return result.output;
}

beforeAll(async () => {
  mailbox = await startMailbox();
  server = await startServer({ NOTIFICATIONS_INTERVAL_SECONDS: "0" });
  db = openDb(server.databaseUrl);
  as = await signInAll(server);
  id = await startAssessment(as.lead);
  // The demo plans' actions are done, so only the action this test sets falls due.
  await db.updateTable("plan_action").set({ status: "done" }).execute();
  expect((await setDeadline(as.admin, "/admin/deadlines", "2030-03-31")).status).toBe(302);
  expect((await setDeadline(as.analyst, "/regions/Y56/deadline", "")).status).toBe(302);
  const contributor = await personId(people.contributor);
  const assigned = await as.lead.post(`/assessments/${id}/assign`, {
    ...Object.fromEntries(themes.flatMap((t) => [[`theme-${t.id}`, ""]])),
    "theme-paperless": String(contributor),
    "due-paperless": "2030-03-10",
    "theme-interoperability": String(contributor),
  });
  expect(assigned.status).toBe(302);
  await sendAt("2030-03-01T08:00"); // the events so far (the assignments), before any reminder is due
}, 180_000);

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
  await mailbox?.close();
});

describe("deadlines", () => {
  it("an analyst's regional deadline must not be later than the national one; the organisation sees the earlier", async () => {
    const late = await setDeadline(as.analyst, "/regions/Y56/deadline", "2030-04-30");
    expect(late.status).toBe(400);
    const html = await late.text();
    expect(html).toContain("on or before the national deadline, 31 March 2030");
    expect(html).toContain('value="2030-04-30"'); // what was typed is kept
    // Another region's page is not the analyst's.
    expect((await setDeadline(as.analyst, "/regions/Y61/deadline", "2030-03-01")).status).toBe(403);
    expect((await setDeadline(as.lead, "/admin/deadlines", "2030-03-01")).status).toBe(403);
    expect((await setDeadline(as.analyst, "/regions/Y56/deadline", "2030-03-24")).status).toBe(302);
    const overview = await (await as.lead.get(`/assessments/${id}`)).text();
    expect(overview).toContain("Deadline: 24 March 2030 (set by your region");
    expect(overview).toContain("due 10 March 2030");
  });

  it("a theme's due date after the deadline, or without anyone to answer it, is refused and kept", async () => {
    const response = await as.lead.post(`/assessments/${id}/assign`, {
      ...Object.fromEntries(themes.flatMap((t) => [[`theme-${t.id}`, ""]])),
      "due-paperless": "2030-03-30",
      "due-cyber-security": "2030-03-01",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("on or before the organisation&#x27;s deadline, 24 March 2030");
    expect(html).toContain("Choose who answers this theme, or leave its due date empty");
    expect(html).toContain('value="2030-03-30"');
  });
});

describe("reminders", () => {
  it("14 days before: one digest a day per person and assessment, each reminder once, to whoever has the theme, else the lead", async () => {
    await sendAt("2030-03-10T08:00");
    // The contributor: paperless due today (the 3-day stage) and interoperability 14 days before London's
    // deadline, in one email.
    const [digest, ...more] = mailbox.sentTo(people.contributor);
    expect(more).toEqual([]);
    expect(digest!.mail.subject).toMatch(
      /^You have 2 things to do for .+'s digital maturity self-assessment$/,
    );
    expect(digest!.mail.text).toContain(
      `Finish the ${title("paperless")} questions by 10 March 2030 (due today).`,
    );
    expect(digest!.mail.text).toContain(
      `Finish the ${title("interoperability")} questions by 24 March 2030 (14 days left).`,
    );
    expect(digest!.mail.text).toContain(`${testPublicUrl}/assessments/${id}\n`);
    // The lead: every theme no one has, in one email; not the contributor's themes.
    const lead = mailbox.sentTo(people.lead);
    expect(lead).toHaveLength(1);
    for (const theme of themes.filter((t) => !["paperless", "interoperability"].includes(t.id)))
      expect(lead[0]!.mail.text).toContain(`Finish the ${theme.title} questions by 24 March 2030`);
    expect(lead[0]!.mail.text).not.toContain(title("paperless"));
    expect(mailbox.sentTo(people.board)).toEqual([]);
    // The same day again, and the next day: nothing new.
    expect(await sendAt("2030-03-10T12:00")).toContain("Reminders: 0 due");
    expect(mailbox.inbox).toEqual([]);
  });

  it("once overdue: one reminder, with the theme's own link", async () => {
    await sendAt("2030-03-11T08:00");
    expect(subjects(people.contributor)).toEqual([
      expect.stringMatching(
        new RegExp(`^The ${title("paperless")} questions for .+ are overdue: finish them$`),
      ),
    ]);
    expect(mailbox.sentTo(people.contributor)[0]!.mail.text).toContain(
      `${testPublicUrl}/assessments/${id}/themes/paperless`,
    );
    expect(mailbox.sentTo(people.lead)).toEqual([]);
    await sendAt("2030-03-12T08:00");
    expect(mailbox.inbox).toEqual([]);
  });

  it("turned off on the account page: on the notifications page, not by email", async () => {
    expect((await as.contributor.post("/account", { reminders: "off" })).status).toBe(302);
    try {
      const output = await sendAt("2030-03-21T08:00"); // 3 days before London's deadline
      expect(output).toContain("1 skipped");
      expect(mailbox.sentTo(people.contributor)).toEqual([]);
      expect(mailbox.sentTo(people.lead)).toHaveLength(1);
      const page = await (await as.contributor.get("/notifications")).text();
      expect(page).toContain(`Finish the ${title("interoperability")} questions for`);
      expect(page).toContain(
        `<li>Finish the ${title("interoperability")} questions by 24 March 2030 (3 days left).</li>`,
      );
    } finally {
      expect((await as.contributor.post("/account", { reminders: "on" })).status).toBe(302);
    }
  });

  it("two runs at once (two servers, or cron beside the timer) send each reminder once", async () => {
    // A later due date is a new reminder: the national deadline moves, and London's is cleared.
    expect((await setDeadline(as.analyst, "/regions/Y56/deadline", "")).status).toBe(302);
    mailbox.clear();
    const [a, b] = await Promise.all([
      runNotifications("2030-03-28T08:00"),
      runNotifications("2030-03-28T08:00"),
    ]);
    expect(a.status, a.output).toBe(0);
    expect(b.status, b.output).toBe(0);
    expect(mailbox.sentTo(people.lead)).toHaveLength(1);
    expect(mailbox.sentTo(people.contributor)).toHaveLength(1);
    expect(mailbox.sentTo(people.lead)[0]!.mail.text).toContain("by 31 March 2030 (3 days left)");
  });

  it("a finished theme is not reminded; a submission waiting 7 days for the board is, once", async () => {
    await answerAllRequired(as.contributor, server, id);
    await sendAt("2030-04-01T08:00");
    expect(mailbox.inbox).toEqual([]);
    expect((await as.lead.post(`/assessments/${id}/check`, { intent: "submit" })).status).toBe(302);
    // The submission is dated by the real clock, so the board is told at the real time (a minute on),
    // when nothing else is due; years on, in 2030, it is still waiting for the board.
    await sendAt(new Date(Date.now() + 60_000).toISOString().slice(0, 16));
    expect(subjects(people.board)).toEqual([expect.stringMatching(/^Review and sign off /)]);
    await sendAt("2030-04-09T08:00");
    expect(subjects(people.board)).toEqual([
      expect.stringMatching(/^Sign off .+'s digital maturity self-assessment$/),
    ]);
    expect(mailbox.sentTo(people.board)[0]!.mail.text).toContain(`${testPublicUrl}/assessments/${id}/review`);
    await sendAt("2030-04-10T08:00");
    expect(mailbox.inbox).toEqual([]);
  });
});

describe("validation", () => {
  it("a query goes to the lead with its words; the reply to the analyst who asked; a validation to the lead", async () => {
    const path = `/assessments/${id}/validation`;
    expect(
      (await as.analyst.post(path, { intent: "query", comment: "Is the EPR live in all wards?" })).status,
    ).toBe(302);
    await sendAt("2030-04-10T09:00");
    expect(subjects(people.lead)).toEqual([
      expect.stringMatching(/^Answer the regional team's query about /),
    ]);
    expect(mailbox.sentTo(people.lead)[0]!.mail.text).toContain("Is the EPR live in all wards?");
    expect(mailbox.sentTo(people.analyst)).toEqual([]);

    expect((await as.lead.post(path, { intent: "reply", reply: "Yes, since June." })).status).toBe(302);
    await sendAt("2030-04-10T09:05");
    expect(subjects(people.analyst)).toEqual([expect.stringMatching(/ replied to your query$/)]);
    expect(mailbox.sentTo(people.analyst)[0]!.mail.text).toContain(`${testPublicUrl}${path}`);
    expect(mailbox.sentTo(people.lead)).toEqual([]);

    expect((await as.analyst.post(path, { intent: "validate" })).status).toBe(302);
    await sendAt("2030-04-10T09:10");
    expect(subjects(people.lead)).toEqual([expect.stringMatching(/ is validated$/)]);
  });
});

describe("the improvement plan", () => {
  it("an action given to someone tells them; due in 7 days and overdue, it reminds them once each", async () => {
    const action = await db
      .selectFrom("plan_action")
      .innerJoin("plan", "plan.id", "plan_action.plan_id")
      .select(["plan_action.id", "plan_action.revision", "plan_action.theme_id", "plan.assessment_id"])
      .where("plan.organisation_code", "=", "ZD01")
      .where("plan.cycle", "=", "2025/26")
      .where("plan_action.owner_person_id", "is", null)
      .orderBy("plan_action.id")
      .executeTakeFirstOrThrow();
    const edited = await as.lead.post(`/assessments/${action.assessment_id}/plan/actions/${action.id}`, {
      intent: "edit",
      themeId: action.theme_id,
      title: "Publish the cyber incident runbook",
      owner: `person:${await personId(people.contributor)}`,
      due: "2030-05-01",
      status: "in-progress",
      revision: String(action.revision),
    });
    expect(edited.status).toBe(302);
    await sendAt("2030-04-20T08:00");
    expect(subjects(people.contributor)).toEqual([
      expect.stringMatching(/^Complete an improvement action for /),
    ]);
    expect(mailbox.sentTo(people.contributor)[0]!.mail.text).toContain(
      `${testPublicUrl}/assessments/${action.assessment_id}/plan/actions/${action.id}`,
    );
    await sendAt("2030-04-24T08:00");
    expect(subjects(people.contributor)).toEqual([
      expect.stringMatching(
        /^Complete the action "Publish the cyber incident runbook" for .+ by 1 May 2030$/,
      ),
    ]);
    await sendAt("2030-04-25T08:00");
    expect(mailbox.inbox).toEqual([]);
    await sendAt("2030-05-02T08:00");
    expect(subjects(people.contributor)).toEqual([expect.stringMatching(/ is overdue$/)]);
    expect(mailbox.sentTo(people.lead)).toEqual([]);
  });
});

describe("the evidence library", () => {
  it("an item due for review reminds its owner 30 days ahead and once when it has expired, with its own link", async () => {
    const created = await as.lead.post("/organisations/ZD01/evidence/new", {
      title: "Backup restore test report",
      owner: `person:${await personId(people.contributor)}`,
      producedOn: "2029-06-30",
      reviewBy: "2030-06-30",
    });
    expect(created.status).toBe(302);
    const item = created.headers.get("Location")!;
    await sendAt("2030-05-30T08:00"); // 31 days before
    expect(mailbox.sentTo(people.contributor)).toEqual([]);
    await sendAt("2030-05-31T08:00");
    expect(subjects(people.contributor)).toEqual([
      expect.stringMatching(/^Review the evidence "Backup restore test report" for .+ by 30 June 2030$/),
    ]);
    expect(mailbox.sentTo(people.contributor)[0]!.mail.text).toContain(`${testPublicUrl}${item}`);
    expect(mailbox.sentTo(people.lead)).toEqual([]);
    await sendAt("2030-06-15T08:00");
    expect(mailbox.inbox).toEqual([]);
    await sendAt("2030-07-01T08:00");
    expect(subjects(people.contributor)).toEqual([expect.stringMatching(/ has expired: review it$/)]);
    await sendAt("2030-07-02T08:00");
    expect(mailbox.inbox).toEqual([]);
  });
});
