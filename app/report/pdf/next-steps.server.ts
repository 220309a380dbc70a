import { formatNumber, formatScore } from "../../format";
import { boardPackHeadings as h } from "../../content/board-pack";
import type { ReportStep } from "../report";
import type { BoardPackInput } from "./input";
import { type PdfWriter, secondary } from "./writer.server";

/** Next steps, theme by theme, largest gain first, with who each theme is assigned to. */
export function nextSteps(w: PdfWriter, input: BoardPackInput) {
  const { report } = input;
  const themes = report.themes.filter((t) => t.nextSteps.length > 0);
  w.heading(1, h.nextSteps);
  if (themes.length === 0) {
    w.paragraph("There are no next steps: no answer below the top would raise a theme's score.");
    return;
  }
  w.paragraph(
    "For each theme, the answers whose next level would raise the theme's score, largest gain first. Answers that hold a gated theme together are one step: raising one alone gains nothing.",
    { size: 9.5 },
  );
  const shown = 3;
  for (const t of themes) {
    w.heading(2, t.title, { outline: false, keepWith: 50 });
    const owner = input.assignments.get(t.id);
    w.paragraph(
      `Score ${formatScore(t.score)}. ${owner ? `Assigned to ${owner}.` : "Not assigned to anyone."}`,
      { size: 9.5, colour: secondary },
    );
    w.list(
      t.nextSteps.slice(0, shown).map((step) => stepText(step)),
      { numbered: true, size: 9.5 },
    );
    if (t.nextSteps.length > shown)
      w.paragraph(`${t.nextSteps.length - shown} more in the online report.`, {
        size: 9,
        colour: secondary,
      });
  }
}

/** One next step in words; `advice` off for the summary, where three steps must fit with their themes. */
export function stepText(step: ReportStep, advice = true): string {
  const gain = `up to +${formatNumber(step.gain, 1)} points`;
  if (step.questions.length === 1) {
    const q = step.questions[0]!;
    return `${q.question} From ${q.current} to ${q.next}: ${gain}.${advice && q.advice ? ` ${q.advice}` : ""}`;
  }
  return `Raise these ${step.questions.length} answers together (${gain}; one alone gains nothing): ${step.questions.map((q) => `${q.question} From ${q.current} to ${q.next}.`).join(" ")}`;
}
