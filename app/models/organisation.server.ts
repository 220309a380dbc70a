import { type Db, likeIgnoringCase } from "../../db/database";
import type { CareSetting } from "../domain/organisation";
import { recordAuditEvent } from "./audit.server";

const summaryColumns = ["ods_code", "name", "care_setting", "region_code", "icb_code", "status"] as const;

export async function getOrganisation(db: Db, odsCode: string) {
  return db
    .selectFrom("organisation")
    .select(summaryColumns)
    .where("ods_code", "=", odsCode)
    .executeTakeFirst();
}

export async function listOrganisations(
  db: Db,
  filter: { regionCode?: string; careSetting?: string; search?: string; codes?: string[] } = {},
) {
  let query = db.selectFrom("organisation").select(summaryColumns).orderBy("name");
  if (filter.regionCode) query = query.where("region_code", "=", filter.regionCode);
  if (filter.careSetting) query = query.where("care_setting", "=", filter.careSetting);
  if (filter.codes) query = query.where("ods_code", "in", filter.codes.length > 0 ? filter.codes : [""]);
  if (filter.search) {
    const term = `%${filter.search.replace(/[%_\\]/g, "")}%`;
    const like = likeIgnoringCase(db);
    query = query.where((eb) => eb.or([eb("name", like, term), eb("ods_code", like, term)]));
  }
  return query.execute();
}

/**
 * Open organisations whose care setting is not set ("other", as every trust is straight after an ODS
 * import): until it is, they are offered no questionnaire written for a care setting.
 */
export async function organisationsNeedingCareSetting(db: Db) {
  return db
    .selectFrom("organisation")
    .select(["ods_code", "name"])
    .where("care_setting", "=", "other")
    .where("status", "=", "active")
    .orderBy("name")
    .execute();
}

export async function listOrganisationPeople(db: Db, odsCode: string) {
  return db
    .selectFrom("role_assignment")
    .innerJoin("person", "person.id", "role_assignment.person_id")
    .select(["person.name", "person.email", "role_assignment.role"])
    .where("role_assignment.organisation_code", "=", odsCode)
    .orderBy("person.name")
    .execute();
}

export async function setCareSetting(
  db: Db,
  odsCode: string,
  careSetting: CareSetting,
  actor: { personId: number; address: string | null },
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("organisation")
      .select("care_setting")
      .where("ods_code", "=", odsCode)
      .executeTakeFirst();
    if (!before) return false;
    if (before.care_setting === careSetting) return true;
    await trx
      .updateTable("organisation")
      .set({ care_setting: careSetting, updated_at: now.toISOString() })
      .where("ods_code", "=", odsCode)
      .execute();
    await recordAuditEvent(
      trx,
      {
        action: "organisation.care-setting-changed",
        personId: actor.personId,
        subject: odsCode,
        details: { from: before.care_setting, to: careSetting },
        address: actor.address,
      },
      now,
    );
    return true;
  });
}
