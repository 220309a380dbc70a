import type { Role } from "../domain/roles";

/**
 * The seam for taking roles from a provider's claims (ADR 013). Roles are granted by this service's
 * administrators; a provider's claims never grant anything unless a deployment chooses a mapping here.
 * A mapping might, for example, read CIS2's `nhsid_nrbac_roles` (each with an `org_code`, the ODS code) and
 * answer "contributor of that organisation" for chosen role codes.
 */
export interface MappedGrant {
  role: Role;
  organisationCode?: string | null;
  regionCode?: string | null;
}

export type RoleMapping = (claims: Readonly<Record<string, unknown>>) => MappedGrant[];

/** The default: no role comes from the provider. */
export const noRoleMapping: RoleMapping = () => [];
