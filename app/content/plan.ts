/**
 * The improvement plan's words (issue 22): the plan pages, the report page, the regional view and the board
 * pack's plan page all say these, so each is written once.
 */
export const planContent = {
  title: "Improvement plan",
  targets: "Targets for the next cycle",
  setTargets: "Set targets",
  actions: "Actions",
  addAction: "Add an action",
  startFromStep: "Start an action from this step",
  history: "Versions",
  toBoard: "Send the plan to the board",
  review: "Approve or return the plan",
  overdue: "Overdue",
  noPlan: "No improvement plan has been made from this report yet.",
  startPlan: "Start an improvement plan",
  noTarget: "No target",
  nextYearsCheck: "Last cycle's targets",
  nextYearsCheckIntro: (cycle: string) =>
    `The targets the plan of ${cycle} set, against the levels reached this cycle.`,
  met: "Met",
  notMet: "Not met",
  lastCycleActions: "Last cycle's actions",
  changedSinceOpened: "The plan changed since you opened it",
  changedSinceOpenedBody:
    "Nothing was approved or returned. Read what changed, then decide again on the plan as it is now.",
  conflict: "Someone else changed this action",
  conflictBody:
    "Nothing was saved. Their version is shown below; what you entered is still in the form. Save again to replace theirs.",
  pdfHeading: "Improvement plan",
  pdfTargets: "Targets against current levels",
  pdfActions: "Actions by theme",
} as const;
