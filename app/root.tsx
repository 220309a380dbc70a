import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
} from "@remix-run/react";
import { useEffect } from "react";
import { getViewer } from "./auth/guard.server";
import { config } from "./config.server";
import { Layout } from "./components/layout";
import { useNonce } from "./components/nonce";
import { FormErrorsProvider, PageMeta } from "./components/page-title";
import { content, pageTitle } from "./content";
import { navigationFor } from "./domain/navigation";
import { type RootData, useRootData } from "./root-data";
import styles from "./styles/app.scss?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs): Promise<RootData> {
  const viewer = await getViewer(request);
  return {
    viewerName: viewer?.name ?? null,
    navigation: viewer ? navigationFor(viewer.grants) : [],
    csrfToken: viewer?.csrfToken ?? null,
    passwordLink: Boolean(viewer) && config().PASSWORD_SIGN_IN,
  };
}

function Document({ children, title }: { children: React.ReactNode; title?: string }) {
  const nonce = useNonce();
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run on every navigation, which pathname marks
  useEffect(() => {
    // nhsuk-frontend only initialises where the browser can run it; run it again after each navigation.
    document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
    // Only the design system's components whose behaviour these pages need (the live character count,
    // checkboxes that reveal a reason or exclude the others, the scroll shadows of wide tables), to keep
    // page weight down. The header's menu only matters with more navigation items than we have.
    void import("nhsuk-frontend").then(({ createAll, CharacterCount, Checkboxes, Scroll }) => {
      createAll(CharacterCount);
      createAll(Checkboxes);
      createAll(Scroll);
    });
  }, [pathname]);
  return (
    <FormErrorsProvider>
      <html lang="en-GB">
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <PageMeta title={title} />
          <Links />
        </head>
        <body>
          {children}
          <ScrollRestoration nonce={nonce} />
          <Scripts nonce={nonce} />
        </body>
      </html>
    </FormErrorsProvider>
  );
}

export default function App() {
  const data = useRootData();
  return (
    <Document>
      <Layout
        viewerName={data?.viewerName ?? null}
        navigation={data?.navigation ?? []}
        passwordLink={data?.passwordLink ?? false}
      >
        <Outlet />
      </Layout>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 400 || status === 403 || status === 404 || status === 409 || status === 413 || status === 503
      ? content.errors[status]
      : content.errors[500];
  return (
    <Document title={pageTitle(message.title)}>
      <Layout
        viewerName={data?.viewerName ?? null}
        navigation={data?.navigation ?? []}
        passwordLink={data?.passwordLink ?? false}
      >
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h1>{message.title}</h1>
            <p>{message.body}</p>
            {isRouteErrorResponse(error) &&
            status !== 404 &&
            status < 500 &&
            typeof error.data === "string" ? (
              <p>{error.data}</p>
            ) : null}
            <p>
              <a href="/">Go to the start page</a>
            </p>
          </div>
        </div>
      </Layout>
    </Document>
  );
}
