import { describe, expect, it } from "vitest";
import { navigationFor } from "../../app/domain/navigation";
import type { Grant } from "../../app/domain/roles";

// The header's links follow can(), as the pages they lead to do.

const org = (role: Grant["role"]): Grant => ({ role, organisationCode: "ZD01", regionCode: null });
const texts = (grants: Grant[]) => navigationFor(grants).map((i) => `${i.text} ${i.href}`);

describe("navigationFor", () => {
  it.each([
    ["a contributor", [org("contributor")], ["Your organisations /", "Notifications /notifications"]],
    ["a board member", [org("board-member")], ["Your organisations /", "Notifications /notifications"]],
    [
      "a lead",
      [org("organisation-lead")],
      ["Your organisations /", "Notifications /notifications", "API tokens /api-tokens"],
    ],
    [
      "an analyst of London",
      [{ role: "regional-analyst", organisationCode: null, regionCode: "Y56" }],
      [
        "Your organisations /",
        "Notifications /notifications",
        "Regional view /regions/Y56",
        "API tokens /api-tokens",
      ],
    ],
    [
      "an administrator",
      [{ role: "administrator", organisationCode: null, regionCode: null }],
      [
        "Your organisations /",
        "Notifications /notifications",
        "National view /regions/national",
        "Administration /admin",
        "API tokens /api-tokens",
      ],
    ],
    ["nobody", [], ["Your organisations /", "Notifications /notifications"]],
  ] as [string, Grant[], string[]][])("%s", (_who, grants, expected) => {
    expect(texts(grants)).toEqual(expected);
  });
});
