import { z } from "zod";
import { GroupingCodeSchema, OdsCodeSchema } from "../domain/schemas";
import { forEachCsvRecord, type RejectedLine, rejectingMalformedCsv } from "./csv";

/** One organisation from an ODS "etr" extract. */
export interface OdsRow {
  odsCode: string;
  /** As given in the extract (upper case); see displayName. */
  name: string;
  regionCode: string | null;
  icbCode: string | null;
  status: "active" | "closed";
  /** yyyy-mm-dd */
  openedOn: string | null;
  closedOn: string | null;
}

export interface OdsExtract {
  rows: OdsRow[];
  rejected: RejectedLine[];
}

const columnCount = 27;

/** 1-based positions in the ODS standard layout. */
const columns = { code: 1, name: 2, grouping: 3, icb: 4, opened: 11, closed: 12 } as const;

const labels: Record<string, string> = {
  odsCode: "organisation code",
  name: "name",
  regionCode: "national grouping",
  icbCode: "ICB code",
  openedOn: "open date",
  closedOn: "close date",
};

export function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const OdsDateSchema = z
  .string()
  .trim()
  .regex(/^\d{8}$/, { message: "must be a date as YYYYMMDD", abort: true })
  .refine(
    (v) => isCalendarDate(Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8))),
    "not a real date",
  )
  .transform((v) => `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`);

const emptyAsNull = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z
    .string()
    .trim()
    .transform((v) => v || null)
    .pipe(schema.nullable());

const OdsRecordSchema = z
  .object({
    odsCode: OdsCodeSchema,
    name: z.string().trim().min(1, "must not be empty"),
    regionCode: z
      .string()
      .trim()
      .refine((v) => GroupingCodeSchema.safeParse(v).success, "not an NHS England region code or W00"),
    icbCode: emptyAsNull(OdsCodeSchema),
    openedOn: emptyAsNull(OdsDateSchema),
    closedOn: emptyAsNull(OdsDateSchema),
  })
  .refine((r) => !r.openedOn || !r.closedOn || r.closedOn >= r.openedOn, {
    message: "before the open date",
    path: ["closedOn"],
  })
  .transform((r): OdsRow => ({ ...r, status: r.closedOn ? "closed" : "active" }));

type RawRecord = Record<keyof typeof labels, string>;

function toRawRecord(fields: string[]): RawRecord {
  const at = (column: number) => fields[column - 1] ?? "";
  return {
    odsCode: at(columns.code),
    name: at(columns.name),
    regionCode: at(columns.grouping),
    icbCode: at(columns.icb),
    openedOn: at(columns.opened),
    closedOn: at(columns.closed),
  };
}

function describeIssues(error: z.ZodError, raw: RawRecord): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? "");
      return `${labels[key] ?? key} "${raw[key] ?? ""}": ${issue.message}`;
    })
    .join("; ");
}

/**
 * Reads an ODS "etr" extract (27 quoted columns, no header). Every record is checked on its own, so one bad
 * line does not hide the others; a later record repeating an earlier code is rejected.
 */
export function parseOdsExtract(text: string): OdsExtract {
  return rejectingMalformedCsv(() => {
    const rows: OdsRow[] = [];
    const rejected: RejectedLine[] = [];
    const firstLineOf = new Map<string, number>();
    forEachCsvRecord(text, (fields, line) => {
      if (fields.length !== columnCount) {
        rejected.push({ line, reason: wrongWidth(fields.length) });
        return;
      }
      const raw = toRawRecord(fields);
      const code = OdsCodeSchema.safeParse(raw.odsCode);
      if (code.success) {
        const first = firstLineOf.get(code.data);
        if (first !== undefined) {
          rejected.push({
            line,
            reason: `duplicate organisation code ${code.data} (first on line ${first})`,
          });
          return;
        }
        firstLineOf.set(code.data, line);
      }
      const parsed = OdsRecordSchema.safeParse(raw);
      if (parsed.success) rows.push(parsed.data);
      else rejected.push({ line, reason: describeIssues(parsed.error, raw) });
    });
    return { rows, rejected };
  });
}

/** A file of the wrong shape is wrong on every line: one message per width, not one per line. */
const wrongWidthReasons = new Map<number, string>();
function wrongWidth(found: number): string {
  let reason = wrongWidthReasons.get(found);
  if (reason === undefined) {
    reason = `expected ${columnCount} columns, found ${found}`;
    if (wrongWidthReasons.size < 100) wrongWidthReasons.set(found, reason);
  }
  return reason;
}

const upperCaseWords = new Set(["NHS", "ICB", "UK", "GP", "CIC", "LLP"]);
const minorWords = new Set(["and", "of", "for", "the", "in", "at", "on", "upon", "with", "to", "a", "by"]);

/**
 * Title-cases an upper-case ODS name for display: "UNIVERSITY HOSPITALS OF NORTH MIDLANDS NHS TRUST" becomes
 * "University Hospitals of North Midlands NHS Trust". Names already in mixed case are someone's deliberate
 * spelling and are kept.
 */
export function displayName(name: string): string {
  const tidy = name.trim().replace(/\s+/g, " ");
  if (tidy !== tidy.toUpperCase()) return tidy;
  let first = true;
  return tidy.replace(/[A-Z0-9][A-Z0-9']*/g, (word) => {
    const isFirst = first;
    first = false;
    if (upperCaseWords.has(word)) return word;
    const lower = word.toLowerCase();
    if (!isFirst && minorWords.has(lower)) return lower;
    return lower[0]!.toUpperCase() + lower.slice(1);
  });
}
