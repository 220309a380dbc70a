import { describe, expect, it } from "vitest";
import { changedSince, checkTargets, gapTo, isOverdue, planDownload, targetMet } from "../../app/plan/plan";
import { actionSchema, targetsSchema } from "../../app/plan/schemas";
import { levelToScore } from "../../app/report/chart-data";

describe("targetMet", () => {
  it("is null without a target, whatever the level", () => {
    for (const level of [null, 1, 3, 5]) expect(targetMet(null, level)).toBeNull();
  });
  it("is met at or above the target, not below, and not without a level", () => {
    const table: [number, number | null, boolean][] = [
      [3, 3, true],
      [3, 4, true],
      [3, 2, false],
      [1, 1, true],
      [5, 4, false],
      [2, null, false],
    ];
    for (const [target, level, met] of table)
      expect(targetMet(target, level), `${target} vs ${level}`).toBe(met);
  });
});

describe("gaps and overdue actions", () => {
  it("counts the levels still to climb", () => {
    expect(gapTo(4, 2)).toBe(2);
    expect(gapTo(2, 3)).toBe(0);
    expect(gapTo(3, null)).toBe(3);
    expect(gapTo(null, 2)).toBeNull();
  });
  it("marks an open action past its date overdue, never a done or dropped one", () => {
    expect(isOverdue({ due: "2026-11-30", status: "in-progress" }, "2026-12-01")).toBe(true);
    expect(isOverdue({ due: "2026-12-01", status: "not-started" }, "2026-12-01")).toBe(false);
    expect(isOverdue({ due: "2026-11-30", status: "done" }, "2026-12-01")).toBe(false);
    expect(isOverdue({ due: "2026-11-30", status: "dropped" }, "2026-12-01")).toBe(false);
  });
});

describe("the forms' schemas", () => {
  const targets = targetsSchema(["paperless", "cyber-security"]);
  it("takes a level 1–5 or none, and refuses anything else", () => {
    const ok = targets.safeParse({
      "target-paperless": "3",
      "target-cyber-security": "",
      "reason-paperless": "x",
    });
    expect(ok.success && ok.data).toMatchObject({ "target-paperless": 3, "target-cyber-security": null });
    for (const bad of ["0", "6", "2.5", "three", "-1"])
      expect(targets.safeParse({ "target-paperless": bad }).success, bad).toBe(false);
    expect(targets.safeParse({ "target-other": "3" }).success).toBe(false);
  });
  const action = actionSchema(["paperless"], ["P1", "P2"]);
  const base = {
    themeId: "paperless",
    title: "Roll out e-prescribing",
    owner: "person:4",
    due: "2027-03-31",
  };
  it("refuses a due date that is not a real date, a long title, a role owner without a role", () => {
    expect(action.safeParse(base).success).toBe(true);
    for (const due of ["2027-02-30", "31/03/2027", "2027-3-1", "", "tomorrow"])
      expect(action.safeParse({ ...base, due }).success, due).toBe(false);
    expect(action.safeParse({ ...base, title: "x".repeat(201) }).success).toBe(false);
    expect(action.safeParse({ ...base, owner: "role" }).success).toBe(false);
    const role = action.safeParse({
      ...base,
      owner: "role",
      ownerRole: "Chief Clinical Information Officer",
    });
    expect(role.success && role.data.owner).toEqual({ role: "Chief Clinical Information Officer" });
    expect(action.safeParse({ ...base, questionIds: ["P1", "Z9"] }).success).toBe(false);
  });
});

describe("next year's check and the JSON contract", () => {
  it("sets previousTarget and targetMet per theme from last cycle's plan", () => {
    const checked = checkTargets(
      [
        { id: "a", level: 3 },
        { id: "b", level: 1 },
        { id: "c", level: 2 },
      ],
      {
        cycle: "2024/25",
        version: 2,
        status: "approved",
        snapshot: {
          targets: [
            { themeId: "a", target: 3, reason: "" },
            { themeId: "b", target: 2, reason: "" },
          ],
          actions: [{ themeId: "a", title: "T", owner: "O", due: "2025-01-01", status: "done" }],
        },
      },
    );
    expect(checked.themes.map((t) => [t.id, t.previousTarget, t.targetMet])).toEqual([
      ["a", 3, true],
      ["b", 2, false],
      ["c", null, null],
    ]);
    expect(checked.previousPlan).toMatchObject({
      cycle: "2024/25",
      version: 2,
      actions: [{ status: "done" }],
    });
    expect(checkTargets([{ id: "a", level: 3 }], null).themes[0]).toMatchObject({
      previousTarget: null,
      targetMet: null,
    });
  });
  it("gives every theme of the questionnaire, with its target and actions", () => {
    const body = planDownload(
      { status: "approved", version: 1, approvedAt: "2026-03-01T00:00:00.000Z" },
      ["a", "b"],
      [{ themeId: "a", target: 4 }],
      [{ themeId: "b", title: "T", owner: "O", due: "2026-06-30", status: "in-progress" }],
    );
    expect(body).toEqual({
      status: "approved",
      version: 1,
      approvedAt: "2026-03-01T00:00:00.000Z",
      themes: [
        { id: "a", target: 4, actions: [] },
        {
          id: "b",
          target: null,
          actions: [{ title: "T", owner: "O", due: "2026-06-30", status: "in-progress" }],
        },
      ],
    });
  });
  it("lists what changed after a revision", () => {
    const diff = changedSince(
      5,
      [
        { themeId: "a", target: 3, reason: "", changedRevision: 5 },
        { themeId: "b", target: 2, reason: "", changedRevision: 6 },
      ],
      [],
    );
    expect(diff.targets.map((t) => t.themeId)).toEqual(["b"]);
  });
});

describe("the chart data module: targets and the trajectory", () => {
  const scale = [1, 2, 3, 4, 5].map((value) => ({ value }));
  it("puts a level on the score scale as the core scale does (level = 1 + score ÷ 25)", () => {
    expect([1, 2, 3, 4, 5].map((l) => levelToScore(l, scale))).toEqual([0, 25, 50, 75, 100]);
  });
});
