import { describe, expect, it } from "vitest";
import { answerFieldsSchema, answerOrNotApplicable } from "../../app/assessment/answers";
import type { Question } from "../../app/questionnaire/schema";
import { coreQuestionnaire } from "../support/assessment";

// The one schema the browser and the server validate an answer with. An answer given while "does not apply"
// is ticked was silently dropped (the stored answer had no value while the page said "Saved"): now it is
// refused, on the answer, for every question type.

const core = coreQuestionnaire();
const questions = core.themes.flatMap((t) => t.questions);
const answerOf: Record<Question["type"], string | string[]> = {
  level: "3",
  outcome: "2",
  "yes-no": "yes",
  number: "12",
  checklist: ["none"],
  text: "We are moving to one EPR",
};

describe.each(Object.keys(answerOf) as Question["type"][])("a %s question", (type) => {
  // A copy that allows "does not apply", whatever the questionnaire says of this one.
  const question = { ...questions.find((q) => q.type === type)!, notApplicableAllowed: true } as Question;
  const schema = answerFieldsSchema(question, core);

  it("with an answer and 'does not apply' together: refused on the answer, nothing dropped", () => {
    const parsed = schema.safeParse({
      value: answerOf[type],
      notApplicable: "yes",
      reason: "No inpatient beds",
      revision: "0",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["value", answerOrNotApplicable],
    ]);
  });

  it("with 'does not apply' and a reason alone: no value, the reason kept", () => {
    const parsed = schema.safeParse({ notApplicable: "yes", reason: "No inpatient beds", revision: "0" });
    expect(parsed.data).toMatchObject({ value: null, notApplicableReason: "No inpatient beds" });
  });

  it("with an answer alone: the answer, and the leftover reason of an unticked box ignored", () => {
    const parsed = schema.safeParse({ value: answerOf[type], reason: "Typed, then unticked", revision: "0" });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.value).not.toBeNull();
    expect(parsed.data?.notApplicableReason).toBeNull();
  });
});
