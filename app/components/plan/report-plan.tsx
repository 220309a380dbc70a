import { Link } from "@remix-run/react";
import { planContent } from "../../content/plan";
import { formatDate, formatScore } from "../../format";
import { actionStatusLabels, type planDownload, planStatusLabels } from "../../plan/plan";
import { changeCaveat } from "../../report/figures";
import type { Report } from "../../report/report";
import { Table } from "../table";

/**
 * Next year's check (issue 22): last cycle's targets against the levels this report reached, and the final
 * statuses of last cycle's actions. Figures fixed when the report was saved; nothing when there was no plan.
 */
export function PlanCheck({ report }: { report: Report }) {
  const previous = report.previousPlan;
  if (!previous) return null;
  const withTarget = report.themes.filter((t) => t.previousTarget != null);
  const caveat = report.previous?.cycle === previous.cycle ? changeCaveat(report) : null;
  return (
    <section id="plan-check">
      <h2>{planContent.nextYearsCheck}</h2>
      <p>
        {planContent.nextYearsCheckIntro(previous.cycle)} Version {previous.version},{" "}
        {planStatusLabels[previous.status].toLowerCase()}.
      </p>
      <Table
        caption={`Targets of ${previous.cycle} against levels reached in ${report.assessment.cycle}`}
        firstCellIsHeader
        columns={[
          "Theme",
          { header: "Target", numeric: true },
          { header: "Level reached", numeric: true },
          "Met",
        ]}
        rows={withTarget.map((t) => ({
          key: t.id,
          cells: [
            t.title,
            t.previousTarget ?? "",
            formatScore(t.level, "–"),
            t.targetMet ? planContent.met : planContent.notMet,
          ],
        }))}
      />
      {caveat ? <p className="nhsuk-body-s app-caveat">{caveat}</p> : null}
      {previous.actions.length > 0 ? (
        <Table
          caption={planContent.lastCycleActions}
          columns={["Theme", "Action", "Owner", "Due", "Final status"]}
          rows={previous.actions.map((a, i) => ({
            key: String(i),
            cells: [
              report.themes.find((t) => t.id === a.themeId)?.title ?? a.themeId,
              a.title,
              a.owner,
              formatDate(a.due),
              actionStatusLabels[a.status],
            ],
          }))}
        />
      ) : null}
    </section>
  );
}

/** The plan made from this report, as it stands now, with a link to it. */
export function PlanSummary({
  plan,
  assessmentId,
}: {
  plan: ReturnType<typeof planDownload> | null;
  assessmentId: number;
}) {
  const targets = plan?.themes.filter((t) => t.target !== null).length ?? 0;
  const actions = plan?.themes.reduce((n, t) => n + t.actions.length, 0) ?? 0;
  return (
    <section id="plan">
      <h2>{planContent.title}</h2>
      {plan ? (
        <p>
          <strong className="nhsuk-tag">{planStatusLabels[plan.status]}</strong> Version {plan.version}
          {plan.approvedAt ? `, approved ${formatDate(plan.approvedAt)}` : ""}. {targets} target
          {targets === 1 ? "" : "s"}, {actions} action{actions === 1 ? "" : "s"}.{" "}
          <Link to={`/assessments/${assessmentId}/plan`}>Open the improvement plan</Link>
        </p>
      ) : (
        <p>
          {planContent.noPlan} <Link to={`/assessments/${assessmentId}/plan`}>Go to the plan</Link>
        </p>
      )}
    </section>
  );
}
