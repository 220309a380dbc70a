import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shiftCycle } from "../../app/domain/cycle";
import type { Client } from "../support/client";
import {
  answerAllRequired,
  assessmentStatus,
  autosave,
  checkRow,
  coreQuestionnaire,
  coreQuestionnaireRef,
  currentCycle,
  errorSummary,
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
  taskListItem,
  textOf,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";
import { coreQuestionnaireLabel } from "../support/core-version";

// One assessment of ZD01 (acute) from start to sign-off, as the people of the organisation go through it.
// The steps build on each other, so they run in order.

let server: RunningServer;
let as: Record<Person, Client>;
let db: ReadonlyDb;
let id: number;

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
  db = openDatabase(server);
});
afterAll(async () => {
  db?.close();
  await server?.stop();
});

const page = async (client: Client, path: string) => {
  const response = await client.get(path);
  expect(response.status, path).toBe(200);
  return response.text();
};

describe("starting", () => {
  it("the lead starts an assessment and lands on its overview", async () => {
    id = await startAssessment(as.lead);
    const html = await page(as.lead, `/assessments/${id}`);
    expect(textOf(html)).toContain(`Digital maturity self-assessment ${currentCycle()}`);
    expect(taskListItem(html, id, "paperless")).toContain("Not started");
  });

  it("a second start of the same questionnaire and cycle answers 409 and links to the open one", async () => {
    const before = rowCounts(db).assessment;
    const response = await as.lead.post(startPath("ZD01"), {
      questionnaire: coreQuestionnaireRef,
      cycle: currentCycle(),
    });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain(`href="/assessments/${id}"`);
    expect(textOf(html)).toContain("Go to the open assessment");
    expect(textOf(html)).toContain("There can be only one assessment per questionnaire and cycle");
    expect(rowCounts(db).assessment).toBe(before);
  });
});

describe("starting from last cycle's answers", () => {
  it("the start page says how many answers will carry and why the rest do not; the new assessment shows them", async () => {
    const start = textOf(await page(as.lead, startPath("ZD01")));
    const said = new RegExp(
      `For ${currentCycle().replace("/", "\\/")}, (\\d+) of the (\\d+) questions your organisation answers can be copied from your (\\d{4}\\/\\d{2}) assessment \\(version 1\\)\\. The other (\\d+) start empty: (\\d+) were reworded since version 1(?:,| and) (\\d+) (?:are|is) new`,
    ).exec(start);
    expect(said, start.slice(start.indexOf("Last cycle"), start.indexOf("Last cycle") + 600)).not.toBeNull();
    const [, carried, asked, , rest] = said!.map(Number) as number[];
    expect(carried).toBeGreaterThan(0);
    expect(carried! + rest!).toBe(asked);
    // ZD01 is offered the board check too, which it has never done: each count names its questionnaire.
    expect(start).toContain(`${coreQuestionnaireLabel}: For `);
    expect(start).toContain("Other questionnaires have no earlier assessment to copy from.");
    expect(start).toContain("Copy answers to unchanged questions, for us to confirm or change");

    // The next cycle starts from the same earlier assessment (this one is not submitted yet).
    const next = shiftCycle(currentCycle(), 1);
    const response = await as.lead.post(startPath("ZD01"), {
      questionnaire: coreQuestionnaireRef,
      cycle: next,
      start: "carry-forward",
    });
    expect(response.status).toBe(302);
    const nextId = Number(/\/assessments\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1]);
    const copies = db
      .prepare("SELECT count(*) AS n FROM answer WHERE assessment_id = ? AND carried_from_cycle IS NOT NULL")
      .get(nextId) as { n: number };
    expect(Number(copies.n)).toBe(carried);
    const overview = textOf(await page(as.lead, `/assessments/${nextId}`));
    expect(overview).toContain(
      `${carried} answers from your ${said![3]} assessment are filled in for you to confirm or change`,
    );
  });
});

describe("answering without JavaScript", () => {
  it("Save and continue stores the answers and goes to the next theme", async () => {
    const response = await postTheme(as.contributor, id, "paperless", "continue", {
      "paperless-epr-coverage": { value: "3", revision: "0", evidence: "EPR on every ward" },
      "paperless-clinical-noting": { value: "2", revision: "0" },
      "paperless-fax-in-use": { value: "no", revision: "0" },
      // Posted with the page but untouched: nothing is stored for it.
      "paperless-data-for-decisions": { revision: "0", evidence: "", links: "" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/assessments/${id}/themes/interoperability`);
    expect(storedValue(db, id, "paperless-epr-coverage")).toBe(3);
    expect(storedValue(db, id, "paperless-fax-in-use")).toBe("no");
    expect(storedAnswers(db, id).has("paperless-data-for-decisions")).toBe(false);
  });

  it("shows the saved answers on the check page", async () => {
    const html = await page(as.contributor, `/assessments/${id}/check`);
    expect(checkRow(html, "paperless-epr-coverage")).toContain("3 – Established");
    expect(checkRow(html, "paperless-clinical-noting")).toContain("2 – Developing");
    expect(checkRow(html, "paperless-fax-in-use")).toContain("No");
    expect(checkRow(html, "paperless-data-for-decisions")).toContain("Not answered");
    // The convergence plan is only asked once convergence is under way.
    expect(checkRow(html, "paperless-epr-convergence-plan")).toBeUndefined();
  });

  it("an answer that reveals a question further down comes back to the same page, at that question", async () => {
    const response = await postTheme(as.contributor, id, "paperless", "continue", {
      "paperless-electronic-observations": { value: "4", revision: "0" },
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("Location");
    expect(location).toBe(
      `/assessments/${id}/themes/paperless?revealed=paperless-observations-beds#question-paperless-observations-beds`,
    );
    // The page says why it came back.
    const html = await (await as.contributor.request(location!.split("#")[0]!)).text();
    expect(textOf(html)).toContain("Because of your answers, another question now applies");
  });

  it("Save and come back later goes back to the overview", async () => {
    const response = await postTheme(as.contributor, id, "interoperability", "later", {
      "interop-nhs-number": { value: "4", revision: "0" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/assessments/${id}`);
  });

  it("the overview task list shows each theme's status and who last edited it", async () => {
    const clinical = {
      "lead-clinical-informatics-roles": { value: "2", revision: "0" },
      "lead-workforce-digital-skills": { value: "3", revision: "0" },
      "lead-informatics-profession": { value: "2", revision: "0" },
      "lead-user-centred-design": { value: "1", revision: "0" },
      "lead-data-analysis-skills": { value: "4", revision: "0" },
    };
    expect((await postTheme(as.lead, id, "clinical-leadership", "later", clinical)).status).toBe(302);
    const html = await page(as.contributor, `/assessments/${id}`);
    const paperless = taskListItem(html, id, "paperless");
    expect(paperless).toContain("In progress");
    expect(paperless).toContain(`Last edited by ${personNames.contributor}`);
    const leadership = taskListItem(html, id, "clinical-leadership");
    expect(leadership).toContain("Completed");
    expect(leadership).toContain(`Last edited by ${personNames.lead}`);
    expect(taskListItem(html, id, "cyber-security")).toContain("Not started");
    expect(taskListItem(html, id, "cyber-security")).not.toContain("Last edited");
    expect(textOf(html)).toContain("1 of 9 themes completed");
  });

  it("the history of an answer shows each change, old value → new value", async () => {
    const response = await postTheme(as.lead, id, "paperless", "later", {
      "paperless-epr-coverage": { value: "4", revision: "1", evidence: "EPR on every ward" },
    });
    expect(response.status).toBe(302);
    const html = await page(as.contributor, `/assessments/${id}/themes/paperless`);
    const text = textOf(html);
    expect(text).toContain("History of this answer (2 changes)");
    expect(text).toContain(`${personNames.lead}: 3 – Established → 4 – Embedded`);
    expect(text).toContain(`${personNames.contributor}: Not answered → 3 – Established`);
  });
});

describe("submitting", () => {
  it("with required questions unanswered answers 400 and sums them up theme by theme", async () => {
    const response = await as.lead.post(`/assessments/${id}/check`, { intent: "submit" });
    expect(response.status).toBe(400);
    const html = await response.text();
    const summary = errorSummary(html);
    expect(summary?.title).toBe("There is a problem");
    const links = summary?.links ?? [];
    const hrefs = links.map((l) => l.href);
    // One line a theme with unanswered questions, linking to its first one.
    expect(links.length).toBeGreaterThan(1);
    expect(links.length).toBeLessThanOrEqual(coreQuestionnaire().themes.length);
    for (const link of links)
      expect(link.text).toMatch(/^.+: (1 question is|\d+ questions are) not answered$/);
    expect(links.map((l) => l.text.split(":")[0])).toContain("Cyber security");
    expect(hrefs).not.toContain("#answer-paperless-epr-coverage");
    expect(hrefs).not.toContain("#answer-paperless-epr-convergence-plan"); // not shown, and optional
    expect(hrefs).not.toContain("#answer-paperless-mental-health-act"); // not asked of acute trusts
    expect(html).toMatch(/You cannot submit yet: \d+ required questions are not answered/);
    for (const href of hrefs) expect(html).toContain(`id="${href.slice(1)}"`);
    expect(assessmentStatus(db, id)).toBe("in-progress");
  });

  it("once every required question is answered, submits and redirects", async () => {
    await answerAllRequired(as.contributor, server, id);
    const response = await as.lead.post(`/assessments/${id}/check`, { intent: "submit" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/assessments/${id}?submitted=1`);
    expect(assessmentStatus(db, id)).toBe("submitted");
    expect(textOf(await page(as.lead, `/assessments/${id}`))).toContain("Submitted");
  });

  it("a submitted assessment is read-only: theme page posts and autosave answer 409 and change nothing", async () => {
    const before = rowCounts(db);
    const viaPage = await postTheme(as.contributor, id, "paperless", "continue", {
      "paperless-epr-coverage": { value: "1", revision: "2" },
    });
    expect(viaPage.status).toBe(409);
    expect(textOf(await viaPage.text())).toContain("This assessment has been submitted");
    const viaAutosave = await autosave(as.lead, id, {
      "paperless-epr-coverage": { value: "1", revision: "2" },
    });
    expect(viaAutosave.status).toBe(409);
    expect(viaAutosave.json.error).toMatch(/submitted/);
    expect(rowCounts(db)).toEqual(before);
    expect(storedValue(db, id, "paperless-epr-coverage")).toBe(4);
    // A second submit is refused too.
    expect((await as.lead.post(`/assessments/${id}/check`, { intent: "submit" })).status).toBe(409);
    const html = await page(as.contributor, `/assessments/${id}/themes/paperless`);
    expect(textOf(html)).toContain("This assessment has been submitted, so its answers cannot change.");
    expect(html).not.toContain('name="intent"');
  });
});

describe("the board", () => {
  it("returns the assessment with a comment and a comment on a theme", async () => {
    const response = await as.board.post(`/assessments/${id}/review`, {
      decision: "return",
      signedName: "",
      comment: "Please add evidence for the cyber answers.",
      "theme-cyber-security": "Is the DSPT answer up to date?",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/assessments/${id}?returned=1`);
    expect(assessmentStatus(db, id)).toBe("in-progress");
  });

  it("the returned assessment is in progress again, with the comments on the overview and the theme", async () => {
    const overview = textOf(await page(as.lead, `/assessments/${id}`));
    expect(overview).toContain("In progress");
    expect(overview).toContain("Returned by the board");
    expect(overview).toContain(`${personNames.board} returned this assessment`);
    expect(overview).toContain("Please add evidence for the cyber answers.");
    // The task list marks the theme the board commented on, and only that one.
    expect(overview.match(/The board commented on this theme/g)).toHaveLength(1);
    // The lead is told on the home and organisation pages too.
    for (const path of ["/", "/organisations/ZD01"])
      expect(textOf(await page(as.lead, path)), path).toContain("the board returned it for changes");
    const theme = textOf(await page(as.contributor, `/assessments/${id}/themes/cyber-security`));
    expect(theme).toContain("The board's comment on this theme");
    expect(theme).toContain("Is the DSPT answer up to date?");
    const other = textOf(await page(as.contributor, `/assessments/${id}/themes/paperless`));
    expect(other).not.toContain("The board's comment on this theme");
  });

  it("after the return the answers can change again, and the lead resubmits", async () => {
    const saved = await autosave(as.contributor, id, {
      "cyber-governance-risk": { value: "3", revision: "1", evidence: "DSPT 2025/26 published" },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.results).toEqual([expect.objectContaining({ outcome: "saved", revision: 2 })]);
    const response = await as.lead.post(`/assessments/${id}/check`, { intent: "submit" });
    expect(response.status).toBe(302);
    expect(assessmentStatus(db, id)).toBe("submitted");
  });

  it("signs off with a name and a comment", async () => {
    const response = await as.board.post(`/assessments/${id}/review`, {
      decision: "sign-off",
      signedName: "Bea Board, Chair",
      comment: "Agreed at the November board meeting.",
    });
    expect(response.status).toBe(302);
    expect(assessmentStatus(db, id)).toBe("signed-off");
    const overview = textOf(await page(as.contributor, `/assessments/${id}`));
    expect(overview).toContain("Signed off by Bea Board, Chair on");
    expect(overview).toContain("“Agreed at the November board meeting.”");
    expect(overview).not.toContain("Returned by the board");
    // Signed off is final: no second decision, no more edits.
    const again = await as.board.post(`/assessments/${id}/review`, { decision: "return", comment: "x" });
    expect(again.status).toBe(409);
    expect((await autosave(as.lead, id, { "cyber-patching": { value: "3", revision: "1" } })).status).toBe(
      409,
    );
  });

  it("no second assessment can start for the signed-off cycle: 409, and the database holds one", async () => {
    const before = rowCounts(db).assessment;
    const responses = await Promise.all(
      [1, 2].map(() =>
        as.lead.post(startPath("ZD01"), { questionnaire: coreQuestionnaireRef, cycle: currentCycle() }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([409, 409]);
    const html = textOf(await responses[0]!.text());
    expect(html).toContain(`The ${currentCycle()} assessment with this questionnaire has been signed off`);
    expect(html).toContain("Go to the assessment");
    expect(rowCounts(db).assessment).toBe(before);
  });

  it("the audit log lists the start, both submissions, the return and the sign-off", async () => {
    const html = await page(as.admin, "/admin/audit");
    const rows = [...html.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((m) => textOf(m[0]));
    const events = rows.filter((r) => r.includes(`assessment ${id}`));
    const count = (action: string) => events.filter((r) => r.includes(` ${action} `)).length;
    expect(count("assessment.started")).toBe(1);
    expect(count("assessment.submitted")).toBe(2);
    expect(count("assessment.returned")).toBe(1);
    expect(count("assessment.signed-off")).toBe(1);
    expect(events.find((r) => r.includes("assessment.signed-off"))).toContain("board@demo.example");
    expect(events.find((r) => r.includes("assessment.started"))).toContain("lead@demo.example");
  });
});
