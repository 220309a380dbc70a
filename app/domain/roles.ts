/** What a person may do is the union of their role assignments. */
export const roles = [
  "contributor",
  "organisation-lead",
  "board-member",
  "regional-analyst",
  "administrator",
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  contributor: "Contributor",
  "organisation-lead": "Organisation lead",
  "board-member": "Board member",
  "regional-analyst": "Regional analyst",
  administrator: "Administrator",
};

export const organisationRoles = [
  "contributor",
  "organisation-lead",
  "board-member",
] as const satisfies Role[];

export type Permission =
  /** See an organisation's page and its people. */
  | "organisation.view"
  /** Edit answers of the organisation's assessments. */
  | "assessment.edit"
  /** Start and submit assessments, assign themes. */
  | "assessment.manage"
  /** Read reports, sign them off or return them. */
  | "report.sign-off"
  /** Compare every organisation of a region. */
  | "region.compare"
  /** Mark a submitted assessment validated, or query it. */
  | "assessment.validate"
  /** Questionnaires, organisations, people, audit log. */
  | "administer";

export interface Grant {
  role: Role;
  organisationCode: string | null;
  regionCode: string | null;
}

export interface Scope {
  organisation?: { odsCode: string; regionCode: string | null };
  regionCode?: string;
}

const organisationPermissions: Record<(typeof organisationRoles)[number], Permission[]> = {
  contributor: ["organisation.view", "assessment.edit"],
  "organisation-lead": ["organisation.view", "assessment.edit", "assessment.manage"],
  "board-member": ["organisation.view", "report.sign-off"],
};

/**
 * The one authorisation rule of the service. Pure, so the whole matrix can be tested without HTTP; routes
 * reach it through app/auth/guard.server.ts.
 */
export function can(grants: readonly Grant[], permission: Permission, scope: Scope = {}): boolean {
  return grants.some((grant) => {
    if (grant.role === "administrator") return true;
    if (grant.role === "regional-analyst") {
      const region = scope.organisation ? scope.organisation.regionCode : scope.regionCode;
      return (
        (permission === "organisation.view" ||
          permission === "region.compare" ||
          permission === "assessment.validate") &&
        region != null &&
        region === grant.regionCode
      );
    }
    return (
      scope.organisation != null &&
      grant.organisationCode === scope.organisation.odsCode &&
      organisationPermissions[grant.role].includes(permission)
    );
  });
}
