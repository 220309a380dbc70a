import type { Questionnaire } from "./schema";

/**
 * Which questions of `current` mean what a question of `source` asked, following lineage through every
 * version in between: current question id → source question id. Lineage `same` and `equivalent` (reworded,
 * same meaning) carry; a question whose lineage says reworded, changed or new at any step is left out, so its
 * answer starts empty. `versions` holds every version from source to
 * current (any order); a missing version in between means nothing can be carried.
 */
export function unchangedQuestions(
  current: Questionnaire,
  source: Questionnaire,
  versions: readonly Questionnaire[],
): Map<string, string> {
  const ids = (q: Questionnaire) => q.themes.flatMap((t) => t.questions);
  // Start at the current version: every question maps to itself.
  let mapping = new Map(ids(current).map((q) => [q.id, q.id]));
  let at = current;
  while (at.version > source.version) {
    if (at.previousVersion === undefined) return new Map();
    const previous = versions.find((v) => v.id === at.id && v.version === at.previousVersion);
    if (!previous) return new Map();
    const before = new Set(ids(previous).map((q) => q.id));
    const step = new Map<string, string>();
    for (const q of ids(at)) {
      if (!carries(q.lineage?.change)) continue;
      const from = q.lineage?.from ?? q.id;
      if (before.has(from)) step.set(q.id, from);
    }
    const next = new Map<string, string>();
    for (const [currentId, atId] of mapping) {
      const from = step.get(atId);
      if (from) next.set(currentId, from);
    }
    mapping = next;
    at = previous;
  }
  return at.version === source.version ? mapping : new Map();
}

/** Whether an answer to the previous version's question is still a true answer to this one. */
export function carries(change: string | undefined): boolean {
  return change === "same" || change === "equivalent";
}

/**
 * Questions of `current` that `source` did not ask in any wording: their lineage says new at some version in
 * between (or the chain of versions is broken). A question new in v3 is still new to a v1 answer when v4
 * rewords it, so the start page can say why its answer starts empty. `versions` as for unchangedQuestions.
 */
export function questionsNewSince(
  current: Questionnaire,
  source: Questionnaire,
  versions: readonly Questionnaire[],
): Set<string> {
  const ids = (q: Questionnaire) => q.themes.flatMap((t) => t.questions);
  const added = new Set<string>();
  for (const question of ids(current)) {
    let id: string | undefined = question.id;
    let at = current;
    while (id !== undefined && at.version > source.version) {
      const here = ids(at).find((q) => q.id === id);
      const previous = versions.find((v) => v.id === at.id && v.version === at.previousVersion);
      if (!here || here.lineage?.change === "new" || !previous) id = undefined;
      else {
        id = here.lineage?.from ?? here.id;
        at = previous;
      }
    }
    if (id === undefined || at.version !== source.version || !ids(source).some((q) => q.id === id))
      added.add(question.id);
  }
  return added;
}
