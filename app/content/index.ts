/**
 * UI copy that is not questionnaire content: the words every page can need (service name, titles, error
 * pages). The copy of one area sits beside this file (sign-in.ts, account.ts, accessibility.ts), so a page
 * loads only the words it shows.
 */
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
  /** Said wherever a change is refused because the assessment is no longer open. */
  assessmentClosed: "This assessment has been submitted, so its answers cannot change.",
  /** A report that the board returned, until the assessment is submitted again. */
  reportReplacedLater: "It will be replaced when the assessment is submitted again.",
  /** The scoring method's page (in the service, and named by the board pack). */
  howScoresAreWorkedOut: "How scores are worked out",
  emailFormat: "Enter an email address in the correct format, like name@example.nhs.uk",
  nameLength: "Name must be 200 characters or fewer",
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
} as const;
