import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Person, signInAll } from "../support/assessment";
import type { Client } from "../support/client";
import { type RunningServer, startServer, testPublicUrl } from "../support/server";

// An organisation's care setting changes (an ambulance trust becomes a mental health trust). Its assessments
// were answered under the ambulance Questionnaire: every export of them (the FHIR QuestionnaireResponse, its
// search, the answers CSV, the assessment and report pages) must stay as answered. The new setting applies
// only to assessments started after the change.

let server: RunningServer;
let as: Record<Person, Client>;
let token: string;
let closed: { id: number; status: string }[];

// biome-ignore lint/suspicious/noExplicitAny: FHIR JSON from outside, read loosely in assertions
type Json = Record<string, any>;
const fhir = (path: string) =>
  fetch(`${server.url}/fhir${path}`, {
    headers: { Accept: "application/fhir+json", Authorization: `Bearer ${token}` },
  });
const linkIdsOf = (resource: Json): string[] =>
  (resource.item ?? []).flatMap((group: Json) => (group.item ?? []).map((i: Json) => i.linkId as string));

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
  const db = openDatabase(server);
  try {
    const organisation = db
      .prepare("SELECT care_setting FROM organisation WHERE ods_code = 'ZD06'")
      .get() as { care_setting: string };
    expect(organisation.care_setting).toBe("ambulance");
    closed = db
      .prepare(
        "SELECT id, status FROM assessment WHERE organisation_code = 'ZD06' AND questionnaire_id = 'core-digital-maturity' AND status <> 'in-progress' ORDER BY id",
      )
      .all() as { id: number; status: string }[];
  } finally {
    db.close();
  }
  const created = await as.admin.post("/api-tokens", {
    intent: "create",
    name: "ICB pipeline",
    scope: "organisation:ZD06",
    access: "read",
    expiresInDays: "30",
  });
  token = (await created.text()).match(/data-testid="new-token">(dma_[A-Za-z0-9_-]+)</)?.[1] ?? "";
  expect(token).not.toBe("");
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("a care-setting change leaves past assessments as they were answered", () => {
  it("keeps each response's Questionnaire, answers, CSV and pages; only new assessments take the new setting", async () => {
    expect(closed.length).toBeGreaterThanOrEqual(2);
    const before = new Map<number, { resource: Json; csv: string }>();
    for (const { id } of closed) {
      const response = await fhir(`/QuestionnaireResponse/assessment-${id}`);
      expect(response.status).toBe(200);
      const resource = await response.json();
      expect(resource.questionnaire).toMatch(
        new RegExp(`^${testPublicUrl}/questionnaires/core-digital-maturity/ambulance\\|`),
      );
      const csv = await (await as.admin.get(`/assessments/${id}/answers.csv`)).text();
      before.set(id, { resource, csv });
    }

    const changed = await as.admin.post("/admin/organisations/ZD06", { careSetting: "mental-health" });
    expect(changed.status).toBe(302);

    for (const { id } of closed) {
      const { resource, csv } = before.get(id)!;
      const response = await fhir(`/QuestionnaireResponse/assessment-${id}`);
      expect(response.status).toBe(200);
      const after = await response.json();
      // Same Questionnaire, and not one answer dropped (ambulance-only questions included).
      expect(after.questionnaire, `assessment ${id}`).toBe(resource.questionnaire);
      expect(linkIdsOf(after), `assessment ${id}`).toEqual(linkIdsOf(resource));
      expect(after.item, `assessment ${id}`).toEqual(resource.item);
      expect(await (await as.admin.get(`/assessments/${id}/answers.csv`)).text(), `assessment ${id}`).toBe(
        csv,
      );
      const page = await (await as.admin.get(`/assessments/${id}/report`)).text();
      expect(page).toContain("Ambulance");
      expect(page).not.toContain("Mental health,");
    }
    // Searching by the ambulance Questionnaire still finds them.
    const q = encodeURIComponent(`${testPublicUrl}/questionnaires/core-digital-maturity/ambulance`);
    const found = await (await fhir(`/QuestionnaireResponse?questionnaire=${q}&_count=100`)).json();
    expect(found.entry.map((e: Json) => e.resource.id).sort()).toEqual(
      closed.map(({ id }) => `assessment-${id}`).sort(),
    );
  });

  it("records the care setting on each assessment, apart from the organisation's (the backfill: test/integration/assessment-versions.test.ts)", () => {
    const db = openDatabase(server);
    try {
      const rows = db
        .prepare(
          "SELECT a.care_setting, o.care_setting AS now FROM assessment a JOIN organisation o ON o.ods_code = a.organisation_code WHERE a.organisation_code = 'ZD06' AND a.status <> 'in-progress'",
        )
        .all() as { care_setting: string; now: string }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.care_setting === "ambulance" && r.now === "mental-health")).toBe(true);
    } finally {
      db.close();
    }
  });
});
