import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shiftCycle } from "../../app/domain/cycle";
import type { Client } from "../support/client";
import {
  answerAllRequired,
  answerFields,
  autosave,
  checkedValues,
  coreQuestionnaireRef,
  currentCycle,
  databaseSnapshot,
  elementIds,
  errorSummary,
  followFailedPost,
  type Fields,
  openDatabase,
  postTheme,
  type Person,
  type ReadonlyDb,
  signInAll,
  startAssessment,
  startPath,
  storedAnswers,
  storedValue,
  textareaValue,
  textOf,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";

// Every assessment action given malformed, missing, oversized and unexpected input answers 400 with a
// message a person can act on (never 500), and writes nothing: checked in the database itself.

let server: RunningServer;
let as: Record<Person, Client>;
let db: ReadonlyDb;
/** ZD01, current cycle: every required question answered, still in progress (so a wrongly accepted submit would show). */
let id: number;
/** ZD01, next cycle: submitted, waiting for the board. */
let submittedId: number;
let revisions: Map<string, string>;

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
  db = openDatabase(server);
  id = await startAssessment(as.lead);
  await answerAllRequired(as.contributor, server, id);
  submittedId = await startAssessment(as.lead, "ZD01", shiftCycle(currentCycle(), 1));
  await answerAllRequired(as.contributor, server, submittedId);
  const submitted = await as.lead.post(`/assessments/${submittedId}/check`, { intent: "submit" });
  if (submitted.status !== 302) throw new Error(`submit answered ${submitted.status}`);
  revisions = new Map(
    [...storedAnswers(db, id)].map(([questionId, row]) => [questionId, String(row.revision)]),
  );
});
afterAll(async () => {
  db?.close();
  await server?.stop();
});

const rev = (questionId: string) => revisions.get(questionId) ?? "0";
const long = (n: number) => "x".repeat(n);

/** Runs a request and checks that the database is exactly as it was. */
async function unchanged<T>(request: () => Promise<T>): Promise<T> {
  const before = databaseSnapshot(db);
  const result = await request();
  expect(databaseSnapshot(db)).toEqual(before);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Invalid answers: the theme page comes back with the NHS error summary, each message linked to its field.

interface InvalidCase {
  name: string;
  theme: string;
  answers: () => Record<string, Fields>;
  /** Field id the error summary links to, and (part of) its message. */
  field: string;
  message: string | RegExp;
}

const invalid: InvalidCase[] = [
  {
    name: "level 9",
    theme: "paperless",
    answers: () => ({ "paperless-epr-coverage": { value: "9", revision: rev("paperless-epr-coverage") } }),
    field: "paperless-epr-coverage",
    message: "Choose one of the levels",
  },
  {
    name: "level 4 on an outcome question (scale 1–3)",
    theme: "cyber-security",
    answers: () => ({ "cyber-patching": { value: "4", revision: rev("cyber-patching") } }),
    field: "cyber-patching",
    message: "Choose one of the levels",
  },
  {
    name: '"maybe" for yes or no',
    theme: "paperless",
    answers: () => ({ "paperless-fax-in-use": { value: "maybe", revision: rev("paperless-fax-in-use") } }),
    field: "paperless-fax-in-use",
    message: "Choose yes or no",
  },
  {
    name: '"abc" for a number',
    theme: "paperless",
    answers: () => ({
      "paperless-observations-beds": { value: "abc", revision: rev("paperless-observations-beds") },
    }),
    field: "paperless-observations-beds",
    message: "Enter a number, like 42 or 42.5",
  },
  {
    name: "a number above the question's maximum",
    theme: "paperless",
    answers: () => ({
      "paperless-observations-beds": { value: "101", revision: rev("paperless-observations-beds") },
    }),
    field: "paperless-observations-beds",
    message: "Enter a number of 100 or less",
  },
  {
    name: "a checklist item not in the list",
    theme: "interoperability",
    answers: () => ({
      "interop-procurement-standards": {
        value: ["contract-fhir-apis", "contract-blockchain"],
        revision: rev("interop-procurement-standards"),
      },
    }),
    field: "interop-procurement-standards",
    message: "Choose from the list",
  },
  {
    name: '"None of these" with an item',
    theme: "interoperability",
    answers: () => ({
      "interop-procurement-standards": {
        value: ["none", "contract-fhir-apis"],
        revision: rev("interop-procurement-standards"),
      },
    }),
    field: "interop-procurement-standards",
    message: "Select the capabilities in place, or select 'None of these'",
  },
  {
    name: "not applicable on a question that does not allow it",
    theme: "paperless",
    answers: () => ({
      "paperless-epr-coverage": {
        notApplicable: "yes",
        reason: "We have no records",
        revision: rev("paperless-epr-coverage"),
      },
    }),
    field: "paperless-epr-coverage",
    message: "This question must be answered",
  },
  {
    name: "a level and 'does not apply' together (the level was dropped while the page said Saved)",
    theme: "paperless",
    answers: () => ({
      "paperless-electronic-observations": {
        value: "3",
        notApplicable: "yes",
        reason: "No inpatient beds",
        revision: rev("paperless-electronic-observations"),
      },
    }),
    field: "paperless-electronic-observations",
    message: "Give an answer or say that this does not apply, not both",
  },
  {
    name: "yes and 'does not apply' together",
    theme: "mission-citizen-access",
    answers: () => ({
      "citizen-nhs-login": {
        value: "yes",
        notApplicable: "yes",
        reason: "We have no patient-facing services",
        revision: rev("citizen-nhs-login"),
      },
    }),
    field: "citizen-nhs-login",
    message: "Give an answer or say that this does not apply, not both",
  },
  {
    name: "not applicable without a reason",
    theme: "paperless",
    answers: () => ({
      "paperless-electronic-observations": {
        notApplicable: "yes",
        reason: "   ",
        revision: rev("paperless-electronic-observations"),
      },
    }),
    field: "paperless-electronic-observations-reason",
    message: "Say why this question does not apply",
  },
  {
    name: "a reason of 501 characters",
    theme: "paperless",
    answers: () => ({
      "paperless-electronic-observations": {
        notApplicable: "yes",
        reason: long(501),
        revision: rev("paperless-electronic-observations"),
      },
    }),
    field: "paperless-electronic-observations-reason",
    message: "Reason must be 500 characters or fewer",
  },
  {
    name: "evidence of 2001 characters",
    theme: "paperless",
    answers: () => ({
      "paperless-epr-coverage": { value: "3", evidence: long(2001), revision: rev("paperless-epr-coverage") },
    }),
    field: "paperless-epr-coverage-evidence",
    message: "Evidence must be 2000 characters or fewer",
  },
  {
    name: "an evidence link that is not a web address",
    theme: "paperless",
    answers: () => ({
      "paperless-epr-coverage": {
        value: "3",
        links: "javascript:alert(1)",
        revision: rev("paperless-epr-coverage"),
      },
    }),
    field: "paperless-epr-coverage-links",
    message: "Enter each link as a full web address starting https://",
  },
  {
    name: "eleven evidence links",
    theme: "paperless",
    answers: () => ({
      "paperless-epr-coverage": {
        value: "3",
        links: Array.from({ length: 11 }, (_, i) => `https://intranet.example/doc/${i}`).join("\n"),
        revision: rev("paperless-epr-coverage"),
      },
    }),
    field: "paperless-epr-coverage-links",
    message: "Give at most 10 links",
  },
  {
    name: "no revision",
    theme: "paperless",
    answers: () => ({ "paperless-epr-coverage": { value: "2" } }),
    field: "paperless-epr-coverage",
    message: "Reload the page and try again",
  },
  {
    name: "a revision that is not a number",
    theme: "paperless",
    answers: () => ({ "paperless-epr-coverage": { value: "2", revision: "-1" } }),
    field: "paperless-epr-coverage",
    message: "Reload the page and try again",
  },
];

describe("theme page: invalid answers", () => {
  it.each(invalid)("$name: 400, the error summary links to the field, nothing written", async (c) => {
    const posted = await unchanged(() =>
      as.contributor.post(`/assessments/${id}/themes/${c.theme}`, {
        intent: "continue",
        ...answerFields(c.answers()),
      }),
    );
    // Post/redirect/get: the failed post is kept with the session and the page shows it on a GET.
    expect(posted.status).toBe(302);
    expect(posted.headers.get("Location")).toMatch(
      new RegExp(`^/assessments/${id}/themes/${c.theme}\\?failed=[0-9a-f]{16}$`),
    );
    const response = await followFailedPost(as.contributor, posted);
    expect(response.status).toBe(400);
    const html = await response.text();
    const summary = errorSummary(html);
    expect(summary?.title).toBe("There is a problem");
    const link = summary?.links.find((l) => l.href === `#${c.field}`);
    expect(link, JSON.stringify(summary?.links)).toBeDefined();
    expect(link?.text).toMatch(c.message);
  });

  it.each(invalid)("$name: each error summary link leads to an element of the page", async (c) => {
    const response = await followFailedPost(
      as.contributor,
      await as.contributor.post(`/assessments/${id}/themes/${c.theme}`, {
        intent: "continue",
        ...answerFields(c.answers()),
      }),
    );
    const html = await response.text();
    const ids = elementIds(html);
    const dead = (errorSummary(html)?.links ?? []).filter((l) => !ids.has(l.href.slice(1)));
    expect(dead, "error summary links without a target on the page").toEqual([]);
  });

  it("one invalid and one valid answer: the valid one is saved, the invalid one comes back as typed, named", async () => {
    const noting = rev("paperless-clinical-noting");
    const response = await postTheme(as.contributor, id, "paperless", "continue", {
      "paperless-epr-coverage": {
        value: "9",
        evidence: "Typed before the mistake",
        revision: rev("paperless-epr-coverage"),
      },
      "paperless-clinical-noting": {
        value: "5",
        evidence: "All notes are electronic",
        revision: noting,
      },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    const summary = errorSummary(html);
    expect(summary?.links.map((l) => l.href)).toEqual(["#paperless-epr-coverage"]);
    // The summary names the question: a page has several answers with the same kinds of field.
    expect(summary?.links[0]?.text).toMatch(/^Question \d+: /);
    expect(html).toContain("Your other answers on this page were saved.");
    expect(textareaValue(html, "answers.paperless-epr-coverage.evidence")).toBe("Typed before the mistake");
    expect(checkedValues(html, "answers.paperless-epr-coverage.value")).toEqual([]);
    expect(html).toContain('id="paperless-epr-coverage-error"');
    // The valid answer is stored, and the page shows it from the database.
    expect(storedValue(db, id, "paperless-clinical-noting")).toBe(5);
    expect(storedValue(db, id, "paperless-epr-coverage")).not.toBe(9);
    expect(textareaValue(html, "answers.paperless-clinical-noting.evidence")).toBe(
      "All notes are electronic",
    );
    expect(checkedValues(html, "answers.paperless-clinical-noting.value")).toEqual(["5"]);
  });
});

describe("theme page: a failed post is kept for its own session only", () => {
  it("another person following the same address sees the page, not what was typed", async () => {
    const typed = "Evidence typed by the contributor, not to be shown to anyone else";
    const posted = await as.contributor.post(`/assessments/${id}/themes/paperless`, {
      intent: "continue",
      ...answerFields({
        "paperless-epr-coverage": { value: "9", evidence: typed, revision: rev("paperless-epr-coverage") },
      }),
    });
    const location = posted.headers.get("Location") ?? "";
    expect(location).toMatch(/\?failed=[0-9a-f]{16}$/);
    expect(await (await as.contributor.get(location)).text()).toContain(typed);
    const other = await as.lead.get(location);
    expect(other.status).toBe(200);
    const html = await other.text();
    expect(html).not.toContain(typed);
    expect(errorSummary(html)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Malformed requests to the theme page: 400 with the reason, nothing written.

describe("theme page: missing and unexpected fields", () => {
  const valid = () =>
    answerFields({ "paperless-epr-coverage": { value: "1", revision: rev("paperless-epr-coverage") } });
  const cases: [string, () => Record<string, string | string[]>, RegExp][] = [
    ["no intent", () => valid(), /Choose Save and continue or Save and come back later/],
    ["an unknown intent", () => ({ intent: "publish", ...valid() }), /Choose Save and continue/],
    [
      "a question that does not exist",
      () => ({ intent: "continue", ...valid(), "answers.not-a-question.value": "3" }),
      /Unexpected question: not-a-question/,
    ],
    [
      "a question of another theme",
      () => ({
        intent: "continue",
        ...valid(),
        "answers.interop-nhs-number.value": "3",
        "answers.interop-nhs-number.revision": rev("interop-nhs-number"),
      }),
      /Unexpected question: interop-nhs-number/,
    ],
    [
      // ZD01 is acute: the page never shows this question, so only a hand-made request can carry it.
      "a question of another care setting",
      () => ({
        intent: "continue",
        ...valid(),
        "answers.paperless-mental-health-act.value": "3",
        "answers.paperless-mental-health-act.revision": "0",
      }),
      /Unexpected question: paperless-mental-health-act/,
    ],
    ["an unexpected field", () => ({ intent: "continue", ...valid(), foo: "bar" }), /Unexpected field: foo/],
    [
      "an unknown part of an answer",
      () => ({ intent: "continue", ...valid(), "answers.paperless-epr-coverage.score": "100" }),
      /Unexpected field: answers\.paperless-epr-coverage\.score/,
    ],
  ];

  it.each(cases)("%s: 400 with the reason, nothing written", async (_name, fields, message) => {
    const response = await unchanged(() =>
      as.contributor.post(`/assessments/${id}/themes/paperless`, fields()),
    );
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    expect(text).toContain("Sorry, we could not do that");
    expect(text).toMatch(message);
  });

  it("an unknown theme or assessment answers 404", async () => {
    const fields = { intent: "continue", ...valid() };
    expect((await as.contributor.post(`/assessments/${id}/themes/no-such-theme`, fields)).status).toBe(404);
    expect((await as.contributor.post("/assessments/999999/themes/paperless", fields)).status).toBe(404);
    expect((await as.contributor.post("/assessments/abc/themes/paperless", fields)).status).toBe(404);
    expect((await as.contributor.get(`/assessments/${id}/themes/no-such-theme`)).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The autosave endpoint answers JSON: 400 with `errors` by field id, or `error` for a malformed request.

describe("autosave: invalid input", () => {
  it.each(invalid)("$name: 400 JSON naming the field, nothing written", async (c) => {
    const { status, contentType, json } = await unchanged(() => autosave(as.contributor, id, c.answers()));
    expect(status).toBe(400);
    expect(contentType).toMatch(/^application\/json/);
    expect(json.results).toEqual([]);
    expect(json.errors?.[c.field]).toMatch(c.message);
  });

  it("one invalid and one valid answer: the valid one is written, the invalid one named", async () => {
    const { status, json } = await autosave(as.contributor, id, {
      "paperless-epr-coverage": { value: "9", revision: rev("paperless-epr-coverage") },
      "interop-nhs-number": { value: "1", revision: rev("interop-nhs-number") },
    });
    expect(status).toBe(400);
    expect(Object.keys(json.errors ?? {})).toEqual(["paperless-epr-coverage"]);
    expect(json.results?.map((r) => [r.questionId, r.outcome])).toEqual([["interop-nhs-number", "saved"]]);
    expect(storedValue(db, id, "interop-nhs-number")).toBe(1);
  });

  const malformed: [string, () => Record<string, Fields> | URLSearchParams, RegExp][] = [
    [
      "a question that does not exist",
      () => ({
        "paperless-epr-coverage": { value: "1", revision: rev("paperless-epr-coverage") },
        "not-a-question": { value: "3", revision: "0" },
      }),
      /Unexpected question: not-a-question/,
    ],
    [
      "a question of another care setting",
      () => ({ "paperless-mental-health-act": { value: "3", revision: "0" } }),
      /Unexpected question: paperless-mental-health-act/,
    ],
    [
      "an unexpected field",
      () =>
        new URLSearchParams({
          "answers.paperless-epr-coverage.value": "1",
          "answers.paperless-epr-coverage.revision": rev("paperless-epr-coverage"),
          foo: "bar",
        }),
      /Unexpected field: foo/,
    ],
    [
      "a question id with capitals",
      () =>
        new URLSearchParams({ "answers.Paperless-EPR.value": "1", "answers.Paperless-EPR.revision": "0" }),
      /Unexpected field/,
    ],
  ];

  it.each(malformed)("%s: 400 JSON with the reason, nothing written", async (_name, body, message) => {
    const { status, contentType, json } = await unchanged(() => autosave(as.contributor, id, body()));
    expect(status).toBe(400);
    expect(contentType).toMatch(/^application\/json/);
    expect(json.error).toMatch(message);
  });

  it("a body of 6 MB answers 400 (or 413) JSON, not 500, and writes nothing", async () => {
    const body = new URLSearchParams({
      "answers.paperless-epr-coverage.value": "1",
      "answers.paperless-epr-coverage.revision": rev("paperless-epr-coverage"),
      "answers.paperless-epr-coverage.evidence": long(6 * 1024 * 1024),
    });
    const { status, json } = await unchanged(() => autosave(as.contributor, id, body));
    expect([400, 413]).toContain(status);
    expect(json.error ?? json.errors?.["paperless-epr-coverage-evidence"]).toMatch(
      /characters|too large|larger than this page accepts/i,
    );
  });

  it("an unknown assessment answers 404 JSON", async () => {
    for (const path of ["/assessments/999999/answers", "/assessments/abc/answers"]) {
      const response = await as.contributor.request(path, {
        method: "POST",
        headers: { "X-CSRF-Token": as.contributor.csrfToken },
        body: new URLSearchParams({ "answers.paperless-epr-coverage.value": "1" }),
      });
      expect(response.status, path).toBe(404);
      expect(response.headers.get("Content-Type"), path).toMatch(/^application\/json/);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Starting, submitting, reviewing and assigning.

describe("start", () => {
  // The previous cycle has no assessment, so a wrongly accepted request would start one.
  const cycle = () => shiftCycle(currentCycle(), -1);
  const cases: [string, () => Record<string, string | string[]>, string, RegExp][] = [
    ["no questionnaire", () => ({ cycle: cycle() }), "questionnaire", /Choose a questionnaire/],
    [
      "a questionnaire that does not exist",
      () => ({ questionnaire: "no-such-questionnaire@1", cycle: cycle() }),
      "questionnaire",
      /Choose a questionnaire/,
    ],
    [
      "a version that does not exist",
      () => ({ questionnaire: "core-digital-maturity@99", cycle: cycle() }),
      "questionnaire",
      /Choose a questionnaire/,
    ],
    ["no cycle", () => ({ questionnaire: coreQuestionnaireRef }), "cycle", /Choose a cycle/],
    [
      "a cycle far away",
      () => ({ questionnaire: coreQuestionnaireRef, cycle: "2099/00" }),
      "cycle",
      /Choose a cycle/,
    ],
    [
      "a malformed cycle",
      () => ({ questionnaire: coreQuestionnaireRef, cycle: "abc" }),
      "cycle",
      /Choose a cycle/,
    ],
    [
      "two questionnaires",
      () => ({ questionnaire: [coreQuestionnaireRef, coreQuestionnaireRef], cycle: cycle() }),
      "questionnaire",
      /.+/,
    ],
  ];

  it.each(cases)("%s: 400 with the error summary, nothing written", async (_name, fields, field, message) => {
    const response = await unchanged(() => as.lead.post(startPath("ZD01"), fields()));
    expect(response.status).toBe(400);
    const summary = errorSummary(await response.text());
    expect(summary?.title).toBe("There is a problem");
    expect(summary?.links.find((l) => l.href === `#${field}`)?.text).toMatch(message);
  });

  it("an unexpected field: 400, nothing written", async () => {
    const response = await unchanged(() =>
      as.lead.post(startPath("ZD01"), { questionnaire: coreQuestionnaireRef, cycle: cycle(), foo: "bar" }),
    );
    expect(response.status).toBe(400);
    expect(errorSummary(await response.text())?.title).toBe("There is a problem");
  });
});

describe("check and submit", () => {
  const cases: [string, Record<string, string | string[]>][] = [
    ["no intent", {}],
    ["an unknown intent", { intent: "publish" }],
    ["intent twice", { intent: ["submit", "submit"] }],
    ["an unexpected field", { intent: "submit", foo: "bar" }],
  ];

  it.each(cases)("%s: 400 with the reason, the assessment stays in progress", async (_name, fields) => {
    const response = await unchanged(() => as.lead.post(`/assessments/${id}/check`, fields));
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain("Unexpected form fields.");
  });
});

describe("review", () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    [
      "no decision",
      { signedName: "Bea Board", comment: "" },
      "decision",
      /Choose whether to sign off or return/,
    ],
    ["an unknown decision", { decision: "maybe", signedName: "Bea Board" }, "decision", /Choose whether/],
    [
      "sign-off without a name",
      { decision: "sign-off", signedName: "   " },
      "signedName",
      /Enter the name you sign with/,
    ],
    [
      "sign-off with a name of 201 characters",
      { decision: "sign-off", signedName: long(201) },
      "signedName",
      /200 characters or fewer/,
    ],
    ["return without a comment", { decision: "return", comment: " " }, "comment", /Say what needs to change/],
    [
      "a comment of 2001 characters",
      { decision: "return", comment: long(2001) },
      "comment",
      /2000 characters or fewer/,
    ],
    [
      "a theme comment of 2001 characters",
      { decision: "return", comment: "Fix it", "theme-paperless": long(2001) },
      "theme-paperless",
      /2000 characters or fewer/,
    ],
  ];

  it.each(cases)("%s: 400 with the error summary, nothing written", async (_name, fields, field, message) => {
    const response = await unchanged(() => as.board.post(`/assessments/${submittedId}/review`, fields));
    expect(response.status).toBe(400);
    const summary = errorSummary(await response.text());
    expect(summary?.title).toBe("There is a problem");
    expect(summary?.links.find((l) => l.href === `#${field}`)?.text).toMatch(message);
  });

  it.each([
    ["a comment on a theme that does not exist", { "theme-no-such-theme": "Hello" }],
    ["an unexpected field", { foo: "bar" }],
  ])("%s: 400, nothing written", async (_name, extra) => {
    const response = await unchanged(() =>
      as.board.post(`/assessments/${submittedId}/review`, {
        decision: "return",
        comment: "Fix it",
        ...extra,
      }),
    );
    expect(response.status).toBe(400);
    expect(errorSummary(await response.text())?.title).toBe("There is a problem");
  });
});

describe("assign", () => {
  it("unknown people, unknown themes and unexpected fields answer 400 and write nothing", async () => {
    const page = await as.lead.get(`/assessments/${id}/assign`);
    expect(page.status).toBe(200);
    const cases: Record<string, string>[] = [
      { "theme-paperless": "999999" },
      { "theme-paperless": "abc" },
      { "theme-no-such-theme": "" },
      { foo: "bar" },
    ];
    for (const fields of cases) {
      const response = await unchanged(() => as.lead.post(`/assessments/${id}/assign`, fields));
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(errorSummary(await response.text())?.title, JSON.stringify(fields)).toBe("There is a problem");
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Bodies that are not form data at all. Each endpoint gets each body once with the CSRF token in the
// header (as autosave sends it: the action then reads the body) and once without (the CSRF check reads it).

describe("bodies that are not form data", () => {
  const bodies: [string, string, string][] = [
    ["JSON", "application/json", JSON.stringify({ intent: "continue", decision: "return", comment: "x" })],
    [
      "multipart cut off before its end",
      "multipart/form-data; boundary=----cut",
      '------cut\r\nContent-Disposition: form-data; name="intent"\r\n\r\ncontinue',
    ],
  ];
  const endpoints: [string, Person, () => string][] = [
    ["autosave", "contributor", () => `/assessments/${id}/answers`],
    ["theme page", "contributor", () => `/assessments/${id}/themes/paperless`],
    ["start", "lead", () => startPath("ZD01")],
    ["check and submit", "lead", () => `/assessments/${id}/check`],
    ["review", "board", () => `/assessments/${submittedId}/review`],
    ["assign", "lead", () => `/assessments/${id}/assign`],
  ];

  it.for(endpoints)(
    "%s: 400 (403 without the CSRF header), never 500, nothing written",
    async ([_endpoint, who, path]) => {
      const outcomes: Record<string, number> = {};
      for (const [body, type, text] of bodies) {
        for (const withHeader of [true, false]) {
          const headers: Record<string, string> = { "Content-Type": type };
          if (withHeader) headers["X-CSRF-Token"] = as[who].csrfToken;
          const response = await unchanged(() =>
            as[who].request(path(), { method: "POST", headers, body: text }),
          );
          outcomes[`${body}, ${withHeader ? "token in header" : "no token"}`] = response.status;
        }
      }
      expect(outcomes).toEqual({
        "JSON, token in header": 400,
        "JSON, no token": 403,
        "multipart cut off before its end, token in header": 400,
        "multipart cut off before its end, no token": expect.toBeOneOf([400, 403]),
      });
    },
  );
});
