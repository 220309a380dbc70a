/** Only paths on this site, so sign-in cannot bounce someone to another site. */
// Until the hardening issue's safeRedirectPath lands (app/redirect.ts), the one copy of the old rule.
export const safeRedirect = (to: string | undefined) =>
  to?.startsWith("/") && !to.startsWith("//") ? to : "/";
