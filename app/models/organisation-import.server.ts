import type { Db } from "../../db/database";
import type { Organisation } from "../../db/schema";
import { parseCareSettingsCsv } from "../organisations/care-settings-csv";
import type { RejectedLine } from "../organisations/csv";
import { displayName, type OdsRow, parseOdsExtract } from "../organisations/ods-extract";
import { recordAuditEvent } from "./audit.server";

export interface ImportOptions {
  /** Import the rows that passed when others were rejected; otherwise any rejection means nothing is written. */
  importValidRows: boolean;
  personId: number | null;
  address: string | null;
  now?: Date;
}

/**
 * What an import did, or, when written is false, what it would have done. added + updated + unchanged is the
 * number of valid rows; closed counts those of them (new or updated) that became closed.
 */
export interface ImportSummary {
  added: number;
  updated: number;
  closed: number;
  unchanged: number;
  rejected: RejectedLine[];
  written: boolean;
}

export interface CareSettingsSummary {
  updated: number;
  unchanged: number;
  rejected: RejectedLine[];
  written: boolean;
}

type ImportedColumns = Pick<
  Organisation,
  "name" | "region_code" | "icb_code" | "status" | "opened_on" | "closed_on"
>;
const importedColumns = ["name", "region_code", "icb_code", "status", "opened_on", "closed_on"] as const;

function toColumns(row: OdsRow): ImportedColumns {
  return {
    name: displayName(row.name),
    region_code: row.regionCode,
    icb_code: row.icbCode,
    status: row.status,
    opened_on: row.openedOn,
    closed_on: row.closedOn,
  };
}

function sameColumns(before: ImportedColumns, next: ImportedColumns): boolean {
  return importedColumns.every((column) => before[column] === next[column]);
}

/**
 * Upserts organisations from an ODS extract in one transaction. Organisations missing from the file are left
 * alone: an extract may be partial, and ODS reports closures as close dates rather than by omission. The care
 * setting belongs to administrators and is never changed here.
 */
export async function importOrganisations(
  db: Db,
  text: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const { rows, rejected } = parseOdsExtract(text);
  const now = options.now ?? new Date();
  const updatedAt = now.toISOString();
  const written = rejected.length === 0 || options.importValidRows;

  return db.transaction().execute(async (trx) => {
    const existing = new Map(
      (
        await trx
          .selectFrom("organisation")
          .select(["ods_code", ...importedColumns])
          .execute()
      ).map((o) => [o.ods_code, o]),
    );
    const counts = { added: 0, updated: 0, closed: 0, unchanged: 0 };
    for (const row of rows) {
      const next = toColumns(row);
      const before = existing.get(row.odsCode);
      if (before && sameColumns(before, next)) {
        counts.unchanged++;
        continue;
      }
      if (next.status === "closed" && before?.status !== "closed") counts.closed++;
      if (before) {
        counts.updated++;
        if (written) {
          await trx
            .updateTable("organisation")
            .set({ ...next, updated_at: updatedAt })
            .where("ods_code", "=", row.odsCode)
            .execute();
        }
      } else {
        counts.added++;
        if (written) {
          await trx
            .insertInto("organisation")
            .values({ ods_code: row.odsCode, ...next, care_setting: "other", updated_at: updatedAt })
            .execute();
        }
      }
    }
    if (written) {
      await recordAuditEvent(
        trx,
        {
          action: "organisations.imported",
          personId: options.personId,
          address: options.address,
          details: { ...counts, rejected: rejected.length },
        },
        now,
      );
    }
    return { ...counts, rejected, written };
  });
}

/**
 * Sets care settings from an `ods_code,care_setting` CSV in one transaction, with the same all-or-nothing
 * rule as importOrganisations. Rows naming an organisation that does not exist are rejected.
 */
export async function applyCareSettings(
  db: Db,
  text: string,
  options: ImportOptions,
): Promise<CareSettingsSummary> {
  const parsed = parseCareSettingsCsv(text);
  const now = options.now ?? new Date();
  const updatedAt = now.toISOString();

  return db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom("organisation").select(["ods_code", "care_setting"]).execute()).map((o) => [
        o.ods_code,
        o.care_setting,
      ]),
    );
    const rejected = [...parsed.rejected];
    const changes: { odsCode: string; from: string; to: string }[] = [];
    let unchanged = 0;
    for (const row of parsed.rows) {
      const before = existing.get(row.odsCode);
      if (before === undefined) {
        rejected.push({ line: row.line, reason: `no organisation with code ${row.odsCode}` });
      } else if (before === row.careSetting) {
        unchanged++;
      } else {
        changes.push({ odsCode: row.odsCode, from: before, to: row.careSetting });
      }
    }
    rejected.sort((a, b) => a.line - b.line);

    const written = rejected.length === 0 || options.importValidRows;
    if (written) {
      for (const change of changes) {
        await trx
          .updateTable("organisation")
          .set({ care_setting: change.to, updated_at: updatedAt })
          .where("ods_code", "=", change.odsCode)
          .execute();
      }
      await recordAuditEvent(
        trx,
        {
          action: "organisation.care-setting-changed",
          personId: options.personId,
          address: options.address,
          details: { count: changes.length, unchanged, rejected: rejected.length, changes },
        },
        now,
      );
    }
    return { updated: changes.length, unchanged, rejected, written };
  });
}
