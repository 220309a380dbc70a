import { seedDemoEvidence } from "./demo-evidence.server";
import type { Db } from "../../db/database";
import { hashPassword } from "../auth/password.server";
import type { CareSetting, RegionCode } from "../domain/organisation";
import type { Role } from "../domain/roles";
import { type DemoOrganisation, seedDemoAssessments } from "./demo-assessments.server";

/**
 * Clearly fictional demonstration data: organisations whose ODS codes start with "ZD" (no real
 * organisation has one) and whose names say "Demo", in every region and care setting, so that peer groups of
 * five or more exist; and one person for each role.
 */
export const demoPassword = "demo-password-2026";

const places: Record<RegionCode, string[]> = {
  Y56: ["Thamesmere", "Northgate", "Riverside", "Hollowfield", "Kingsbridge", "Eastwick", "Larkspur"],
  Y58: ["Porthaven", "Tamarind", "Combe Regis", "Wessex Vale", "Granitemoor", "Saltcombe", "Ashbury"],
  Y59: ["Downsmere", "Harbourside", "Weald Cross", "Chalkhill", "Marshfield", "Solent Bay", "Oakhurst"],
  Y60: ["Brackenford", "Trentholm", "Ironbridge Vale", "Charnwood", "Peakdale", "Foxmoor", "Elmsworth"],
  Y61: ["Fenmarsh", "Broadwater", "Saxonbury", "Fenland Cross", "Wherryton", "Heathcote", "Millbrook"],
  Y62: ["Mersey Vale", "Pennine Cross", "Lakeland", "Irwell", "Cottonfield", "Fylde Bay", "Ribbleton"],
  Y63: ["Wolds Edge", "Tyneholm", "Dalesford", "Humbermouth", "Moorside", "Wearbridge", "Calderton"],
};

const settings: { careSetting: CareSetting; suffix: string; count: number }[] = [
  { careSetting: "acute", suffix: "Demo Hospitals NHS Foundation Trust", count: 2 },
  { careSetting: "specialist-acute", suffix: "Demo Specialist Hospital NHS Trust", count: 1 },
  { careSetting: "mental-health", suffix: "Demo Mental Health NHS Trust", count: 1 },
  { careSetting: "community", suffix: "Demo Community Health NHS Trust", count: 1 },
  { careSetting: "ambulance", suffix: "Demo Ambulance Service NHS Trust", count: 1 },
  { careSetting: "icb", suffix: "Demo Integrated Care Board", count: 1 },
];

export function demoOrganisations(): DemoOrganisation[] {
  const result: DemoOrganisation[] = [];
  let n = 1;
  for (const [region, names] of Object.entries(places) as [RegionCode, string[]][]) {
    const icbCode = `ZQ${region.slice(1)}`;
    let i = 0;
    for (const { careSetting, suffix, count } of settings) {
      for (let k = 0; k < count; k++) {
        const place = names[i++ % names.length]!;
        result.push({
          odsCode: careSetting === "icb" ? icbCode : `ZD${String(n++).padStart(2, "0")}`,
          name: `${place} ${suffix}`,
          careSetting,
          regionCode: region,
          icbCode,
        });
      }
    }
  }
  return result;
}

export const demoPeople: {
  email: string;
  name: string;
  role: Role;
  organisationCode?: string;
  regionCode?: string;
}[] = [
  {
    email: "lead@demo.example",
    name: "Lena Lead (demo)",
    role: "organisation-lead",
    organisationCode: "ZD01",
  },
  {
    email: "contributor@demo.example",
    name: "Cal Contributor (demo)",
    role: "contributor",
    organisationCode: "ZD01",
  },
  { email: "board@demo.example", name: "Bea Board (demo)", role: "board-member", organisationCode: "ZD01" },
  { email: "analyst@demo.example", name: "Ana Analyst (demo)", role: "regional-analyst", regionCode: "Y56" },
  { email: "admin@demo.example", name: "Adam Admin (demo)", role: "administrator" },
];

export const demoSignIns = demoPeople.map((p) => ({ email: p.email, role: p.role, password: demoPassword }));

/** Seeds the demo data into an empty database, and never into one that holds anything. */
export async function seedDemoIfEmpty(db: Db, now = new Date()): Promise<boolean> {
  const [organisations, people] = await Promise.all([
    db.selectFrom("organisation").select("ods_code").limit(1).execute(),
    db.selectFrom("person").select("id").limit(1).execute(),
  ]);
  if (organisations.length > 0 || people.length > 0) return false;
  const at = now.toISOString();
  const passwordHash = await hashPassword(demoPassword);
  const ids = new Map<string, number>();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("organisation")
      .values(
        demoOrganisations().map((o) => ({
          ods_code: o.odsCode,
          name: o.name,
          care_setting: o.careSetting,
          region_code: o.regionCode,
          icb_code: o.icbCode,
          status: "active" as const,
          opened_on: "2020-04-01",
          closed_on: null,
          updated_at: at,
        })),
      )
      .execute();
    for (const p of demoPeople) {
      const { id } = await trx
        .insertInto("person")
        .values({ email: p.email, name: p.name, password_hash: passwordHash, created_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.set(p.email, id);
      await trx
        .insertInto("role_assignment")
        .values({
          person_id: id,
          role: p.role,
          organisation_code: p.organisationCode ?? null,
          region_code: p.regionCode ?? null,
          created_at: at,
        })
        .execute();
    }
  });
  // Earlier cycles are credited to a generated person with no roles, not to the demo sign-ins.
  const generator = await db
    .insertInto("person")
    .values({
      email: "generated@demo.example",
      name: "Demo data (generated)",
      password_hash: "!",
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await seedDemoAssessments(db, demoOrganisations(), generator.id);
  await seedDemoEvidence(db, generator.id, now);
  // The 2026/27 round's deadlines: the national one, and London's earlier one (ZD01 is in London).
  await db
    .insertInto("cycle_deadline")
    .values([
      { cycle: "2026/27", scope: "national", due_on: "2027-03-31", set_by: null, set_at: at },
      { cycle: "2026/27", scope: "Y56", due_on: "2027-02-26", set_by: null, set_at: at },
    ])
    .execute();
  return true;
}

export async function hasDemoPeople(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom("person")
    .select("id")
    .where("email", "like", "%@demo.example")
    .limit(1)
    .execute();
  return row.length > 0;
}
