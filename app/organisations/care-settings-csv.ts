import { z } from "zod";
import type { CareSetting } from "../domain/organisation";
import { CareSettingSchema, OdsCodeSchema } from "../domain/schemas";
import { type CsvRecord, parseCsvRecords, type RejectedLine, rejectingMalformedCsv } from "./csv";

export interface CareSettingRow {
  /** Where the row is in the file, for rejections found later (an unknown organisation). */
  line: number;
  odsCode: string;
  careSetting: CareSetting;
}

export interface CareSettingsCsv {
  rows: CareSettingRow[];
  rejected: RejectedLine[];
}

/** Spellings found in other sources, such as the ERIC trust types ("acute_specialist", "mental_health"). */
const aliases: Record<string, CareSetting> = {
  "acute-specialist": "specialist-acute",
};

export function normaliseCareSetting(value: string): string {
  const id = value
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, "-");
  return aliases[id] ?? id;
}

const CareSettingCellSchema = z.string().transform(normaliseCareSetting).pipe(CareSettingSchema);

/** Header names that hold the care setting: ours, and `sector` in the ERIC-based reference file of trusts. */
const careSettingColumns = ["care_setting", "sector"];

/**
 * Reads `ods_code,care_setting` lines; a first line starting with the literal `ods_code` is a header. A
 * header with more columns picks the two it needs by name (`ods_code`, and `care_setting` or `sector`), so a
 * wider reference file, such as the list of English trusts with an ERIC sector, can be uploaded as it is.
 */
export function parseCareSettingsCsv(text: string): CareSettingsCsv {
  return rejectingMalformedCsv(() => careSettingsOf(parseCsvRecords(text)));
}

function careSettingsOf(records: CsvRecord[]): CareSettingsCsv {
  let pick = (fields: string[]) => fields;
  const header = records[0]?.fields.map((f) => f.trim().toLowerCase());
  if (header?.[0] === "ods_code") {
    records = records.slice(1);
    if (header.length > 2) {
      const settingAt = header.findIndex((h) => careSettingColumns.includes(h));
      if (settingAt < 0)
        return {
          rows: [],
          rejected: [{ line: 1, reason: `the header has no ${careSettingColumns.join(" or ")} column` }],
        };
      const width = header.length;
      pick = (fields) => (fields.length === width ? [fields[0]!, fields[settingAt]!] : fields);
    }
  }

  const rows: CareSettingRow[] = [];
  const rejected: RejectedLine[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of records) {
    const line = record.line;
    const fields = pick(record.fields);
    if (fields.length !== 2) {
      rejected.push({ line, reason: `expected 2 columns, found ${fields.length}` });
      continue;
    }
    const [rawCode = "", rawSetting = ""] = fields;
    const code = OdsCodeSchema.safeParse(rawCode);
    if (!code.success) {
      rejected.push({ line, reason: `organisation code "${rawCode}": ${code.error.issues[0]?.message}` });
      continue;
    }
    const setting = CareSettingCellSchema.safeParse(rawSetting);
    if (!setting.success) {
      rejected.push({
        line,
        reason: `care setting "${rawSetting}": not one of ${CareSettingSchema.options.join(", ")}`,
      });
      continue;
    }
    const first = firstLineOf.get(code.data);
    if (first !== undefined) {
      rejected.push({ line, reason: `duplicate organisation code ${code.data} (first on line ${first})` });
      continue;
    }
    firstLineOf.set(code.data, line);
    rows.push({ line, odsCode: code.data, careSetting: setting.data });
  }
  return { rows, rejected };
}
