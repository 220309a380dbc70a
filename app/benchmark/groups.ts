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

/**
 * Care settings whose peer group takes in a sub-group: the acute group counts specialist acute trusts too
 * (the domain brief: "acute, with specialist acute as a sub-group"). A specialist trust is compared with
 * its own sub-group first, then with all acute trusts.
 */
export const settingMembers: Partial<Record<string, string[]>> = {
  acute: ["acute", "specialist-acute"],
};
const parentSetting: Partial<Record<string, string>> = { "specialist-acute": "acute" };

/** The care settings whose organisations count in a setting's peer group. */
export const membersOfSetting = (setting: string) => settingMembers[setting] ?? [setting];

const label = (setting: string) => {
  const name = careSettingLabels[setting as CareSetting] ?? setting;
  return settingMembers[setting] ? `${name} organisations (including specialist)` : `${name} organisations`;
};

/** The standard peer groups an organisation belongs to, most like-for-like first. */
export function standardGroups(o: GroupedOrganisation): PeerGroup[] {
  const settings = [o.careSetting, ...(parentSetting[o.careSetting] ? [parentSetting[o.careSetting]!] : [])];
  const groups: PeerGroup[] = settings.map((s) => ({ key: `setting:${s}`, label: `${label(s)} in England` }));
  if (o.regionCode) {
    const region = o.regionCode;
    groups.push(
      ...settings.map((s) => ({
        key: `setting-region:${s}:${region}`,
        label: `${label(s)} in ${groupingLabel(region)}`,
      })),
      { key: `region:${region}`, label: `All organisations in ${groupingLabel(region)}` },
    );
  }
  if (o.icbCode)
    groups.push({ key: `icb:${o.icbCode}`, label: `Organisations in integrated care board ${o.icbCode}` });
  groups.push({ key: "all", label: "All organisations" });
  return groups;
}

export const customGroupKey = (id: number) => `custom:${id}`;
