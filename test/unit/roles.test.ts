import { describe, expect, it } from "vitest";
import { can, type Grant, type Permission, type Role, type Scope } from "../../app/domain/roles";

// can(), the one authorisation rule, as a table: every role × every permission × every kind of scope,
// written out by hand from the README's description of the roles (not from the code), so a change to
// either shows here. Y = allowed, . = refused.

const grantOf: Record<Role, Grant> = {
  contributor: { role: "contributor", organisationCode: "ZD01", regionCode: null },
  "organisation-lead": { role: "organisation-lead", organisationCode: "ZD01", regionCode: null },
  "board-member": { role: "board-member", organisationCode: "ZD01", regionCode: null },
  "regional-analyst": { role: "regional-analyst", organisationCode: null, regionCode: "Y56" },
  administrator: { role: "administrator", organisationCode: null, regionCode: null },
};

const scopes: Record<string, Scope> = {
  "own organisation": { organisation: { odsCode: "ZD01", regionCode: "Y56" } },
  "another organisation, same region": { organisation: { odsCode: "ZD02", regionCode: "Y56" } },
  "another organisation, other region": { organisation: { odsCode: "ZD07", regionCode: "Y58" } },
  "an organisation with no region": { organisation: { odsCode: "ZZ01", regionCode: null } },
  "own region": { regionCode: "Y56" },
  "another region": { regionCode: "Y58" },
  nothing: {},
};

const permissions: Permission[] = [
  "organisation.view",
  "assessment.edit",
  "assessment.manage",
  "report.sign-off",
  "region.compare",
  "assessment.validate",
  "administer",
];

// Columns: the permissions above, in order. Rows: the scopes above, in order.
const table: Record<Role, string[]> = {
  contributor: ["YY.....", ".......", ".......", ".......", ".......", ".......", "......."],
  "organisation-lead": ["YYY....", ".......", ".......", ".......", ".......", ".......", "......."],
  "board-member": ["Y..Y...", ".......", ".......", ".......", ".......", ".......", "......."],
  "regional-analyst": ["Y...YY.", "Y...YY.", ".......", ".......", "Y...YY.", ".......", "......."],
  administrator: ["YYYYYYY", "YYYYYYY", "YYYYYYY", "YYYYYYY", "YYYYYYY", "YYYYYYY", "YYYYYYY"],
};

const cases = (Object.keys(table) as Role[]).flatMap((role) =>
  Object.keys(scopes).flatMap((scope, row) =>
    permissions.map((permission, column) => ({
      role,
      scope,
      permission,
      allowed: table[role][row]![column] === "Y",
    })),
  ),
);

describe("can()", () => {
  it("covers every role, scope and permission", () => {
    expect(cases).toHaveLength(5 * 7 * 7);
  });

  it.each(cases)("$role, $permission, $scope: $allowed", ({ role, scope, permission, allowed }) => {
    expect(can([grantOf[role]], permission, scopes[scope])).toBe(allowed);
  });

  it("no grants, nothing allowed; several grants, the union", () => {
    for (const permission of permissions) expect(can([], permission, scopes["own organisation"])).toBe(false);
    const both = [grantOf.contributor, grantOf["board-member"]];
    expect(can(both, "assessment.edit", scopes["own organisation"])).toBe(true);
    expect(can(both, "report.sign-off", scopes["own organisation"])).toBe(true);
    expect(can(both, "assessment.manage", scopes["own organisation"])).toBe(false);
  });
});
