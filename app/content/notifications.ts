import { formatDate } from "../format";
import type { ReminderItem } from "../notifications/reminders";

/**
 * The words of notifications: in the service and by email (GOV.UK Notify's style: a subject that says what to
 * do, the organisation's name, one link, no personal data beyond names). app/notifications/catalogue.ts says
 * who gets each; this file says what they read.
 */
export interface NotificationFacts {
  organisationName: string;
  cycle: string;
  /** The theme, for a notification about one. */
  themeTitle?: string;
  /** Who did what caused it. */
  actorName?: string;
  /** The board's comment, for a return (shown in the service and the email: it is what to act on). */
  comment?: string;
  /** An action of the improvement plan, and its due date (YYYY-MM-DD). */
  actionTitle?: string;
  due?: string;
}

export const notificationCopy = {
  "theme-assigned": {
    subject: (f: NotificationFacts) => `Answer the ${f.themeTitle} questions for ${f.organisationName}`,
    body: (f: NotificationFacts) =>
      `${f.actorName ?? "Your organisation lead"} has asked you to answer the ${f.themeTitle} questions of ${f.organisationName}'s ${f.cycle} digital maturity self-assessment.`,
    action: "Answer the questions",
  },
  "assessment-submitted": {
    subject: (f: NotificationFacts) =>
      `Review and sign off ${f.organisationName}'s digital maturity self-assessment`,
    body: (f: NotificationFacts) =>
      `${f.actorName ?? "Your organisation lead"} has submitted ${f.organisationName}'s ${f.cycle} digital maturity self-assessment. The board can now sign it off or return it with comments.`,
    action: "Review the assessment",
  },
  "assessment-returned": {
    subject: (f: NotificationFacts) =>
      `Change ${f.organisationName}'s digital maturity self-assessment: the board returned it`,
    body: (f: NotificationFacts) =>
      `The board returned ${f.organisationName}'s ${f.cycle} digital maturity self-assessment.${f.comment ? ` Its comment: "${f.comment}"` : ""} Make the changes it asks for and submit the assessment again.`,
    action: "See the board's comments",
  },
  "assessment-signed-off": {
    subject: (f: NotificationFacts) =>
      `${f.organisationName}'s digital maturity self-assessment is signed off`,
    body: (f: NotificationFacts) =>
      `The board signed off ${f.organisationName}'s ${f.cycle} digital maturity self-assessment. Its report is saved and can be shared.`,
    action: "See the report",
  },
  "assessment-queried": {
    subject: (f: NotificationFacts) =>
      `Answer the regional team's query about ${f.organisationName}'s digital maturity self-assessment`,
    body: (f: NotificationFacts) =>
      `${f.actorName ?? "The regional team"} has a query about ${f.organisationName}'s ${f.cycle} digital maturity self-assessment.${f.comment ? ` The query: "${f.comment}"` : ""} Reply to it in the service.`,
    action: "Read and reply to the query",
  },
  "query-replied": {
    subject: (f: NotificationFacts) => `${f.organisationName} replied to your query`,
    body: (f: NotificationFacts) =>
      `${f.actorName ?? "The organisation"} replied to your query about ${f.organisationName}'s ${f.cycle} digital maturity self-assessment. Validate the assessment or query it again.`,
    action: "Read the reply",
  },
  "assessment-validated": {
    subject: (f: NotificationFacts) =>
      `${f.organisationName}'s digital maturity self-assessment is validated`,
    body: (f: NotificationFacts) =>
      `The regional team validated ${f.organisationName}'s ${f.cycle} digital maturity self-assessment. Its scores now count in the validated benchmarks.`,
    action: "See the assessment",
  },
  "action-assigned": {
    subject: (f: NotificationFacts) => `Complete an improvement action for ${f.organisationName}`,
    body: (f: NotificationFacts) =>
      `${f.actorName ?? "Your organisation lead"} made you the owner of the action "${f.actionTitle}" in ${f.organisationName}'s improvement plan${f.due ? `, due on ${formatDate(f.due)}` : ""}. Update its status and add progress notes as it moves.`,
    action: "See the action",
  },
  /** Reminders from deadlines, one email a day per person and assessment: see `reminderCopy`. */
  reminders: {
    subject: (f: NotificationFacts) =>
      `Reminders for ${f.organisationName}'s digital maturity self-assessment`,
    body: (f: NotificationFacts) => f.comment ?? "",
    action: "Open the assessment",
  },
} as const;

const left = (days: number) => (days <= 0 ? "due today" : days === 1 ? "1 day left" : `${days} days left`);

/** The words of reminders: one line per reminder, and the digest that carries a day's reminders. */
export const reminderCopy = {
  line(item: ReminderItem, daysLeft: number): string {
    const due = formatDate(item.due);
    switch (item.kind) {
      case "theme-due":
        return item.stage === "overdue"
          ? `The ${item.title} questions were due on ${due} and are not finished.`
          : `Finish the ${item.title} questions by ${due} (${left(daysLeft)}).`;
      case "sign-off-pending":
        return `Sign off the assessment or return it with comments: it was submitted on ${due}.`;
      case "action-due":
        return item.stage === "overdue"
          ? `The action "${item.title}" was due on ${due} and is not done.`
          : `Complete the action "${item.title}" by ${due} (${left(daysLeft)}).`;
      case "evidence-review":
        return item.stage === "overdue"
          ? `The evidence "${item.title}" expired on ${due}: review it, or replace it.`
          : `Review the evidence "${item.title}" by ${due} (${left(daysLeft)}).`;
    }
  },
  subject(organisationName: string, items: readonly ReminderItem[]): string {
    if (items.length > 1)
      return items[0]!.assessmentId === null
        ? `You have ${items.length} pieces of evidence to review for ${organisationName}`
        : `You have ${items.length} things to do for ${organisationName}'s digital maturity self-assessment`;
    const [item] = items as [ReminderItem];
    const due = formatDate(item.due);
    switch (item.kind) {
      case "theme-due":
        return item.stage === "overdue"
          ? `The ${item.title} questions for ${organisationName} are overdue: finish them`
          : `Finish the ${item.title} questions for ${organisationName} by ${due}`;
      case "sign-off-pending":
        return `Sign off ${organisationName}'s digital maturity self-assessment`;
      case "action-due":
        return item.stage === "overdue"
          ? `The action "${item.title}" for ${organisationName} is overdue`
          : `Complete the action "${item.title}" for ${organisationName} by ${due}`;
      case "evidence-review":
        return item.stage === "overdue"
          ? `The evidence "${item.title}" for ${organisationName} has expired: review it`
          : `Review the evidence "${item.title}" for ${organisationName} by ${due}`;
    }
  },
  /** `cycle` null: a digest about the organisation's evidence library, not an assessment. */
  body: (organisationName: string, cycle: string | null, lines: readonly string[]) =>
    [
      cycle === null
        ? `For ${organisationName}'s evidence library:`
        : `For ${organisationName}'s ${cycle} digital maturity self-assessment:`,
      ...lines.map((line) => `- ${line}`),
    ].join("\n"),
};

export const notificationEmail = {
  greeting: (name: string) => `Dear ${name},`,
  linkIntro: "Open it in the service:",
  footer:
    "You get this email because of your role in the digital maturity self-assessment. Do not reply: this address is not read.",
  remindersOff: "You can turn off reminder emails on your account page.",
};

export const notificationsPage = {
  title: "Notifications",
  empty: "You have no notifications.",
  unread: "New",
  markRead: "Mark all as read",
  remindersOff: "Reminders by email are turned off: reminders are shown here only.",
  loggedOnly:
    "Email is not set up on this server, so notifications are shown here and written to the server's log instead of being emailed.",
};

/** Deadlines: where an organisation sees the one it works to, and the pages that set them. */
export const deadlineContent = {
  deadline: (d: { dueOn: string; scope: string }) =>
    d.scope === "national"
      ? `Deadline: ${formatDate(d.dueOn)} (the national deadline for this cycle).`
      : `Deadline: ${formatDate(d.dueOn)} (set by your region, earlier than the national deadline).`,
  adminTitle: "Deadlines",
  adminIntro:
    "Each cycle's national deadline. Regional teams may set an earlier one for their region; organisations see the one they work to, and reminders count down to it.",
  regionTitle: (region: string) => `Deadline for ${region}`,
  regionIntro:
    "You may set a deadline for your region's organisations that is earlier than the national one. Reminders to their teams count down to it.",
  dueOnLabel: "Deadline",
  dueOnHint: "Leave it empty for no deadline.",
  notAfterNational: (national: string) =>
    `Deadline must be on or before the national deadline, ${formatDate(national)}`,
  notAfterDeadline: (deadline: string) =>
    `Due date must be on or before the organisation's deadline, ${formatDate(deadline)}`,
  dueNeedsPerson: "Choose who answers this theme, or leave its due date empty",
  saved: "Deadline saved",
};
