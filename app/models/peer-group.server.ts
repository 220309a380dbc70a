import type { Db } from "../../db/database";
import { customGroupKey } from "../benchmark/groups";
import { refreshBenchmarks } from "./benchmark.server";

export async function listPeerGroups(db: Db, regionCode: string) {
  return db
    .selectFrom("peer_group")
    .leftJoin("peer_group_member", "peer_group_member.peer_group_id", "peer_group.id")
    .select(["peer_group.id", "peer_group.name", "peer_group.created_at"])
    .select((eb) => eb.fn.count<number>("peer_group_member.organisation_code").as("members"))
    .where("peer_group.region_code", "=", regionCode)
    .groupBy(["peer_group.id", "peer_group.name", "peer_group.created_at"])
    .orderBy("peer_group.name")
    .execute();
}

/**
 * A regional analyst's named set of organisations of their region. Its benchmarks are worked out at once for
 * every questionnaire and cycle that has reports, in the same transaction.
 */
export async function createPeerGroup(
  db: Db,
  input: { name: string; regionCode: string; organisationCodes: string[] },
  personId: number,
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("peer_group")
      .values({
        name: input.name,
        region_code: input.regionCode,
        created_by: personId,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("peer_group_member")
      .values(input.organisationCodes.map((organisation_code) => ({ peer_group_id: id, organisation_code })))
      .execute();
    const sets = await trx
      .selectFrom("report")
      .select(["questionnaire_id", "cycle"])
      .distinct()
      .where("organisation_code", "in", input.organisationCodes)
      .execute();
    for (const { questionnaire_id, cycle } of sets) {
      await refreshBenchmarks(trx, questionnaire_id, cycle, [customGroupKey(id)], now);
    }
    return id;
  });
}
