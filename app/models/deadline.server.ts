import type { Db } from "../../db/database";
import { type Deadline, effectiveDeadline } from "../notifications/reminders";
import { type Actor, recordAuditEvent } from "./audit.server";

/**
 * Deadlines of assessment cycles (issue 24): one national per cycle, set by administrators, and one per region
 * that a regional analyst may set earlier. An organisation works to the earlier of its region's and the nation's.
 */

export const nationalScope = "national";

/** Every deadline of a cycle: the national one and each region's. */
export async function cycleDeadlines(db: Db, cycle: string) {
  const rows = await db
    .selectFrom("cycle_deadline")
    .select(["scope", "due_on"])
    .where("cycle", "=", cycle)
    .execute();
  return {
    national: rows.find((r) => r.scope === nationalScope)?.due_on ?? null,
    regional: new Map(rows.filter((r) => r.scope !== nationalScope).map((r) => [r.scope, r.due_on])),
  };
}

/** Every deadline set, by cycle: what the reminder sweep works from. */
export async function allDeadlines(db: Db) {
  const rows = await db.selectFrom("cycle_deadline").select(["cycle", "scope", "due_on"]).execute();
  const byCycle = new Map<string, { national: string | null; regional: Map<string, string> }>();
  for (const r of rows) {
    const cycle = byCycle.get(r.cycle) ?? { national: null, regional: new Map<string, string>() };
    byCycle.set(r.cycle, cycle);
    if (r.scope === nationalScope) cycle.national = r.due_on;
    else cycle.regional.set(r.scope, r.due_on);
  }
  return byCycle;
}

/** The deadline one organisation works to in a cycle, or null when none is set. */
export async function organisationDeadline(
  db: Db,
  cycle: string,
  regionCode: string | null,
): Promise<Deadline | null> {
  const { national, regional } = await cycleDeadlines(db, cycle);
  return effectiveDeadline(national, regionCode ? regional.get(regionCode) : null, regionCode);
}

/** Sets (or, with null, clears) the national deadline of a cycle or a region's earlier one. */
export async function setDeadline(
  db: Db,
  deadline: { cycle: string; scope: string; dueOn: string | null },
  actor: Actor,
  now = new Date(),
) {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    if (deadline.dueOn === null) {
      await trx
        .deleteFrom("cycle_deadline")
        .where("cycle", "=", deadline.cycle)
        .where("scope", "=", deadline.scope)
        .execute();
    } else {
      await trx
        .insertInto("cycle_deadline")
        .values({
          cycle: deadline.cycle,
          scope: deadline.scope,
          due_on: deadline.dueOn,
          set_by: actor.personId,
          set_at: at,
        })
        .onConflict((oc) =>
          oc
            .columns(["cycle", "scope"])
            .doUpdateSet({ due_on: deadline.dueOn as string, set_by: actor.personId, set_at: at }),
        )
        .execute();
    }
    await recordAuditEvent(
      trx,
      {
        action: "deadline.set",
        personId: actor.personId,
        subject: `cycle ${deadline.cycle} ${deadline.scope}`,
        details: { dueOn: deadline.dueOn },
        address: actor.address,
      },
      now,
    );
  });
}
