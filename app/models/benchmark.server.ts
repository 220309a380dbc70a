import type { Db } from "../../db/database";
import { assertTransaction, lockInTransaction } from "../../db/errors";
import {
  customGroupKey,
  type GroupedOrganisation,
  membersOfSetting,
  type PeerGroup,
  standardGroups,
} from "../benchmark/groups";

export type Basis = "submitted" | "validated";

/** The organisation's standard peer groups and the custom groups (defined by regional analysts) it is in. */
export async function peerGroupsOf(db: Db, o: GroupedOrganisation): Promise<PeerGroup[]> {
  const custom = await db
    .selectFrom("peer_group_member")
    .innerJoin("peer_group", "peer_group.id", "peer_group_member.peer_group_id")
    .select(["peer_group.id", "peer_group.name"])
    .where("peer_group_member.organisation_code", "=", o.odsCode)
    .execute();
  return [...standardGroups(o), ...custom.map((g) => ({ key: customGroupKey(g.id), label: g.name }))];
}

/**
 * Recomputes the stored distributions of the given peer groups for one questionnaire and cycle, from the
 * latest report of each organisation whose assessment is submitted or signed off (and validated, for the
 * validated basis). Runs at submission, return and validation, inside their transactions: readers see the
 * old rows or the new ones, never an empty or doubled group. Two servers refreshing the same cycle take
 * turns (the lock), so the second reads the first one's committed report and neither loses the other's.
 */
export async function refreshBenchmarks(
  db: Db,
  questionnaireId: string,
  cycle: string,
  groupKeys: string[],
  now = new Date(),
) {
  await lockBenchmarks(db, questionnaireId, cycle);
  for (const basis of ["submitted", "validated"] as const) {
    for (const key of groupKeys) {
      let latest = db
        .selectFrom("report")
        .innerJoin("assessment", "assessment.id", "report.assessment_id")
        .innerJoin("organisation", "organisation.ods_code", "report.organisation_code")
        .select((eb) => eb.fn.max("report.id").as("id"))
        .where("report.questionnaire_id", "=", questionnaireId)
        .where("report.cycle", "=", cycle)
        .where("assessment.status", "in", ["submitted", "signed-off"])
        .groupBy("report.organisation_code");
      const [kind, a, b] = key.split(":");
      // A report belongs to the care setting its assessment was answered under, not the organisation's now.
      if (kind === "setting") latest = latest.where("assessment.care_setting", "in", membersOfSetting(a!));
      else if (kind === "setting-region")
        latest = latest
          .where("assessment.care_setting", "in", membersOfSetting(a!))
          .where("organisation.region_code", "=", b!);
      else if (kind === "region") latest = latest.where("organisation.region_code", "=", a!);
      else if (kind === "icb") latest = latest.where("organisation.icb_code", "=", a!);
      else if (kind === "custom") {
        latest = latest.where("report.organisation_code", "in", (eb) =>
          eb
            .selectFrom("peer_group_member")
            .select("organisation_code")
            .where("peer_group_id", "=", Number(a)),
        );
      } else if (kind !== "all") throw new Error(`Unknown peer group ${key}`);
      if (basis === "validated") {
        latest = latest.where("assessment.id", "in", (eb) =>
          eb.selectFrom("assessment_validation").select("assessment_id").where("status", "=", "validated"),
        );
      }
      const rows = await db
        .selectFrom("report_score")
        .select(["theme_id", "score"])
        .where("report_id", "in", latest)
        .orderBy("theme_id")
        .orderBy("score")
        .execute();
      const byTheme = new Map<string, number[]>();
      for (const r of rows) {
        const list = byTheme.get(r.theme_id) ?? [];
        list.push(r.score);
        byTheme.set(r.theme_id, list);
      }
      await db
        .deleteFrom("benchmark")
        .where("questionnaire_id", "=", questionnaireId)
        .where("cycle", "=", cycle)
        .where("basis", "=", basis)
        .where("group_key", "=", key)
        .execute();
      if (byTheme.size === 0) continue;
      await db
        .insertInto("benchmark")
        .values(
          [...byTheme].map(([themeId, scores]) => ({
            questionnaire_id: questionnaireId,
            cycle,
            basis,
            group_key: key,
            theme_id: themeId,
            n: scores.length,
            scores: JSON.stringify(scores),
            updated_at: now.toISOString(),
          })),
        )
        .execute();
    }
  }
}

/** One refresh of a questionnaire's cycle at a time, until the refreshing transaction ends. */
function lockBenchmarks(db: Db, questionnaireId: string, cycle: string) {
  assertTransaction(db, "A benchmark refresh");
  return lockInTransaction(db, `benchmark:${questionnaireId}:${cycle}`);
}

/** The stored distributions (ascending scores per theme) of several groups at once. */
export async function readBenchmarks(
  db: Db,
  questionnaireId: string,
  cycle: string,
  basis: Basis,
  groupKeys: string[],
) {
  if (groupKeys.length === 0) return new Map<string, Map<string, number[]>>();
  const rows = await db
    .selectFrom("benchmark")
    .select(["group_key", "theme_id", "scores"])
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "=", cycle)
    .where("basis", "=", basis)
    .where("group_key", "in", groupKeys)
    .execute();
  const groups = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const themes = groups.get(r.group_key) ?? new Map<string, number[]>();
    themes.set(r.theme_id, JSON.parse(r.scores) as number[]);
    groups.set(r.group_key, themes);
  }
  return groups;
}

/** After any change to an organisation's submitted scores: refresh every group it belongs to. */
export async function refreshForOrganisation(
  db: Db,
  organisationCode: string,
  questionnaireId: string,
  cycle: string,
  now = new Date(),
) {
  await lockBenchmarks(db, questionnaireId, cycle);
  await refreshOrganisationScore(db, organisationCode, questionnaireId, cycle);
  const o = await db
    .selectFrom("organisation")
    .select(["ods_code", "care_setting", "region_code", "icb_code"])
    .where("ods_code", "=", organisationCode)
    .executeTakeFirstOrThrow();
  // The cycle's assessment keeps the care setting it was answered under.
  const answeredAs = await db
    .selectFrom("assessment")
    .select("care_setting")
    .where("organisation_code", "=", organisationCode)
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "=", cycle)
    .executeTakeFirst();
  const groups = await peerGroupsOf(db, {
    odsCode: o.ods_code,
    careSetting: answeredAs?.care_setting ?? o.care_setting,
    regionCode: o.region_code,
    icbCode: o.icb_code,
  });
  await refreshBenchmarks(
    db,
    questionnaireId,
    cycle,
    groups.map((g) => g.key),
    now,
  );
}

/** The organisation's row in organisation_score: its latest submitted report's scores, or none. */
export async function refreshOrganisationScore(
  db: Db,
  organisationCode: string,
  questionnaireId: string,
  cycle: string,
) {
  await lockBenchmarks(db, questionnaireId, cycle);
  await db
    .deleteFrom("organisation_score")
    .where("questionnaire_id", "=", questionnaireId)
    .where("cycle", "=", cycle)
    .where("organisation_code", "=", organisationCode)
    .execute();
  const latest = await db
    .selectFrom("report")
    .innerJoin("assessment", "assessment.id", "report.assessment_id")
    .leftJoin("assessment_validation", "assessment_validation.assessment_id", "assessment.id")
    .select(["report.id", "assessment_validation.status as validation"])
    .where("report.organisation_code", "=", organisationCode)
    .where("report.questionnaire_id", "=", questionnaireId)
    .where("report.cycle", "=", cycle)
    .where("assessment.status", "in", ["submitted", "signed-off"])
    .orderBy("report.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest) return;
  const scores = await db
    .selectFrom("report_score")
    .select(["theme_id", "score"])
    .where("report_id", "=", latest.id)
    .execute();
  await db
    .insertInto("organisation_score")
    .values({
      questionnaire_id: questionnaireId,
      cycle,
      organisation_code: organisationCode,
      report_id: latest.id,
      validated: latest.validation === "validated" ? 1 : 0,
      scores: JSON.stringify(Object.fromEntries(scores.map((r) => [r.theme_id, r.score]))),
    })
    .execute();
}
