import { planContent } from "../../content/plan";
import { formatDate, formatScore } from "../../format";
import { actionStatusLabels, isOverdue, planStatusLabels } from "../../plan/plan";
import type { BoardPackInput } from "./input";
import { type Cell, contentWidth, type PdfWriter, secondary } from "./writer.server";

/**
 * The plan page (issue 22): targets against current levels, then actions by theme with owner, due date and
 * status; an overdue action says so in words (bold), never by colour alone, so the page prints in greyscale.
 * Then last cycle's targets against this report's levels, when the report checked a plan.
 */
export function planPage(w: PdfWriter, input: BoardPackInput) {
  const { report, plan } = input;
  if (!plan && !report.previousPlan) return;
  w.newPage();
  w.heading(1, planContent.pdfHeading);
  if (plan) {
    w.paragraph(
      `${planStatusLabels[plan.status]}, version ${plan.version}${plan.approvedAt ? `, approved ${formatDate(plan.approvedAt)}` : ""}. As it stood when this pack was made: a plan changes after its report is saved.`,
      { size: 9.5, colour: secondary },
    );
    w.heading(2, planContent.pdfTargets, { outline: false });
    w.table(
      [
        { header: "Theme", width: contentWidth - 3 * 80 },
        { header: "Current level", width: 80, align: "right" },
        { header: "Target", width: 80, align: "right" },
        { header: "Gap", width: 80, align: "right" },
      ],
      report.themes.map((t): Cell[] => {
        const target = plan.themes.find((x) => x.id === t.id)?.target ?? null;
        return [
          { text: t.title },
          { text: formatScore(t.level, "–") },
          { text: target === null ? planContent.noTarget : String(target) },
          { text: target === null ? "–" : formatScore(Math.max(0, target - (t.level ?? 0)), "–") },
        ];
      }),
    );
    w.heading(2, planContent.pdfActions, { outline: false });
    const themes = report.themes.filter(
      (t) => (plan.themes.find((x) => x.id === t.id)?.actions.length ?? 0) > 0,
    );
    if (themes.length === 0) w.paragraph("The plan has no actions yet.", { size: 9.5 });
    for (const t of themes) {
      w.heading(3, t.title, { outline: false, keepWith: 60 });
      w.table(
        [
          { header: "Action", width: contentWidth - 110 - 80 - 95 },
          { header: "Owner", width: 110 },
          { header: "Due", width: 80 },
          { header: "Status", width: 95 },
        ],
        plan.themes
          .find((x) => x.id === t.id)!
          .actions.map((a): Cell[] => {
            const overdue = isOverdue(a, input.today);
            return [
              { text: a.title },
              { text: a.owner },
              { text: formatDate(a.due), bold: overdue },
              {
                text: `${actionStatusLabels[a.status]}${overdue ? `. ${planContent.overdue}` : ""}`,
                bold: overdue,
              },
            ];
          }),
        { size: 9 },
      );
    }
  }
  const previous = report.previousPlan;
  if (previous) {
    w.heading(2, planContent.nextYearsCheck, { outline: false });
    w.paragraph(planContent.nextYearsCheckIntro(previous.cycle), { size: 9.5 });
    w.table(
      [
        { header: "Theme", width: contentWidth - 3 * 80 },
        { header: "Target", width: 80, align: "right" },
        { header: "Level reached", width: 80, align: "right" },
        { header: "Met", width: 80 },
      ],
      report.themes
        .filter((t) => t.previousTarget != null)
        .map((t): Cell[] => [
          { text: t.title },
          { text: String(t.previousTarget) },
          { text: formatScore(t.level, "–") },
          { text: t.targetMet ? planContent.met : planContent.notMet, bold: !t.targetMet },
        ]),
    );
  }
}
