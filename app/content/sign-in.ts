/** UI copy of signing in and of a refused sign-in: kept out of app/content/index.ts (the copy every page needs) so other pages do not load it. */

export const signInContent = {
  title: "Sign in",
  email: "Email address",
  password: "Password",
  submit: "Sign in",
  wrong: "Enter a correct email address and password",
  wait: (seconds: number) =>
    `Too many failed attempts. Wait ${seconds} second${seconds === 1 ? "" : "s"} before you try again.`,
  deactivated: "Your account has been deactivated. Ask your organisation's administrator if you need access.",
  or: "Or sign in with your email address and password",
  passwordOff: "Password sign-in is switched off for this service.",
} as const;

/** The pages a refused sign-in through the identity provider lands on: what happened, and what to do. */
export const oidcRefusedContent = {
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
} as const;
