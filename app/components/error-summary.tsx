import { useEffect, useRef } from "react";
import { content } from "../content";

import type { FieldErrors } from "../forms";
export type { FieldErrors };

/** The NHS error summary: focused on render, each message linked to its field. */
export function ErrorSummary({ errors }: { errors: FieldErrors | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
  });
  if (entries.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" data-module="nhsuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__title">{content.errors.summaryTitle}</h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {entries.map(([field, message]) => (
              <li key={field}>
                <a href={`#${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
