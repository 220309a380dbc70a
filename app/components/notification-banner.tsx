import { type ReactNode, useEffect, useId, useRef } from "react";

/**
 * The design system's notification banner: "Important" news in the page (a return, a query), or
 * "Success" after an action (role=alert, so it is announced when it appears).
 */
export function NotificationBanner({
  heading,
  children,
  success = false,
  title,
}: {
  heading: ReactNode;
  children?: ReactNode;
  success?: boolean;
  /** The banner's header; "Success" or "Important" unless given. */
  title?: string;
}) {
  const titleId = `${useId()}-title`;
  const banner = useRef<HTMLDivElement>(null);
  // A success banner takes focus when it appears, as the design system's script does on a full page load,
  // so after a post answered in place (JavaScript) the person is told, not left at the form.
  useEffect(() => {
    if (success) banner.current?.focus();
  }, [success]);
  const inner = (
    <>
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id={titleId}>
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <h3 className="nhsuk-notification-banner__heading">{heading}</h3>
        {children}
      </div>
    </>
  );
  return success ? (
    <div
      className="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="alert"
      aria-labelledby={titleId}
      data-module="nhsuk-notification-banner"
      tabIndex={-1}
      ref={banner}
    >
      {inner}
    </div>
  ) : (
    // A section with a name is a region, as the design system's banner is.
    <section
      className="nhsuk-notification-banner"
      aria-labelledby={titleId}
      data-module="nhsuk-notification-banner"
    >
      {inner}
    </section>
  );
}

/**
 * The design system's confirmation panel, for the end of a journey (submitted, signed off). Its heading is
 * the page's h1: a page that shows it shows its own title as a paragraph (one h1 a page).
 */
export function ConfirmationPanel({ heading, children }: { heading: ReactNode; children?: ReactNode }) {
  return (
    <div className="nhsuk-panel">
      <h1 className="nhsuk-panel__heading">{heading}</h1>
      {children ? <div className="nhsuk-panel__body">{children}</div> : null}
    </div>
  );
}
