/** UI copy of the account pages: kept out of app/content/index.ts (the copy every page needs) so other pages do not load it. */

export const accountContent = {
  passwordTitle: "Change your password",
  mustChange:
    "You signed in with a first password from an administrator. Choose your own password to continue.",
  current: "Current password",
  next: "New password",
  nextHint: "At least 12 characters",
  confirm: "Type the new password again",
  submit: "Change password",
  changed: "Your password has been changed",
  changedElsewhere: "You have been signed out everywhere else.",
  wrongCurrent: "Enter your current password correctly",
  noPassword: "You sign in with your NHS account, so there is no password to change here.",
  title: "Your account",
  remindersLegend: "Reminder emails",
  remindersHint:
    "Reminders of due dates and deadlines. You are always emailed when something is returned or queried to you, or given to you to do; every notification is also on your notifications page.",
  remindersOn: "Email me reminders",
  remindersOff: "Do not email me reminders",
  remindersChoose: "Choose whether to get reminder emails",
  remindersSaved: "Your email settings have been saved",
  save: "Save settings",
} as const;
