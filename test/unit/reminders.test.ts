import { describe, expect, it } from "vitest";
import { bodyBlocks } from "../../app/notifications/catalogue";
import { addDays } from "../../app/domain/dates";
import {
  actionStage,
  daysUntil,
  digestKey,
  effectiveDeadline,
  evidenceStage,
  groupIntoDigests,
  type ReminderItem,
  reminderKey,
  signOffPending,
  themeStage,
} from "../../app/notifications/reminders";

describe("reminder stages", () => {
  it.each([
    ["2027-03-01", null],
    ["2027-03-16", null],
    ["2027-03-17", "14-days"],
    ["2027-03-27", "14-days"],
    ["2027-03-28", "3-days"],
    ["2027-03-31", "3-days"],
    ["2027-04-01", "overdue"],
    ["2028-01-01", "overdue"],
  ])("a theme due 31 March 2027, on %s: %s", (today, stage) => {
    expect(themeStage(today, "2027-03-31")).toBe(stage);
  });

  it.each([
    ["2027-03-23", null],
    ["2027-03-24", "7-days"],
    ["2027-03-31", "7-days"],
    ["2027-04-01", "overdue"],
  ])("an action due 31 March 2027, on %s: %s", (today, stage) => {
    expect(actionStage(today, "2027-03-31")).toBe(stage);
  });

  it("a submission waits 7 whole days before the board is reminded", () => {
    expect(signOffPending("2027-03-07", "2027-03-01")).toBe(false);
    expect(signOffPending("2027-03-08", "2027-03-01")).toBe(true);
  });

  it("counts days across the clocks changing and a leap day", () => {
    expect(daysUntil("2027-03-27", "2027-03-29")).toBe(2); // British Summer Time starts on the 28th
    expect(daysUntil("2028-02-28", "2028-03-01")).toBe(2);
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});

describe("the deadline an organisation works to", () => {
  it("is its region's when earlier than the nation's, else the nation's", () => {
    expect(effectiveDeadline("2027-03-31", "2027-02-26", "Y56")).toEqual({
      dueOn: "2027-02-26",
      scope: "Y56",
    });
    expect(effectiveDeadline("2027-03-31", "2027-04-30", "Y56")).toEqual({
      dueOn: "2027-03-31",
      scope: "national",
    });
    expect(effectiveDeadline("2027-03-31", null, "Y56")).toEqual({ dueOn: "2027-03-31", scope: "national" });
    expect(effectiveDeadline(null, "2027-02-26", "Y56")).toEqual({ dueOn: "2027-02-26", scope: "Y56" });
    expect(effectiveDeadline(null, null, null)).toBeNull();
  });
});

describe("keys and digests", () => {
  const item = (personId: number, assessmentId: number, title: string): ReminderItem => {
    const base = {
      kind: "theme-due" as const,
      stage: "14-days" as const,
      assessmentId,
      organisationCode: "ZD01",
      personId,
      title,
      due: "2027-03-31",
      link: `/assessments/${assessmentId}`,
    };
    return { ...base, key: reminderKey(base, `assessment ${assessmentId} theme ${title}`) };
  };

  it("a reminder's key names its kind, stage, subject, person and due date, so a new due date is a new reminder", () => {
    const one = item(1, 7, "paperless");
    expect(one.key).toBe("theme-due:14-days:assessment 7 theme paperless:person 1:due 2027-03-31");
    expect(reminderKey({ ...one, due: "2027-02-26" }, "assessment 7 theme paperless")).not.toBe(one.key);
  });

  it("one digest per person and assessment a day", () => {
    const digests = groupIntoDigests(
      [item(1, 7, "a"), item(1, 7, "b"), item(2, 7, "a"), item(1, 8, "a")],
      "2027-03-17",
    );
    expect([...digests.keys()]).toEqual([
      digestKey({ assessmentId: 7, organisationCode: "ZD01" }, 1, "2027-03-17"),
      digestKey({ assessmentId: 7, organisationCode: "ZD01" }, 2, "2027-03-17"),
      digestKey({ assessmentId: 8, organisationCode: "ZD01" }, 1, "2027-03-17"),
    ]);
    expect(
      digests
        .get(digestKey({ assessmentId: 7, organisationCode: "ZD01" }, 1, "2027-03-17"))!
        .map((i) => i.title),
    ).toEqual(["a", "b"]);
  });
});

describe("evidence reviews", () => {
  it.each([
    ["2027-05-31", null],
    ["2027-06-01", "30-days"],
    ["2027-07-01", "30-days"],
    ["2027-07-02", "overdue"],
  ])("an item to review by 1 July 2027, on %s: %s", (today, stage) => {
    expect(evidenceStage(today, "2027-07-01")).toBe(stage);
  });

  it("a digest about the evidence library is the organisation's, not an assessment's", () => {
    expect(digestKey({ assessmentId: null, organisationCode: "ZD01" }, 3, "2027-06-01")).toBe(
      "reminders:evidence of ZD01:person 3:2027-06-01",
    );
  });
});

describe("a digest's body", () => {
  it("is paragraphs and a list, for the email and the notifications page alike", () => {
    expect(bodyBlocks("For ZD01's 2026/27 assessment:\n- First\n- Second\n\nAfter")).toEqual([
      { paragraph: "For ZD01's 2026/27 assessment:" },
      { list: ["First", "Second"] },
      { paragraph: "After" },
    ]);
    expect(bodyBlocks("One line, no list.")).toEqual([{ paragraph: "One line, no list." }]);
  });
});
