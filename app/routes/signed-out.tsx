import { pageTitle } from "../content";
import { Link } from "@remix-run/react";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("You have signed out"));

export default function SignedOut() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>You have signed out</h1>
        <p>
          <Link to="/sign-in">Sign in again</Link>
        </p>
      </div>
    </div>
  );
}
