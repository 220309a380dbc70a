import type { SerializeFrom } from "@remix-run/node";
import { useMatches } from "@remix-run/react";
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import { pageTitle } from "../content";

/**
 * Page titles, through Remix's public API only (issue 27: no `UNSAFE_` internals). Each route exports
 * `handle = titled((data) => …)`: its title from its loader's data. `PageMeta` reads the deepest route's
 * handle with `useMatches()`, and starts the title "Error: " while the page shows an error summary (the
 * design system's rule).
 *
 * Whether it does is known before anything renders: on the server from the response's status (a form
 * answered 400, 409, 413 or 422: entry.server), in the browser at first from the title the server sent
 * (entry.client), so the two render the same; after that, from the error summary itself, which says when
 * it appears and when it goes (JavaScript's form posts, and navigation away).
 */
export interface TitleHandle {
  title: (data: unknown) => string;
}

export const titled = <Loader = never>(
  title: (data: SerializeFrom<Loader> | undefined) => string,
): TitleHandle => ({ title: title as (data: unknown) => string });

/** The status of a response that shows a form's errors. */
export const showsFormErrors = (status: number) =>
  status === 400 || status === 409 || status === 413 || status === 422;

export const errorTitlePrefix = "Error: ";

/** Whether the first render shows an error summary: set by entry.server and entry.client. */
export const InitialFormErrors = createContext(false);

const FormErrors = createContext<{ shown: boolean; report: (shown: boolean) => void }>({
  shown: false,
  report: () => {},
});

/** Holds whether the page shows an error summary, for `PageMeta` above it and `useReportFormErrors` below. */
export function FormErrorsProvider({ children }: { children: ReactNode }) {
  const [shown, report] = useState(useContext(InitialFormErrors));
  const value = useMemo(() => ({ shown, report }), [shown]);
  return <FormErrors.Provider value={value}>{children}</FormErrors.Provider>;
}

/** The error summary's report: it calls this in an effect when it appears, and its cleanup when it goes. */
export const useReportFormErrors = () => useContext(FormErrors).report;

/** The page's `<title>`. Error pages pass their own; every other page's comes from its route's handle. */
export function PageMeta({ title: fixed }: { title?: string }) {
  const { shown } = useContext(FormErrors);
  const matches = useMatches();
  if (fixed) return <title>{fixed}</title>;
  const route = [...matches].reverse().find((m) => isTitleHandle(m.handle));
  const title = route ? (route.handle as TitleHandle).title(route.data) : pageTitle(undefined);
  return <title>{shown ? `${errorTitlePrefix}${title}` : title}</title>;
}

const isTitleHandle = (handle: unknown): handle is TitleHandle =>
  typeof handle === "object" && handle !== null && typeof (handle as TitleHandle).title === "function";
