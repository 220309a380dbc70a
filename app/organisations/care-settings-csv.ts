import { z } from "zod";
import type { CareSetting } from "../domain/organisation";
import { CareSettingSchema, OdsCodeSchema } from "../domain/schemas";
import { CsvSyntaxError, parseCsvRecords } from "./csv";
import type { RejectedLine } from "./ods-extract";

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

/** Reads `ods_code,care_setting` lines; a first line starting with the literal `ods_code` is a header. */
export function parseCareSettingsCsv(text: string): CareSettingsCsv {
  let records: ReturnType<typeof parseCsvRecords>;
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      return { rows: [], rejected: [{ line: error.line, reason: error.reason }] };
    throw error;
  }
  if (records[0]?.fields[0]?.trim().toLowerCase() === "ods_code") records = records.slice(1);

  const rows: CareSettingRow[] = [];
  const rejected: RejectedLine[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, fields } of records) {
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
