import type { Db } from "../../db/database";
import type { ActionStatus } from "../plan/plan";
import type { Actor } from "./audit.server";
import { addAction } from "./plan-action.server";
import { decidePlan, saveTargets, startPlan, submitPlan } from "./plan.server";
import { getSavedReport, latestReportId } from "./report.server";

/**
 * Improvement plans in the demo data (issue 22), in every state: approved plans of 2024/25 that the
 * 2025/26 reports check (some targets met, some not), ZD01's approved 2025/26 plan with overdue actions, a
 * plan the board returned, and organisations with none. Called as the demo's cycles are seeded, right after
 * the assessment's sign-off, so a later cycle's report checks the plan as a real one would.
 */
export const demoPlans: Record<string, Record<string, "approved" | "returned">> = {
  "2024/25": { ZD02: "approved", ZD03: "approved", ZD04: "approved" },
  "2025/26": { ZD01: "approved", ZD05: "returned" },
};

const roles = ["Chief Clinical Information Officer", "Head of Digital", "Senior Information Risk Owner"];
/** Statuses and due dates by position: a done, an in-progress past its date, a dropped, one not started. */
const shapes: { status: ActionStatus; dueOffsetDays: number }[] = [
  { status: "done", dueOffsetDays: 90 },
  { status: "in-progress", dueOffsetDays: 180 },
  { status: "dropped", dueOffsetDays: 120 },
  { status: "not-started", dueOffsetDays: 420 },
];

export async function seedDemoPlan(
  db: Db,
  assessment: { id: number; organisation_code: string; questionnaire_id: string; cycle: string },
  kind: "approved" | "returned",
  owners: { personId: number | null },
  actor: Actor,
  signedAt: Date,
) {
  const reportId = await latestReportId(db, assessment.id);
  const saved = reportId === null ? undefined : await getSavedReport(db, reportId);
  if (!saved || reportId === null) return;
  let at = new Date(signedAt.getTime() + 86_400_000);
  const next = () => {
    at = new Date(at.getTime() + 3_600_000);
    return at;
  };
  const { planId } = await startPlan(
    db,
    {
      assessmentId: assessment.id,
      organisationCode: assessment.organisation_code,
      questionnaireId: assessment.questionnaire_id,
      cycle: assessment.cycle,
      reportId,
    },
    actor,
    next(),
  );
  const themes = saved.report.themes;
  // Alternately a target at the level reached (likely met next cycle) and two above it (likely not).
  await saveTargets(
    db,
    planId,
    themes.map((t, i) => ({
      themeId: t.id,
      target: t.level === null ? 2 : Math.min(5, Math.max(1, Math.round(t.level)) + (i % 2 === 0 ? 0 : 2)),
      reason:
        i % 2 === 0
          ? "Hold the level reached and spread it to every site"
          : "Close the gap the board asked about",
    })),
    actor,
    next(),
  );
  let n = 0;
  for (const theme of themes.slice(0, 4)) {
    const steps = theme.nextSteps.slice(0, 2);
    for (const step of steps) {
      const shape = shapes[n % shapes.length]!;
      const question = step.questions[0];
      const owner =
        owners.personId !== null && n % 2 === 1
          ? { personId: owners.personId }
          : { role: roles[n % roles.length]! };
      await addAction(
        db,
        planId,
        {
          themeId: theme.id,
          title: question
            ? `Reach “${question.next}”: ${question.question}`.slice(0, 200)
            : `Raise ${theme.title}`,
          owner,
          due: new Date(signedAt.getTime() + shape.dueOffsetDays * 86_400_000).toISOString().slice(0, 10),
          status: shape.status,
          questionIds: step.questions.map((q) => q.questionId),
        },
        actor,
        next(),
      );
      n++;
    }
  }
  await submitPlan(db, planId, actor, next());
  const revision = (
    await db.selectFrom("plan").select("revision").where("id", "=", planId).executeTakeFirstOrThrow()
  ).revision;
  await decidePlan(
    db,
    planId,
    kind === "approved"
      ? { decision: "approve", signedName: "Demo Board Chair", comment: "Approved by the board." }
      : {
          decision: "return",
          signedName: "Demo Board Chair",
          comment: "Give every action on cyber security a named owner before we approve.",
        },
    revision,
    actor,
    next(),
  );
}
