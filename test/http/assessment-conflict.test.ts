import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../support/client";
import { shiftCycle } from "../../app/domain/cycle";
import {
  autosave,
  checkedValues,
  coreQuestionnaireRef,
  currentCycle,
  inputValue,
  openDatabase,
  type Person,
  personNames,
  postTheme,
  type ReadonlyDb,
  rowCounts,
  signInAll,
  startAssessment,
  startPath,
  storedAnswers,
  storedValue,
  textareaValue,
  textOf,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";

// Two people editing the same answer: the second save from an old revision never overwrites the first
// silently, through autosave (JSON) and through the theme page without JavaScript alike.

let server: RunningServer;
let as: Record<Person, Client>;
let db: ReadonlyDb;
let id: number;

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
  db = openDatabase(server);
  id = await startAssessment(as.lead);
});
afterAll(async () => {
  db?.close();
  await server?.stop();
});

const themePage = async (client: Client, themeId: string) => {
  const response = await client.get(`/assessments/${id}/themes/${themeId}`);
  expect(response.status).toBe(200);
  return response.text();
};
const revisionField = (q: string) => `answers.${q}.revision`;

describe("autosave", () => {
  const q = "paperless-epr-coverage";

  it("both people load the theme holding revision 0", async () => {
    const [mine, theirs] = await Promise.all([
      themePage(as.contributor, "paperless"),
      themePage(as.lead, "paperless"),
    ]);
    expect(inputValue(mine, revisionField(q))).toBe("0");
    expect(inputValue(theirs, revisionField(q))).toBe("0");
  });

  it("the first save wins: 200, revision 1", async () => {
    const { status, json } = await autosave(as.contributor, id, { [q]: { value: "3", revision: "0" } });
    expect(status).toBe(200);
    expect(json.results).toEqual([
      { questionId: q, outcome: "saved", revision: 1, updatedAt: expect.any(String) },
    ]);
  });

  it("the second save from revision 0 answers 409 with the first person's answer, and stores nothing", async () => {
    const before = rowCounts(db);
    const { status, json } = await autosave(as.lead, id, { [q]: { value: "5", revision: "0" } });
    expect(status).toBe(409);
    expect(json.results).toHaveLength(1);
    const [result] = json.results ?? [];
    expect(result?.outcome).toBe("conflict");
    expect(result?.current).toMatchObject({
      questionId: q,
      value: 3,
      revision: 1,
      notApplicableReason: null,
      updatedBy: personNames.contributor,
    });
    expect(storedValue(db, id, q)).toBe(3);
    expect(rowCounts(db)).toEqual(before);
  });

  it("saving again from the revision in the conflict is a deliberate choice: 200, now 5", async () => {
    const { status, json } = await autosave(as.lead, id, { [q]: { value: "5", revision: "1" } });
    expect(status).toBe(200);
    expect(json.results?.[0]).toMatchObject({ outcome: "saved", revision: 2 });
    expect(storedValue(db, id, q)).toBe(5);
  });

  it("saving what is already stored from an old revision is not a conflict: unchanged", async () => {
    const before = rowCounts(db);
    const { status, json } = await autosave(as.contributor, id, { [q]: { value: "5", revision: "0" } });
    expect(status).toBe(200);
    expect(json.results?.[0]).toMatchObject({ outcome: "unchanged", revision: 2 });
    expect(rowCounts(db)).toEqual(before);
    expect(storedAnswers(db, id).get(q)?.revision).toBe(2);
  });

  it("a conflict on one answer does not stop another answer in the same post from saving", async () => {
    const { status, json } = await autosave(as.contributor, id, {
      [q]: { value: "1", revision: "1" },
      "paperless-clinical-noting": { value: "2", revision: "0" },
    });
    expect(status).toBe(409);
    const byQuestion = Object.fromEntries((json.results ?? []).map((r) => [r.questionId, r.outcome]));
    expect(byQuestion).toEqual({ [q]: "conflict", "paperless-clinical-noting": "saved" });
    expect(storedValue(db, id, q)).toBe(5);
    expect(storedValue(db, id, "paperless-clinical-noting")).toBe(2);
  });
});

describe("theme page without JavaScript", () => {
  const q = "interop-nhs-number";
  const field = `answers.${q}.value`;

  it("a save from an old revision shows both versions and keeps what was posted in the form", async () => {
    const [mine, theirs] = await Promise.all([
      themePage(as.lead, "interoperability"),
      themePage(as.contributor, "interoperability"),
    ]);
    expect(inputValue(mine, revisionField(q))).toBe("0");
    expect(inputValue(theirs, revisionField(q))).toBe("0");

    const first = await postTheme(as.contributor, id, "interoperability", "later", {
      [q]: { value: "2", revision: "0", evidence: "NHS number on 80% of records" },
    });
    expect(first.status).toBe(302);

    const before = rowCounts(db);
    const second = await postTheme(as.lead, id, "interoperability", "continue", {
      [q]: { value: "4", revision: "0", evidence: "NHS number everywhere" },
      "interop-terminology": { value: "3", revision: "0" },
    });
    expect(second.status).toBe(409);
    const html = await second.text();
    const text = textOf(html);
    expect(text).toContain("Someone else changed this answer");
    expect(text).toContain(`${personNames.contributor} saved this answer at`);
    expect(text).toContain("Their answer: 2 – Developing");
    expect(html).toContain(`id="${q}-conflict"`);
    // Yours is still in the form, on top of their revision, so saving again is a deliberate choice.
    expect(checkedValues(html, field)).toEqual(["4"]);
    expect(textareaValue(html, `answers.${q}.evidence`)).toBe("NHS number everywhere");
    expect(inputValue(html, revisionField(q))).toBe("1");
    // The answer in conflict keeps theirs; the page's other answer, in conflict with no one, is saved.
    expect(storedValue(db, id, q)).toBe(2);
    expect(storedValue(db, id, "interop-terminology")).toBe(3);
    expect(rowCounts(db).answer_change - before.answer_change).toBe(1);
    expect(inputValue(html, revisionField("interop-terminology"))).toBe("1");
  });

  it("posting the page again from their revision keeps yours", async () => {
    const response = await postTheme(as.lead, id, "interoperability", "continue", {
      [q]: { value: "4", revision: "1", evidence: "NHS number everywhere" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/assessments/${id}/themes/cyber-security`);
    expect(storedValue(db, id, q)).toBe(4);
    const html = await themePage(as.contributor, "interoperability");
    expect(checkedValues(html, field)).toEqual(["4"]);
    expect(inputValue(html, revisionField(q))).toBe("2");
    expect(textOf(html)).not.toContain("Someone else changed this answer");
  });

  it("posting the page unchanged from an old revision is not a conflict", async () => {
    const before = rowCounts(db);
    const response = await postTheme(as.contributor, id, "interoperability", "later", {
      [q]: { value: "4", revision: "0", evidence: "NHS number everywhere" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/assessments/${id}`);
    expect(rowCounts(db)).toEqual(before);
  });
});

describe("at the same moment", () => {
  it("two saves of the same answer from the same revision: one is saved, the other is a conflict", async () => {
    const q = "cyber-patching";
    const before = rowCounts(db).answer_change;
    const [a, b] = await Promise.all([
      autosave(as.contributor, id, { [q]: { value: "1", revision: "0" } }),
      autosave(as.lead, id, { [q]: { value: "3", revision: "0" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 1 : 3;
    const loser = a.status === 200 ? b : a;
    expect(loser.json.results?.[0]?.current).toMatchObject({ value: winner, revision: 1 });
    expect(storedValue(db, id, q)).toBe(winner);
    expect(rowCounts(db).answer_change).toBe(before + 1);
  });

  it("two starts of the same questionnaire and cycle: one assessment, the other answers 409", async () => {
    const before = rowCounts(db).assessment;
    // Next year's cycle: the demo data has every earlier cycle of ZD01 signed off already.
    const cycle = shiftCycle(currentCycle(), 1);
    const start = () => as.lead.post(startPath("ZD01"), { questionnaire: coreQuestionnaireRef, cycle });
    const responses = await Promise.all([start(), start(), start()]);
    expect(responses.map((r) => r.status).sort()).toEqual([302, 409, 409]);
    expect(rowCounts(db).assessment).toBe(before + 1);
  });
});
