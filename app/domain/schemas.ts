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
