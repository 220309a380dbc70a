import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { deadlineContent } from "../content/notifications";
import { formatDate } from "../format";
import type { loadDeadlines } from "../services/deadlines.server";
import { ErrorSummary } from "./error-summary";
import { Button, Form, Select, TextInput } from "./form";
import { NotificationBanner } from "./notification-banner";
import { Table } from "./table";

/** The deadlines page, national or regional: what is set, and a form to set one cycle's (JavaScript optional). */
export function DeadlinesPage({ title, intro }: { title: string; intro: string }) {
  const page = useLoaderData<Awaited<ReturnType<typeof loadDeadlines>>>();
  const outcome = useActionData<{ errors?: Record<string, string>; values?: Record<string, string> }>();
  const saved = useSearchParams()[0].get("saved") === "1" && !outcome;
  const values = outcome?.values ?? {};
  const regional = page.cycles.flatMap((c) =>
    c.regional.map((r) => [c.cycle, r.region, formatDate(r.dueOn)]),
  );
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={outcome?.errors} />
        {saved ? <NotificationBanner success heading={deadlineContent.saved} /> : null}
        <h1>{title}</h1>
        <p>{intro}</p>
        <Table
          caption="National deadlines"
          columns={["Cycle", "National deadline"]}
          rows={page.cycles.map((c) => [c.cycle, c.national ? formatDate(c.national) : "Not set"])}
        />
        {regional.length > 0 ? (
          <Table caption="Regional deadlines" columns={["Cycle", "Region", "Deadline"]} rows={regional} />
        ) : null}
        <h2>Set a deadline</h2>
        <Form method="post">
          <Select
            name="cycle"
            label="Cycle"
            value={values.cycle ?? page.cycles[0]?.cycle}
            options={page.cycles.map((c) => ({ value: c.cycle, label: c.cycle }))}
            error={outcome?.errors?.cycle}
          />
          <TextInput
            name="dueOn"
            type="date"
            label={deadlineContent.dueOnLabel}
            hint={deadlineContent.dueOnHint}
            className="nhsuk-input--width-10"
            value={values.dueOn}
            error={outcome?.errors?.dueOn}
          />
          <Button>Save deadline</Button>
        </Form>
      </div>
    </div>
  );
}
