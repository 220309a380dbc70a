import { z } from "zod";
import { careSettings, otherGroupings, type RegionCode, regionCodes } from "./organisation";

/**
 * zod schemas for domain values, kept apart from the plain constants in organisation.ts and cycle.ts: those
 * reach the browser, and zod's classic API should not ride along with them.
 */
export const CareSettingSchema = z.enum(careSettings);

export const RegionCodeSchema = z.enum(regionCodes as [RegionCode, ...RegionCode[]]);

/** ODS codes: three to five upper-case letters and digits for trusts and ICBs. */
export const OdsCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,6}$/, "ODS code must be 3 to 6 letters or digits");

export const GroupingCodeSchema = z.enum([
  ...regionCodes,
  ...(Object.keys(otherGroupings) as (keyof typeof otherGroupings)[]),
] as [string, ...string[]]);

export const CycleSchema = z
  .string({ error: "Choose a cycle" })
  .regex(/^\d{4}\/\d{2}$/, "Choose a cycle")
  .refine((c) => (Number(c.slice(0, 4)) + 1) % 100 === Number(c.slice(5)), "Choose a cycle");

/** A real calendar date written YYYY-MM-DD (what an `<input type="date">` posts), named in its messages. */
export function calendarDate(label: string) {
  return z
    .string()
    .trim()
    .min(1, `Enter a ${label.toLowerCase()}`)
    .refine((value) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return false;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.toISOString().slice(0, 10) === value;
    }, `${label} must be a real date, like 2027-03-31`);
}

/** The same, or nothing: an empty field is null. */
export const optionalCalendarDate = (label: string) =>
  z.union([z.literal("").transform(() => null), calendarDate(label)]);
