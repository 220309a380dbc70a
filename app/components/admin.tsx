import type { ReactNode } from "react";

/** The design system's warning callout (a warning card in nhsuk-frontend 10). */
export function WarningCallout({
  heading,
  children,
  id,
  level = 2,
}: {
  heading: string;
  children: ReactNode;
  id?: string;
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="nhsuk-card nhsuk-card--warning" id={id}>
      <div className="nhsuk-card__content">
        <Heading className="nhsuk-card__heading">{heading}</Heading>
        {children}
      </div>
    </div>
  );
}
