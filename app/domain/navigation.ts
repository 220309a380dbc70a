import { regionCodes } from "./organisation";
import { can, type Grant } from "./roles";

export interface NavigationItem {
  href: string;
  text: string;
}

/**
 * The header's navigation for a person's grants, decided by can() like every page it links to (a link is
 * shown only where its page would let them in). Pure.
 */
export function navigationFor(grants: readonly Grant[]): NavigationItem[] {
  const items: NavigationItem[] = [
    { href: "/", text: "Your organisations" },
    // What each person has been told (issue 24): everyone signed in has a notifications page.
    { href: "/notifications", text: "Notifications" },
  ];
  const administers = can(grants, "administer");
  const regions = administers
    ? []
    : regionCodes.filter((r) => can(grants, "region.compare", { regionCode: r }));
  for (const region of regions) items.push({ href: `/regions/${region}`, text: "Regional view" });
  if (administers) {
    items.push(
      { href: "/regions/national", text: "National view" },
      { href: "/admin", text: "Administration" },
    );
  }
  // Who may create tokens for the FHIR API (the page itself checks each scope): leads of an organisation,
  // analysts of a region, administrators.
  const leads = grants.some(
    (g) =>
      g.organisationCode !== null &&
      can(grants, "assessment.manage", { organisation: { odsCode: g.organisationCode, regionCode: null } }),
  );
  if (administers || leads || regions.length > 0) items.push({ href: "/api-tokens", text: "API tokens" });
  return items;
}
