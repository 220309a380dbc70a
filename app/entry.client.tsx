import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { errorTitlePrefix, InitialFormErrors } from "./components/page-title";

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      {/* The server decided whether this page shows a form's errors; its title says so. */}
      <InitialFormErrors.Provider value={document.title.startsWith(errorTitlePrefix)}>
        <RemixBrowser />
      </InitialFormErrors.Provider>
    </StrictMode>,
  );
});
