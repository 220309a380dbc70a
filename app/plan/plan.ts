import { z } from "zod";
import { planLimits } from "../limits";

/**
 * The improvement plan as data, and its rules: pure (no database, no clock: "today" is passed in). The
 * scoring core knows nothing of plans; a plan reads the levels a report worked out.
 */
export const planStatuses = ["draft", "submitted", "approved", "returned"] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const actionStatuses = ["not-started", "in-progress", "done", "dropped"] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const actionStatusLabels: Record<ActionStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  done: "Done",
  dropped: "Dropped",
};

export const planStatusLabels: Record<PlanStatus, string> = {
  draft: "Draft",
  submitted: "With the board",
  approved: "Approved by the board",
  returned: "Returned by the board",
};

/** Whether a target was met: null when there was no target; a theme with no level has not met one. */
export function targetMet(target: number | null, achieved: number | null): boolean | null {
  if (target === null) return null;
  if (achieved === null) return false;
  return achieved >= target;
}

/** Levels still to climb to the target (0 once met), or null without a target. */
export function gapTo(target: number | null, current: number | null): number | null {
  if (target === null) return null;
  return Math.max(0, target - (current ?? 0));
}

/** An action past its due date and neither done nor dropped. `today` is YYYY-MM-DD. */
export const isOverdue = (action: { due: string; status: ActionStatus }, today: string) =>
  action.due < today && action.status !== "done" && action.status !== "dropped";

export interface PlanAction {
  id: number;
  themeId: string;
  title: string;
  /** Who owns it, as shown: a person's name or a named role. */
  owner: string;
  ownerPersonId: number | null;
  due: string;
  status: ActionStatus;
  questionIds: string[];
  revision: number;
  changedRevision: number;
}

export interface PlanTarget {
  themeId: string;
  target: number | null;
  reason: string;
  changedRevision: number;
}

/** A plan as frozen in a version (what the board approved) and as the report's JSON gives it. */
export interface PlanSnapshot {
  targets: { themeId: string; target: number | null; reason: string }[];
  actions: { themeId: string; title: string; owner: string; due: string; status: ActionStatus }[];
}

export const snapshotOf = (targets: PlanTarget[], actions: PlanAction[]): PlanSnapshot => ({
  targets: targets.map(({ themeId, target, reason }) => ({ themeId, target, reason })),
  actions: actions.map(({ themeId, title, owner, due, status }) => ({ themeId, title, owner, due, status })),
});

/**
 * The report JSON's `plan` (issue 22's contract): per theme of the questionnaire, its target and actions.
 */
export function planDownload(
  plan: { status: PlanStatus; version: number; approvedAt: string | null },
  themeIds: readonly string[],
  targets: readonly { themeId: string; target: number | null }[],
  actions: readonly { themeId: string; title: string; owner: string; due: string; status: ActionStatus }[],
) {
  return {
    status: plan.status,
    version: plan.version,
    approvedAt: plan.approvedAt,
    themes: themeIds.map((id) => ({
      id,
      target: targets.find((t) => t.themeId === id)?.target ?? null,
      actions: actions
        .filter((a) => a.themeId === id)
        .map(({ title, owner, due, status }) => ({ title, owner, due, status })),
    })),
  };
}

/** What changed in a plan after the revision someone opened it at: the board's "changed since you opened it". */
export function changedSince(
  revision: number,
  targets: readonly PlanTarget[],
  actions: readonly PlanAction[],
): { targets: PlanTarget[]; actions: PlanAction[] } {
  return {
    targets: targets.filter((t) => t.changedRevision > revision),
    actions: actions.filter((a) => a.changedRevision > revision),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Forms: the server's schemas (authoritative), one per form.

/** A real calendar date written YYYY-MM-DD. */
export const isoDate = z
  .string()
  .trim()
  .min(1, "Enter a due date")
  .refine((value) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === value;
  }, "Due date must be a real date, like 2027-03-31");

const reason = z
  .string()
  .trim()
  .max(planLimits.reasonChars, `Reason must be ${planLimits.reasonChars} characters or fewer`)
  .default("");

/** The targets form: `target-<theme>` ("" for none, or 1–5) and `reason-<theme>` per theme. */
export function targetsSchema(themeIds: readonly string[]) {
  return z.strictObject(
    Object.fromEntries(
      themeIds.flatMap((id) => [
        [
          `target-${id}`,
          z
            .string()
            .trim()
            .default("")
            .refine((v) => v === "" || /^[1-5]$/.test(v), "Target must be a level from 1 to 5, or no target")
            .transform((v) => (v === "" ? null : Number(v))),
        ],
        [`reason-${id}`, reason],
      ]),
    ),
  );
}

const title = z
  .string()
  .trim()
  .min(1, "Enter what the action is")
  .max(planLimits.titleChars, `Title must be ${planLimits.titleChars} characters or fewer`);

/**
 * The lead's action form. The owner is `person:<id>` (checked against the organisation's people by the
 * service) or `role`, with the role's name in `ownerRole`.
 */
export function actionSchema(themeIds: readonly string[], questionIds: readonly string[]) {
  return z
    .strictObject({
      themeId: z.enum(themeIds as [string, ...string[]], { error: "Choose the theme the action is for" }),
      title,
      owner: z
        .string()
        .regex(/^(person:[1-9][0-9]{0,14}|role)$/, "Choose who owns the action")
        .optional()
        .refine((v) => v !== undefined, "Choose who owns the action"),
      ownerRole: z
        .string()
        .trim()
        .max(planLimits.ownerRoleChars, `Role must be ${planLimits.ownerRoleChars} characters or fewer`)
        .default(""),
      due: isoDate,
      status: z.enum(actionStatuses, { error: "Choose the action's status" }).default("not-started"),
      questionIds: z
        .union([z.string(), z.array(z.string())])
        .default([])
        .transform((v) => [v].flat())
        .refine(
          (ids) => ids.every((id) => questionIds.includes(id)),
          "Choose questions of this questionnaire",
        ),
      revision: z
        .string()
        .regex(/^[0-9]{1,9}$/)
        .transform(Number)
        .default(0),
      fromStep: z.string().max(10).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.owner === "role" && v.ownerRole === "")
        ctx.addIssue({ code: "custom", path: ["ownerRole"], message: "Enter the role that owns the action" });
    })
    .transform(({ owner, ownerRole, fromStep: _fromStep, ...rest }) => ({
      ...rest,
      owner:
        owner === "role"
          ? ({ role: ownerRole } as const)
          : ({ personId: Number(owner!.slice("person:".length)) } as const),
    }));
}

/** What an action's owner who is not the lead may change: its status, and a dated progress note. */
export const progressSchema = z.strictObject({
  status: z.enum(actionStatuses, { error: "Choose the action's status" }),
  note: z
    .string()
    .trim()
    .max(planLimits.noteChars, `Note must be ${planLimits.noteChars} characters or fewer`)
    .default(""),
  revision: z
    .string()
    .regex(/^[0-9]{1,9}$/, "Reload the page and try again")
    .transform(Number),
});

export const decisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.strictObject({
      decision: z.literal("approve"),
      signedName: z
        .string()
        .trim()
        .min(1, "Enter the name you sign with")
        .max(200, "Name must be 200 characters or fewer"),
      comment: z.string().trim().max(planLimits.commentChars).default(""),
      openedRevision: z
        .string()
        .regex(/^[0-9]{1,9}$/)
        .transform(Number),
    }),
    z.strictObject({
      decision: z.literal("return"),
      signedName: z.string().max(200).optional(),
      comment: z
        .string()
        .trim()
        .min(1, "Say what needs to change before the board can approve the plan")
        .max(planLimits.commentChars, `Comment must be ${planLimits.commentChars} characters or fewer`),
      openedRevision: z
        .string()
        .regex(/^[0-9]{1,9}$/)
        .transform(Number),
    }),
  ],
  { error: "Choose whether to approve or return the plan" },
);

/** Last cycle's plan as this cycle's report checks it: what the report keeps, fixed when it is saved. */
export interface PreviousPlan {
  cycle: string;
  version: number;
  status: PlanStatus;
  actions: { themeId: string; title: string; owner: string; due: string; status: ActionStatus }[];
}

/**
 * Next year's check: each theme's target from last cycle's plan against the level this report achieved.
 * Themes are matched on their stable ids, so a check across questionnaire versions still lines up (the
 * report says beside the figure that the questions changed).
 */
export function checkTargets<T extends { id: string; level: number | null }>(
  themes: readonly T[],
  previous: { cycle: string; version: number; status: PlanStatus; snapshot: PlanSnapshot } | null,
): {
  themes: (T & { previousTarget: number | null; targetMet: boolean | null })[];
  previousPlan: PreviousPlan | null;
} {
  return {
    themes: themes.map((t) => {
      const target = previous?.snapshot.targets.find((x) => x.themeId === t.id)?.target ?? null;
      return { ...t, previousTarget: target, targetMet: targetMet(target, t.level) };
    }),
    previousPlan: previous
      ? {
          cycle: previous.cycle,
          version: previous.version,
          status: previous.status,
          actions: previous.snapshot.actions,
        }
      : null,
  };
}
