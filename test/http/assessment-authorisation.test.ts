import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/client";
import {
  autosave,
  coreQuestionnaireRef,
  currentCycle,
  databaseSnapshot,
  openAssessment,
  openDatabase,
  type Person,
  postTheme,
  type ReadonlyDb,
  signInAll,
  startAssessment,
  startPath,
  storedAnswers,
  textOf,
} from "../support/assessment";
import { type RunningServer, startServer } from "../support/server";

// Who may do what with an assessment: every role against every assessment route, for an assessment of
// their own organisation (ZD01), of another organisation of the same region (ZD02, London) and of another
// region (ZD07, South West). Organisations a person may not see answer 404; ones they see but may not act
// on, 403; anonymous people are sent to sign in (autosave, being JSON, answers 401).

type Who = "anonymous" | Person;
const everyone: Who[] = ["anonymous", "contributor", "lead", "board", "analyst", "admin"];
type Org = "ZD01" | "ZD02" | "ZD07";

let server: RunningServer;
let as: Record<Who, Client>;
let db: ReadonlyDb;
const ids = {} as Record<Org, number>;

beforeAll(async () => {
  server = await startServer();
  as = { anonymous: new Client(server.url), ...(await signInAll(server)) };
  db = openDatabase(server);
  ids.ZD01 = await startAssessment(as.lead, "ZD01");
  // The administrator may do anything; the demo data may already hold an open one.
  ids.ZD02 = await openAssessment(as.admin, "ZD02");
  ids.ZD07 = await openAssessment(as.admin, "ZD07");
});
afterAll(async () => {
  db?.close();
  await server?.stop();
});

const R = 302; // redirected to sign in
const all = (status: number): Record<Who, number> => ({
  anonymous: R,
  contributor: status,
  lead: status,
  board: status,
  analyst: status,
  admin: 200,
});

const pages: [string, string, Record<Org, Record<Who, number>>][] = [
  ...["", "/themes/paperless", "/check", "/answers.csv", "/fhir"].map(
    (page): [string, string, Record<Org, Record<Who, number>>] => [
      page || "/ (overview)",
      page,
      {
        ZD01: all(200),
        ZD02: { ...all(404), analyst: 200 },
        ZD07: all(404),
      },
    ],
  ),
  [
    "/review",
    "/review",
    {
      ZD01: { ...all(403), board: 200 },
      ZD02: { ...all(404), analyst: 403 },
      ZD07: all(404),
    },
  ],
  [
    "/assign",
    "/assign",
    {
      ZD01: { ...all(403), lead: 200 },
      ZD02: { ...all(404), analyst: 403 },
      ZD07: all(404),
    },
  ],
];

describe.each(everyone)("as %s", (who) => {
  describe.each(["ZD01", "ZD02", "ZD07"] as Org[])("an assessment of %s", (org) => {
    it.for(pages)("GET %s", async ([_name, page, expected]) => {
      const response = await as[who].get(`/assessments/${ids[org]}${page}`);
      expect(response.status).toBe(expected[org][who]);
      if (expected[org][who] === R)
        expect(response.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=%2Fassessments%2F/);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Changes. Each person answers a question of their own, so their saves never meet each other.

const question: Record<Who, string> = {
  anonymous: "burden-sign-in",
  contributor: "burden-devices-connectivity",
  lead: "burden-record-once",
  board: "burden-voice-technology",
  analyst: "burden-it-support",
  admin: "productivity-e-rostering",
};
const theme = (q: string) => (q.startsWith("burden") ? "mission-burden" : "mission-productivity");

describe.each(everyone)("as %s, changing ZD01's assessment", (who) => {
  const mayEdit = who === "contributor" || who === "lead" || who === "admin";

  it(`autosave answers ${mayEdit ? "200 and saves" : "with an error and saves nothing"}`, async () => {
    const before = databaseSnapshot(db);
    const q = question[who];
    const { status, contentType, json } = await autosave(as[who], ids.ZD01, {
      [q]: { value: "2", revision: "0" },
    });
    expect(contentType).toMatch(/^application\/json/);
    const expected = { anonymous: 401, contributor: 200, lead: 200, board: 403, analyst: 403, admin: 200 }[
      who
    ];
    expect(status).toBe(expected);
    if (mayEdit) {
      expect(json.results?.[0]).toMatchObject({ questionId: q, outcome: "saved", revision: 1 });
    } else {
      expect(json.error).toBe(
        who === "anonymous"
          ? "Your session has ended. Sign in again: your answers are kept on this computer."
          : "You cannot change this assessment.",
      );
      expect(databaseSnapshot(db)).toEqual(before);
    }
  });

  it(`the theme page form ${mayEdit ? "saves" : "is refused and saves nothing"}`, async () => {
    const before = databaseSnapshot(db);
    const q = question[who];
    const response = await postTheme(as[who], ids.ZD01, theme(q), "later", {
      [q]: { value: "3", revision: mayEdit ? "1" : "0" },
    });
    const expected = { anonymous: R, contributor: R, lead: R, board: 403, analyst: 403, admin: R }[who];
    expect(response.status).toBe(expected);
    if (mayEdit) {
      expect(response.headers.get("Location")).toBe(`/assessments/${ids.ZD01}`);
      expect(storedAnswers(db, ids.ZD01).get(q)?.value).toBe("3");
    } else {
      expect(databaseSnapshot(db)).toEqual(before);
    }
  });

  it("submitting is only for the lead (and the administrator)", async () => {
    const before = databaseSnapshot(db);
    const response = await as[who].post(`/assessments/${ids.ZD01}/check`, { intent: "submit" });
    // The lead and the administrator are allowed, but required questions are unanswered.
    const expected = { anonymous: R, contributor: 403, lead: 400, board: 403, analyst: 403, admin: 400 }[who];
    expect(response.status).toBe(expected);
    expect(databaseSnapshot(db)).toEqual(before);
  });

  it("starting is only for the lead (and the administrator)", async () => {
    const before = databaseSnapshot(db);
    const response = await as[who].post(startPath("ZD01"), {
      questionnaire: coreQuestionnaireRef,
      cycle: currentCycle(),
    });
    // The lead and the administrator are allowed, but this one is open already.
    const expected = { anonymous: R, contributor: 403, lead: 409, board: 403, analyst: 403, admin: 409 }[who];
    expect(response.status).toBe(expected);
    expect(databaseSnapshot(db)).toEqual(before);
    if (who === "contributor" || who === "board" || who === "analyst")
      expect((await as[who].get(startPath("ZD01"))).status).toBe(403);
  });

  it("signing off or returning is only for the board (and the administrator)", async () => {
    const before = databaseSnapshot(db);
    const response = await as[who].post(`/assessments/${ids.ZD01}/review`, {
      decision: "return",
      comment: "Not yet",
    });
    // The board and the administrator are allowed, but the assessment is not submitted.
    const expected = { anonymous: R, contributor: 403, lead: 403, board: 409, analyst: 403, admin: 409 }[who];
    expect(response.status).toBe(expected);
    expect(databaseSnapshot(db)).toEqual(before);
  });

  it("assigning themes is only for the lead (and the administrator)", async () => {
    const before = databaseSnapshot(db);
    const response = await as[who].post(`/assessments/${ids.ZD01}/assign`, {
      "theme-paperless": "",
      "theme-interoperability": "",
      "theme-cyber-security": "",
      "theme-clinical-leadership": "",
      "theme-mission-burden": "",
      "theme-mission-citizen-access": "",
      "theme-mission-safe-access": "",
      "theme-mission-patient-safety": "",
      "theme-mission-productivity": "",
    });
    const expected = { anonymous: R, contributor: 403, lead: R, board: 403, analyst: 403, admin: R }[who];
    expect(response.status).toBe(expected);
    if (who === "lead" || who === "admin")
      expect(response.headers.get("Location")).toBe(`/assessments/${ids.ZD01}?assigned=1`);
    else expect(databaseSnapshot(db)).toEqual(before);
  });
});

describe("people outside the organisation", () => {
  it("the lead of ZD01 gets 404 for everything of ZD02's assessment, and changes nothing", async () => {
    const before = databaseSnapshot(db);
    const id = ids.ZD02;
    const saved = await autosave(as.lead, id, { "paperless-epr-coverage": { value: "2", revision: "0" } });
    expect(saved.status).toBe(404);
    expect(saved.json.error).toBeTruthy();
    const q = { "paperless-epr-coverage": { value: "2", revision: "0" } };
    expect((await postTheme(as.lead, id, "paperless", "later", q)).status).toBe(404);
    expect((await as.lead.post(`/assessments/${id}/check`, { intent: "submit" })).status).toBe(404);
    expect(
      (await as.lead.post(startPath("ZD02"), { questionnaire: coreQuestionnaireRef, cycle: currentCycle() }))
        .status,
    ).toBe(404);
    expect(
      (await as.board.post(`/assessments/${id}/review`, { decision: "return", comment: "x" })).status,
    ).toBe(404);
    expect(databaseSnapshot(db)).toEqual(before);
  });

  it("the analyst of London reads ZD02 but cannot change it, and gets 404 for the South West", async () => {
    const before = databaseSnapshot(db);
    const q = { "paperless-epr-coverage": { value: "2", revision: "0" } };
    expect((await autosave(as.analyst, ids.ZD02, q)).status).toBe(403);
    expect((await postTheme(as.analyst, ids.ZD02, "paperless", "later", q)).status).toBe(403);
    expect((await autosave(as.analyst, ids.ZD07, q)).status).toBe(404);
    expect((await postTheme(as.analyst, ids.ZD07, "paperless", "later", q)).status).toBe(404);
    expect(databaseSnapshot(db)).toEqual(before);
  });
});

describe("what read-only people see", () => {
  it.each(["board", "analyst"] as const)("%s sees the answers without a form", async (who) => {
    const html = await (await as[who].get(`/assessments/${ids.ZD01}/themes/mission-burden`)).text();
    expect(textOf(html)).toContain("You can read these answers but not change them.");
    expect(html).not.toContain('name="intent"');
    expect(html).not.toContain("answers.burden-sign-in.value");
  });

  it.each(["contributor", "board", "analyst"] as const)("%s is not offered submit or assign", async (who) => {
    const check = await (await as[who].get(`/assessments/${ids.ZD01}/check`)).text();
    expect(check).not.toContain("Submit assessment");
    const overview = await (await as[who].get(`/assessments/${ids.ZD01}`)).text();
    expect(overview).not.toContain("Assign themes to people");
  });
});

describe("cross-site request forgery", () => {
  const answer = () => ({ "safety-allergies": { value: "2", revision: "0" } });

  it("autosave without the X-CSRF-Token header answers 403 and saves nothing", async () => {
    const before = databaseSnapshot(db);
    const { status, json } = await autosave(as.contributor, ids.ZD01, answer(), { csrfHeader: null });
    expect(status).toBe(403);
    expect(json.error).toBeTruthy();
    expect(databaseSnapshot(db)).toEqual(before);
  });

  it("autosave with another session's token answers 403 and saves nothing", async () => {
    const before = databaseSnapshot(db);
    const { status } = await autosave(as.contributor, ids.ZD01, answer(), { csrfHeader: as.lead.csrfToken });
    expect(status).toBe(403);
    expect(databaseSnapshot(db)).toEqual(before);
  });

  it("the theme page form without its csrf field answers 403 and saves nothing", async () => {
    const before = databaseSnapshot(db);
    const response = await postTheme(as.contributor, ids.ZD01, "mission-patient-safety", "later", answer(), {
      csrf: "",
    });
    expect(response.status).toBe(403);
    expect(databaseSnapshot(db)).toEqual(before);
  });

  it("autosave from another site (Origin header) answers 403 and saves nothing", async () => {
    const before = databaseSnapshot(db);
    const response = await as.contributor.request(`/assessments/${ids.ZD01}/answers`, {
      method: "POST",
      headers: { "X-CSRF-Token": as.contributor.csrfToken, Origin: "https://evil.example" },
      body: new URLSearchParams({
        "answers.safety-allergies.value": "2",
        "answers.safety-allergies.revision": "0",
      }),
    });
    expect(response.status).toBe(403);
    expect(databaseSnapshot(db)).toEqual(before);
  });
});
