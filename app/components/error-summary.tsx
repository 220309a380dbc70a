import { type MouseEvent, type ReactNode, useEffect, useRef } from "react";
import { content } from "../content";
import { useReportFormErrors } from "./page-title";

import type { FieldErrors } from "../forms";
export type { FieldErrors };

/** The label or legend a field is known by: the design system scrolls it into view with the field. */
function labelOf(input: HTMLElement): HTMLElement | null {
  const fieldset = input.closest("fieldset");
  const legend = fieldset?.querySelector("legend");
  if (legend && input instanceof HTMLInputElement && (input.type === "radio" || input.type === "checkbox"))
    return legend;
  return document.querySelector<HTMLElement>(`label[for="${CSS.escape(input.id)}"]`) ?? legend ?? null;
}

/** Makes a field reachable: opens every `<details>` around it and any revealed part it sits in. */
function reveal(input: HTMLElement) {
  for (
    let details = input.closest("details");
    details;
    details = details.parentElement?.closest("details") ?? null
  )
    details.open = true;
}

/**
 * The NHS error summary, with the design system's behaviour: focused when it appears (once per response,
 * not on every render, so typing into a field is never interrupted), and each link moves focus to its
 * field, scrolling its label or legend into view and opening the `<details>` it may be hidden in, without
 * a navigation (which would clear the page's errors). Without JavaScript the links are plain fragment links.
 *
 * `errors` maps field ids to messages. `focusKey` says when the summary is new: by default the errors
 * object itself, which Remix replaces on each response.
 */
export function ErrorSummary({
  errors,
  focusKey = errors,
  description,
}: {
  errors: FieldErrors | undefined;
  focusKey?: unknown;
  description?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  const shown = entries.length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus only when a new set of errors arrives
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [focusKey]);
  // The page's title starts "Error: " while the summary is shown (page-title.tsx).
  const report = useReportFormErrors();
  useEffect(() => {
    if (!shown) return;
    report(true);
    return () => report(false);
  }, [shown, report]);
  if (!shown) return null;
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    const id = decodeURIComponent(event.currentTarget.hash.slice(1));
    const input = id ? document.getElementById(id) : null;
    if (!input) return;
    event.preventDefault();
    reveal(input);
    (labelOf(input) ?? input).scrollIntoView();
    input.focus({ preventScroll: true });
  };
  return (
    <div className="nhsuk-error-summary" data-module="nhsuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__title">{content.errors.summaryTitle}</h2>
        <div className="nhsuk-error-summary__body">
          {description ? <p>{description}</p> : null}
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {entries.map(([field, message]) => (
              <li key={field}>
                <a href={`#${field}`} onClick={follow}>
                  {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
