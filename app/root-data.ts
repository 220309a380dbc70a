import { useRouteLoaderData } from "@remix-run/react";
import type { NavigationItem } from "./domain/navigation";

/**
 * What the root route's loader gives every page (app/root.tsx): declared here, apart from the route, so
 * components read it without importing the root module (which imports them).
 */
export interface RootData {
  viewerName: string | null;
  navigation: NavigationItem[];
  csrfToken: string | null;
  passwordLink: boolean;
}

export const useRootData = () => useRouteLoaderData<RootData>("root");
