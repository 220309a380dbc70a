import { type CareSetting, careSettingLabels, groupingLabel } from "../domain/organisation";

/** A peer group, named by a key the benchmark table stores. */
export interface PeerGroup {
  key: string;
  label: string;
}

export interface GroupedOrganisation {
  odsCode: string;
  careSetting: string;
  regionCode: string | null;
  icbCode: string | null;
}

/** The standard peer groups an organisation belongs to, most like-for-like first. */
export function standardGroups(o: GroupedOrganisation): PeerGroup[] {
  const setting = careSettingLabels[o.careSetting as CareSetting] ?? o.careSetting;
  const groups: PeerGroup[] = [
    { key: `setting:${o.careSetting}`, label: `${setting} organisations in England` },
  ];
  if (o.regionCode) {
    groups.push(
      {
        key: `setting-region:${o.careSetting}:${o.regionCode}`,
        label: `${setting} organisations in ${groupingLabel(o.regionCode)}`,
      },
      { key: `region:${o.regionCode}`, label: `All organisations in ${groupingLabel(o.regionCode)}` },
    );
  }
  if (o.icbCode)
    groups.push({ key: `icb:${o.icbCode}`, label: `Organisations in integrated care board ${o.icbCode}` });
  groups.push({ key: "all", label: "All organisations" });
  return groups;
}

export const customGroupKey = (id: number) => `custom:${id}`;
