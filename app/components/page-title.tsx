import { Meta, UNSAFE_RemixContext, useLocation, useMatches } from "@remix-run/react";
import { useContext } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router-dom";
import { pageTitle } from "../content";

/** True when the page answers a form post with errors (the action's data carries a non-empty `errors`). */
function useActionFailed() {
  const state = useContext(UNSAFE_DataRouterStateContext);
  return Object.values(state?.actionData ?? {}).some(
    (d) =>
      d !== null &&
      typeof d === "object" &&
      "errors" in d &&
      Object.values((d as { errors: unknown }).errors ?? {}).some(Boolean),
  );
}

/**
 * The page's `<head>` meta. Route `meta` functions give each page its title; when the page shows an error
 * summary after a post, the title starts "Error: " (the design system's rule). Remix's meta functions see
 * only loader data, so the failed case reads the leaf route's title itself and prefixes it. Error pages
 * pass their own title.
 */
export function PageMeta({ title: fixed }: { title?: string }) {
  const failed = useActionFailed();
  const remix = useContext(UNSAFE_RemixContext);
  const matches = useMatches();
  const location = useLocation();
  // An error page names its error ("Page not found – …"), whichever route it stands in for.
  if (fixed) return <title>{fixed}</title>;
  if (!failed) return <Meta />;
  let title: string | undefined;
  for (const match of [...matches].reverse()) {
    const meta = remix?.routeModules[match.id]?.meta;
    if (typeof meta !== "function") continue;
    const entries = meta({
      data: match.data,
      params: match.params,
      location,
      matches: [],
      error: undefined,
    } as never) as { title?: string }[] | undefined;
    title = entries?.find((e) => typeof e?.title === "string")?.title;
    if (title) break;
  }
  return <title>{`Error: ${title ?? pageTitle(undefined)}`}</title>;
}
