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
} as const;

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
  loggedOnly:
    "Email is not set up on this server, so notifications are shown here and written to the server's log instead of being emailed.",
};
