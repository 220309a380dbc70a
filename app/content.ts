/** UI copy that is not questionnaire content: one place to read and change the service's words. */
const serviceName = "Digital maturity self-assessment";

/**
 * A page's title: what the page is, then the service. When the page shows an error summary after a post,
 * `PageMeta` (app/components/page-title.tsx) puts "Error: " first, as the design system asks.
 */
export function pageTitle(title: string | undefined) {
  return `${title ? `${title} – ` : ""}${serviceName}`;
}

export const content = {
  serviceName,
  phase: "Beta",
  phaseText:
    "This is a new service. It uses clearly fictional demonstration data unless your administrator has imported real organisations.",
  footer: {
    accessibility: "Accessibility statement",
    copyright: "© Digital maturity self-assessment team",
  },
  signIn: {
    title: "Sign in",
    email: "Email address",
    password: "Password",
    submit: "Sign in",
    wrong: "Enter a correct email address and password",
    wait: (seconds: number) =>
      `Too many failed attempts. Wait ${seconds} second${seconds === 1 ? "" : "s"} before you try again.`,
    deactivated:
      "Your account has been deactivated. Ask your organisation's administrator if you need access.",
    or: "Or sign in with your email address and password",
    passwordOff: "Password sign-in is switched off for this service.",
  },
  /** The pages a refused sign-in through the identity provider lands on: what happened, and what to do. */
  oidcRefused: {
    "no-sign-in-started": {
      title: "Your sign-in could not be finished",
      body: "The sign-in took too long, was started in another browser, or was already used. Start again from the sign-in page.",
    },
    "provider-unavailable": {
      title: "Sorry, we cannot reach your NHS account at the moment",
      body: "Your sign-in could not be checked because the identity service did not answer. Try again in a few minutes.",
    },
    "provider-refused": {
      title: "You did not finish signing in",
      body: "Your NHS account did not confirm who you are. Start again from the sign-in page.",
    },
    "response-not-trusted": {
      title: "We could not check your sign-in",
      body: "The answer from your NHS account could not be verified, so we did not sign you in. Start again from the sign-in page. If this keeps happening, tell your organisation's administrator.",
    },
    "assurance-too-low": {
      title: "Sign in with your smartcard or security key",
      body: "This service needs a stronger way of signing in than the one you used. Sign in again with your smartcard or another method your organisation has set up.",
    },
    "email-missing": {
      title: "Ask your organisation's administrator to add you",
      body: "Your NHS account did not tell us your email address, and you have not signed in to this service before. Ask your organisation's administrator to add you with the email address of your NHS account.",
    },
    "email-unverified": {
      title: "Your email address is not verified",
      body: "Your NHS account says your email address has not been verified, so we cannot use it to find you. Verify it with your identity provider, or ask your organisation's administrator.",
    },
    "unknown-person": {
      title: "Ask your organisation's administrator to add you",
      body: "You signed in with your NHS account, but this service does not know you yet. Ask your organisation's administrator to add you, with the email address of your NHS account, and give you a role. Then sign in again.",
    },
    deactivated: {
      title: "Your account has been deactivated",
      body: "You cannot sign in to this service. Ask your organisation's administrator if you need access.",
    },
    startAgain: "Go to the sign-in page",
  },
  account: {
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
  },
  storageUnavailable:
    "The service cannot save right now, so nothing was saved. What you typed is still on this page: try again in a few minutes.",
  errors: {
    summaryTitle: "There is a problem",
    400: {
      title: "Sorry, we could not do that",
      body: "Something in the request was not right. Go back and try again.",
    },
    404: {
      title: "Page not found",
      body: "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.",
    },
    403: {
      title: "You do not have access to this page",
      body: "Your roles do not allow this. Ask your organisation lead or an administrator if you need access.",
    },
    409: {
      title: "This has already changed",
      body: "Someone may have done this already, or the assessment has moved on since you opened the page. Go back and reload the page to see where it stands now.",
    },
    413: {
      title: "What you sent is too large",
      body: "Nothing was saved. Go back, shorten what you typed or choose a smaller file, and try again.",
    },
    503: {
      title: "Sorry, the service cannot save anything right now",
      body: "Nothing you sent was saved, and your saved answers are safe. Try again in a few minutes. If it keeps happening, tell the service's administrator.",
    },
    500: {
      title: "Sorry, there is a problem with the service",
      body: "Try again later. Your saved answers have not been lost.",
    },
  },
  accessibility: {
    title: "Accessibility statement",
    intro:
      "This statement applies to the digital maturity self-assessment service. We want as many people as possible to be able to use it. For example, you should be able to change colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the screen, navigate the whole service using just a keyboard or speech recognition software, and listen to it using a screen reader.",
    howAccessible: [
      "The service uses the NHS design system and works without JavaScript.",
      "Every page is checked automatically with the axe accessibility engine (WCAG 2.2 AA rules) before each release, with JavaScript on and off.",
      "Charts always sit next to a table that holds the same figures.",
    ],
    compliance:
      "This service is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances listed below.",
    nonAccessible: [
      "The radar chart on reports cannot be explored with a keyboard or a screen reader. The table beside it holds the same scores, and the PDF download holds the same table.",
      "PDF reports are not tagged for screen readers. The same report is available as a web page and as CSV and JSON downloads.",
      "We have not yet had the service audited by an accessibility specialist. Automated checks find only some kinds of problem.",
    ],
    reportTitle: "Reporting accessibility problems with this service",
    report:
      "If you find a problem that is not listed on this page, or you need information in a different format, tell your organisation's digital maturity lead or email the service team at digital-maturity@demo.example. Say which page you were on and what happened. We will reply within 5 working days.",
    enforcementTitle: "Enforcement procedure",
    enforcement:
      "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the accessibility regulations). If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).",
    preparationTitle: "Preparation of this accessibility statement",
    preparation:
      "This statement was prepared on 1 December 2026. It was last reviewed on 1 December 2026. The service was last tested on 1 December 2026, automatically with axe in Chromium, by the team that builds it.",
  },
} as const;
