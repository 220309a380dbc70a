import { z } from "zod";
import { deadlineContent } from "../content/notifications";
import { getDb } from "../db.server";
import { cycleOf, shiftCycle } from "../domain/cycle";
import { groupingLabel } from "../domain/organisation";
import { optionalCalendarDate } from "../domain/schemas";
import { fieldErrors, formValues, textValues } from "../forms";
import { readForm } from "../forms.server";
import { cycleDeadlines, nationalScope, setDeadline } from "../models/deadline.server";
import type { Actor } from "../models/audit.server";

/**
 * Setting deadlines (issue 24), one use case for both pages: administrators set each cycle's national deadline
 * (`scope` "national"), a regional analyst their region's earlier one (`scope`: the region's code). The caller
 * has authorised the person for the scope. The cycles offered are this one and the next.
 */
export function offeredCycles(now: Date) {
  const current = cycleOf(now);
  return [current, shiftCycle(current, 1)];
}

export async function loadDeadlines(scope: string, now: Date) {
  const db = getDb();
  const cycles = await Promise.all(
    offeredCycles(now).map(async (cycle) => {
      const { national, regional } = await cycleDeadlines(db, cycle);
      return {
        cycle,
        national,
        regional:
          scope === nationalScope
            ? [...regional].map(([code, dueOn]) => ({ region: groupingLabel(code), dueOn }))
            : regional.has(scope)
              ? [{ region: groupingLabel(scope), dueOn: regional.get(scope)! }]
              : [],
      };
    }),
  );
  return { scope, cycles };
}

export async function saveDeadline(request: Request, scope: string, actor: Actor, now: Date) {
  const db = getDb();
  const posted = textValues(formValues(await readForm(request)));
  const cycles = offeredCycles(now);
  const Schema = z.strictObject({
    cycle: z.enum(cycles as [string, ...string[]], { error: "Choose a cycle" }),
    dueOn: optionalCalendarDate("Deadline").default(null),
  });
  const parsed = Schema.safeParse(posted);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values: posted };
  const { cycle, dueOn } = parsed.data;
  if (scope !== nationalScope && dueOn !== null) {
    const { national } = await cycleDeadlines(db, cycle);
    if (national && dueOn > national)
      return { errors: { dueOn: deadlineContent.notAfterNational(national) }, values: posted };
  }
  await setDeadline(db, { cycle, scope, dueOn }, actor, now);
  return null;
}
