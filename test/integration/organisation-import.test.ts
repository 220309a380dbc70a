import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sql } from "kysely";
import { describe, expect, it, onTestFinished } from "vitest";
import type { Db } from "../../db/database";
import { onPostgres, openTestDb } from "../support/database";
import { applyCareSettings, importOrganisations } from "../../app/models/organisation-import.server";

const fixture = (name: string) => readFileSync(resolve(process.cwd(), "test/fixtures/ods", name), "utf8");
const realExtract = resolve(process.cwd(), "../shared/data/ods/etr-2025Q1.csv");

const actor = { personId: 7, address: "192.0.2.1" };
const strict = { ...actor, importValidRows: false };
const lenient = { ...actor, importValidRows: true };

async function freshDb(): Promise<Db> {
  const db = await openTestDb();
  onTestFinished(() => db.dropAfter());
  return db;
}

const organisations = (db: Db) => db.selectFrom("organisation").selectAll().orderBy("ods_code").execute();
const organisation = (db: Db, code: string) =>
  db.selectFrom("organisation").selectAll().where("ods_code", "=", code).executeTakeFirstOrThrow();
const auditEvents = (db: Db) => db.selectFrom("audit_event").selectAll().orderBy("id").execute();

describe("importOrganisations with the real extract", () => {
  it.runIf(existsSync(realExtract))(
    "adds every trust, marks the closed ones, and re-imports unchanged",
    async () => {
      const db = await freshDb();
      const text = readFileSync(realExtract, "utf8");

      const first = await importOrganisations(db, text, strict);
      expect(first).toEqual({ added: 210, updated: 0, closed: 5, unchanged: 0, rejected: [], written: true });
      const rows = await organisations(db);
      expect(rows).toHaveLength(210);
      expect(rows.filter((o) => o.status === "closed").map((o) => o.ods_code)).toEqual([
        "R1C",
        "RAP",
        "RRP",
        "RY9",
        "RYK",
      ]);
      expect(rows.every((o) => o.care_setting === "other")).toBe(true);
      expect(await organisation(db, "R0A")).toMatchObject({
        name: "Manchester University NHS Foundation Trust",
        region_code: "Y62",
        icb_code: "QOP",
        status: "active",
        opened_on: "2017-10-01",
        closed_on: null,
      });
      expect(await organisation(db, "RAP")).toMatchObject({ status: "closed", closed_on: "2024-12-31" });

      const again = await importOrganisations(db, text, strict);
      expect(again).toEqual({ added: 0, updated: 0, closed: 0, unchanged: 210, rejected: [], written: true });
    },
  );
});

describe("importOrganisations", () => {
  it("updates changed names, closes organisations and adds new ones on a later extract", async () => {
    const db = await freshDb();
    await importOrganisations(db, fixture("valid.csv"), { ...strict, now: new Date("2025-01-01T00:00:00Z") });

    const summary = await importOrganisations(db, fixture("valid-modified.csv"), {
      ...strict,
      now: new Date("2025-04-02T00:00:00Z"),
    });
    expect(summary).toEqual({ added: 1, updated: 3, closed: 1, unchanged: 2, rejected: [], written: true });
    expect(await organisation(db, "XA1")).toMatchObject({
      name: "North and West Testshire Hospitals NHS Trust",
      updated_at: "2025-04-02T00:00:00.000Z",
    });
    expect((await organisation(db, "XB2")).name).toBe("South Testshire NHS Foundation Trust");
    expect(await organisation(db, "XE5")).toMatchObject({ status: "closed", closed_on: "2025-03-31" });
    expect((await organisation(db, "XC3")).updated_at).toBe("2025-01-01T00:00:00.000Z");
    expect((await organisation(db, "XF6")).status).toBe("active");
  });

  it("reopens an organisation whose close date is withdrawn", async () => {
    const db = await freshDb();
    await importOrganisations(db, fixture("valid-modified.csv"), strict);
    const summary = await importOrganisations(db, fixture("valid.csv"), strict);
    expect(summary).toMatchObject({ updated: 3, closed: 0 });
    expect(await organisation(db, "XE5")).toMatchObject({ status: "active", closed_on: null });
  });

  it("never changes a care setting, and leaves organisations missing from the file alone", async () => {
    const db = await freshDb();
    await importOrganisations(db, fixture("valid-modified.csv"), strict);
    await applyCareSettings(db, "XA1,acute\nXF6,mental_health\n", strict);

    await importOrganisations(db, fixture("valid.csv"), strict);
    expect((await organisation(db, "XA1")).care_setting).toBe("acute");
    expect(await organisation(db, "XF6")).toMatchObject({ care_setting: "mental-health", status: "active" });
  });

  it("writes nothing when a line is rejected, unless asked to import the valid rows", async () => {
    const db = await freshDb();
    const text = fixture("bad-rows.csv");

    const refused = await importOrganisations(db, text, strict);
    expect(refused.written).toBe(false);
    expect(refused.added).toBe(3);
    expect(refused.rejected.map((r) => r.line)).toEqual([4, 5, 6, 7, 8]);
    expect(await organisations(db)).toEqual([]);
    expect(await auditEvents(db)).toEqual([]);

    const accepted = await importOrganisations(db, text, lenient);
    expect(accepted).toMatchObject({ added: 3, written: true });
    expect(accepted.rejected).toHaveLength(5);
    expect((await organisations(db)).map((o) => o.ods_code)).toEqual(["XA1", "XB2", "XC3"]);
  });

  it("rolls back every row when a write fails part-way", async () => {
    const db = await freshDb();
    if (onPostgres) {
      await sql`create function refuse_xc3() returns trigger language plpgsql as $$
        begin raise exception 'refused'; end $$`.execute(db);
      await sql`create trigger refuse_xc3 before insert on organisation for each row
        when (new.ods_code = 'XC3') execute function refuse_xc3()`.execute(db);
    } else {
      await sql`create trigger refuse_xc3 before insert on organisation when new.ods_code = 'XC3'
        begin select raise(abort, 'refused'); end`.execute(db);
    }

    await expect(importOrganisations(db, fixture("valid.csv"), strict)).rejects.toThrow(/refused/);
    expect(await organisations(db)).toEqual([]);
    expect(await auditEvents(db)).toEqual([]);
  });

  it("records who imported and the counts in the audit log", async () => {
    const db = await freshDb();
    const now = new Date("2025-04-02T09:30:00Z");
    await importOrganisations(db, fixture("bad-rows.csv"), { ...lenient, now });

    const events = await auditEvents(db);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "organisations.imported",
      person_id: 7,
      address: "192.0.2.1",
      occurred_at: now.toISOString(),
    });
    expect(JSON.parse(events[0]!.details)).toEqual({
      added: 3,
      updated: 0,
      closed: 0,
      unchanged: 0,
      rejected: 5,
    });
  });
});

describe("applyCareSettings", () => {
  async function importedDb(): Promise<Db> {
    const db = await freshDb();
    await importOrganisations(db, fixture("valid.csv"), strict);
    return db;
  }

  it("sets care settings from a CSV with a header and ERIC-style spellings", async () => {
    const db = await importedDb();
    const text =
      "\uFEFFods_code,care_setting\r\nXA1,acute\r\nXB2,acute_specialist\r\nXC3, Ambulance \r\nxe5,other\r\n";

    const summary = await applyCareSettings(db, text, { ...strict, now: new Date("2025-05-01T00:00:00Z") });
    expect(summary).toEqual({ updated: 3, unchanged: 1, rejected: [], written: true });
    expect((await organisations(db)).map((o) => [o.ods_code, o.care_setting])).toEqual([
      ["XA1", "acute"],
      ["XB2", "specialist-acute"],
      ["XC3", "ambulance"],
      ["XD4", "other"],
      ["XE5", "other"],
    ]);
    expect((await organisation(db, "XA1")).updated_at).toBe("2025-05-01T00:00:00.000Z");

    const events = (await auditEvents(db)).filter((e) => e.action === "organisation.care-setting-changed");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ person_id: 7, address: "192.0.2.1" });
    expect(JSON.parse(events[0]!.details)).toMatchObject({
      count: 3,
      changes: expect.arrayContaining([{ odsCode: "XB2", from: "other", to: "specialist-acute" }]),
    });
  });

  it("is all or nothing: an unknown organisation or setting stops every change", async () => {
    const db = await importedDb();
    const text = "XA1,acute\nZZ9,acute\nXB2,hospice\nXC3\nXA1,community\nXD4,community\n";

    const refused = await applyCareSettings(db, text, strict);
    expect(refused.written).toBe(false);
    expect(refused.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(refused.rejected[0]?.reason).toBe("no organisation with code ZZ9");
    expect(refused.rejected[1]?.reason).toMatch(/care setting "hospice"/);
    expect(refused.rejected[2]?.reason).toBe("expected 2 columns, found 1");
    expect(refused.rejected[3]?.reason).toBe("duplicate organisation code XA1 (first on line 1)");
    expect((await organisations(db)).every((o) => o.care_setting === "other")).toBe(true);
    expect((await auditEvents(db)).map((e) => e.action)).toEqual(["organisations.imported"]);

    const accepted = await applyCareSettings(db, text, lenient);
    expect(accepted).toMatchObject({ updated: 2, written: true });
    expect((await organisation(db, "XA1")).care_setting).toBe("acute");
    expect((await organisation(db, "XD4")).care_setting).toBe("community");
  });
});

describe("applyCareSettings with the real reference file of English trusts", () => {
  const realTrusts = resolve(process.cwd(), "../shared/data/ods/nhs-trusts-england-2025Q1.csv");
  it.runIf(existsSync(realExtract) && existsSync(realTrusts))(
    "accepts the file as it is (11 columns, sector names), and leaves only the Welsh trusts needing a setting",
    async () => {
      const db = await freshDb();
      await importOrganisations(db, readFileSync(realExtract, "utf8"), strict);
      const summary = await applyCareSettings(db, readFileSync(realTrusts, "utf8"), strict);
      expect(summary).toMatchObject({ updated: 202, unchanged: 0, rejected: [], written: true });
      const rows = await organisations(db);
      const count = (setting: string) => rows.filter((o) => o.care_setting === setting).length;
      expect([
        count("acute"),
        count("specialist-acute"),
        count("mental-health"),
        count("community"),
        count("ambulance"),
      ]).toEqual([116, 16, 46, 14, 10]);
      // Still "other": the five closed trusts and the three open Welsh ones, which the English file omits.
      expect(
        rows.filter((o) => o.care_setting === "other" && o.status === "active").map((o) => o.ods_code),
      ).toEqual(["RQF", "RT4", "RYT"]);
      expect(await organisation(db, "R0A")).toMatchObject({ care_setting: "acute" });
      expect(await organisation(db, "G6V2S")).toMatchObject({ care_setting: "mental-health" });
    },
  );

  it("refuses a wide file whose header names no care-setting column", async () => {
    const db = await freshDb();
    const summary = await applyCareSettings(db, "ods_code,name,region\nR0A,Manchester,Y62\n", strict);
    expect(summary.written).toBe(false);
    expect(summary.rejected).toEqual([
      { line: 1, reason: "the header has no care_setting or sector column" },
    ]);
  });
});
