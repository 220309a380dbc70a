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

/** Organisations outside NHS England (Welsh trusts in the ODS extract) carry their own grouping. */
export const otherGroupings = { W00: "Wales" } as const;

export function groupingLabel(code: string): string {
  if (Object.hasOwn(regions, code)) return regions[code as keyof typeof regions];
  if (Object.hasOwn(otherGroupings, code)) return otherGroupings[code as keyof typeof otherGroupings];
  return code;
}
