
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
