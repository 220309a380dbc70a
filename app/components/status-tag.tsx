const tags: Record<string, { text: string; colour: string }> = {
  "in-progress": { text: "In progress", colour: "blue" },
  submitted: { text: "Submitted", colour: "purple" },
  "signed-off": { text: "Signed off", colour: "green" },
  "not-started": { text: "Not started", colour: "grey" },
  completed: { text: "Completed", colour: "green" },
  validated: { text: "Validated", colour: "green" },
  queried: { text: "Queried", colour: "orange" },
};

/** An NHS tag for an assessment's or a theme's status. */
export function StatusTag({ status }: { status: string }) {
  const tag = tags[status] ?? { text: status, colour: "grey" };
  return <strong className={`nhsuk-tag nhsuk-tag--${tag.colour}`}>{tag.text}</strong>;
}
