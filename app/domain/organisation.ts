import { z } from "zod";

/** Care settings used to pick questions and to form peer groups. */
export const careSettings = [
  "acute",
  "specialist-acute",
  "mental-health",
  "community",
  "ambulance",
  "icb",
  "other",
] as const;
export type CareSetting = (typeof careSettings)[number];
export const CareSettingSchema = z.enum(careSettings);

export const careSettingLabels: Record<CareSetting, string> = {
  acute: "Acute",
  "specialist-acute": "Specialist acute",
  "mental-health": "Mental health",
  community: "Community",
  ambulance: "Ambulance",
  icb: "Integrated care board",
  other: "Other",
};

/** NHS England's seven regions, keyed on the codes ODS uses as the national grouping. */
export const regions = {
  Y56: "London",
  Y58: "South West",
  Y59: "South East",
  Y60: "Midlands",
  Y61: "East of England",
  Y62: "North West",
  Y63: "North East and Yorkshire",
} as const;
export type RegionCode = keyof typeof regions;
export const regionCodes = Object.keys(regions) as RegionCode[];
export const RegionCodeSchema = z.enum(regionCodes as [RegionCode, ...RegionCode[]]);

/** ODS codes: three to five upper-case letters and digits for trusts and ICBs. */
export const OdsCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,6}$/, "ODS code must be 3 to 6 letters or digits");

/** Organisations outside NHS England (Welsh trusts in the ODS extract) carry their own grouping. */
export const otherGroupings = { W00: "Wales" } as const;
export const GroupingCodeSchema = z.enum([
  ...regionCodes,
  ...(Object.keys(otherGroupings) as (keyof typeof otherGroupings)[]),
] as [string, ...string[]]);

export function groupingLabel(code: string): string {
  return (
    (regions as Record<string, string>)[code] ?? (otherGroupings as Record<string, string>)[code] ?? code
  );
}
