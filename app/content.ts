/** UI copy that is not questionnaire content: one place to read and change the service's words. */
export const content = {
  serviceName: "Digital maturity self-assessment",
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
  },
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
    500: {
      title: "Sorry, there is a problem with the service",
      body: "Try again later. Your saved answers have not been lost.",
    },
  },
} as const;
