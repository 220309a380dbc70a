import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb } from "../support/database";
import {
  type ApiCaller,
  authenticateToken,
  createApiToken,
  revokeApiToken,
  takeFromBudget,
  tokenCan,
} from "../../app/models/api-token.server";
import { seedDemoIfEmpty } from "../../app/models/demo.server";
import { loadQuestionnaires } from "../../app/models/questionnaire.server";

// API tokens through the model functions the FHIR API uses, on the service's own database factory: what a
// token's lifetime does to it (expiry, revocation, a deactivated creator), what it may reach, and the rate
// budget that servers sharing one database share. Queries only through kysely, so they hold on either dialect.

let db: Awaited<ReturnType<typeof openTestDb>>;
const ids: Record<string, number> = {};
const now = new Date("2026-12-01T12:00:30.000Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

beforeAll(async () => {
  db = await openTestDb();
  await loadQuestionnaires(db);
  await seedDemoIfEmpty(db);
  for (const p of await db.selectFrom("person").select(["id", "email"]).execute()) ids[p.email] = p.id;
}, 120_000);
afterAll(async () => {
  await db?.dropAfter();
});

const lead = () => ({ personId: ids["lead@demo.example"]!, address: null });
const organisationToken = (access: "read" | "write" = "write", expiresInDays: 7 | 30 = 30) =>
  createApiToken(
    db,
    { name: "Warehouse", organisationCode: "ZD01", regionCode: null, access, expiresInDays },
    lead(),
    now,
  );
const caller = async (token: string, when = now) => {
  const c = await authenticateToken(db, token, when);
  if (typeof c === "string") throw new Error(`token refused: ${c}`);
  return c;
};

describe("a token's lifetime", () => {
  it("works until it expires, and is known only by its hash", async () => {
    const { id, token } = await organisationToken("read", 7);
    expect((await caller(token)).tokenId).toBe(id);
    expect(await authenticateToken(db, token, at(7 * 86_400 - 1))).toMatchObject({ tokenId: id });
    expect(await authenticateToken(db, token, at(7 * 86_400))).toBe("expired");
    const stored = await db
      .selectFrom("api_token")
      .select("token_hash")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4));
    expect(await authenticateToken(db, `${token}x`, now)).toBe("unknown");
    expect(await authenticateToken(db, "not-ours", now)).toBe("unknown");
  });

  it("stops when revoked, once, with an audit event", async () => {
    const { id, token } = await organisationToken();
    const viewer = { id: ids["lead@demo.example"]!, grants: (await caller(token)).grants };
    expect(await revokeApiToken(db, id, viewer, null, now)).toBe("revoked");
    expect(await revokeApiToken(db, id, viewer, null, now)).toBe("already");
    expect(await authenticateToken(db, token, now)).toBe("revoked");
    const events = await db
      .selectFrom("audit_event")
      .select("action")
      .where("subject", "=", `api-token ${id}`)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.action)).toEqual(["api-token.created", "api-token.revoked"]);
  });

  it("stops while its creator's account is deactivated", async () => {
    const { token } = await organisationToken();
    const leadId = ids["lead@demo.example"]!;
    await db
      .updateTable("person")
      .set({ deactivated_at: now.toISOString() })
      .where("id", "=", leadId)
      .execute();
    try {
      expect(await authenticateToken(db, token, now)).toBe("deactivated");
    } finally {
      await db.updateTable("person").set({ deactivated_at: null }).where("id", "=", leadId).execute();
    }
    expect(await authenticateToken(db, token, now)).toMatchObject({ organisationCode: "ZD01" });
  });
});

describe("what a token may reach", () => {
  const zd01 = { organisation: { odsCode: "ZD01", regionCode: "Y56" } };
  const other = { organisation: { odsCode: "ZZ99", regionCode: "Y56" } };
  const elsewhere = { organisation: { odsCode: "ZZ98", regionCode: "Y61" } };

  it("an organisation token: its organisation only; edits only with write access", async () => {
    const write = await caller((await organisationToken("write")).token);
    const read = await caller((await organisationToken("read")).token);
    expect(tokenCan(write, "organisation.view", zd01)).toBe(true);
    expect(tokenCan(write, "assessment.edit", zd01)).toBe(true);
    expect(tokenCan(read, "organisation.view", zd01)).toBe(true);
    expect(tokenCan(read, "assessment.edit", zd01)).toBe(false);
    expect(tokenCan(write, "organisation.view", other)).toBe(false);
    expect(tokenCan(write, "assessment.manage", zd01)).toBe(false);
  });

  it("a region token: its region's organisations, read only", async () => {
    const { token } = await createApiToken(
      db,
      { name: "Region", organisationCode: null, regionCode: "Y56", access: "read", expiresInDays: 30 },
      { personId: ids["analyst@demo.example"]!, address: null },
      now,
    );
    const region = await caller(token);
    expect(tokenCan(region, "organisation.view", other)).toBe(true);
    expect(tokenCan(region, "organisation.view", elsewhere)).toBe(false);
    expect(tokenCan(region, "assessment.edit", other)).toBe(false);
  });

  it("no more than its creator may do now: a creator without the role has a token that reaches nothing", async () => {
    const write = await caller((await organisationToken("write")).token);
    const stripped: ApiCaller = { ...write, grants: [] };
    expect(tokenCan(stripped, "organisation.view", zd01)).toBe(false);
  });
});

describe("the rate budget", () => {
  it("counts every request of a minute in the database, then starts again", async () => {
    const { id } = await organisationToken();
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await takeFromBudget(db, id, 3, at(i))).ok);
    expect(results).toEqual([true, true, true, false]);
    const refused = await takeFromBudget(db, id, 3, at(5));
    expect(refused).toEqual({ ok: false, retryAfter: 25 });
    // The next minute (the window is the clock's minute, 12:01 here).
    expect((await takeFromBudget(db, id, 3, at(30))).ok).toBe(true);
    const row = await db
      .selectFrom("api_token")
      .select(["rate_count", "last_used_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(Number(row.rate_count)).toBe(1);
    expect(row.last_used_at).toBe(at(30).toISOString());
  });

  it("is shared by every request at once: concurrent requests each count once", async () => {
    const { id } = await organisationToken();
    const results = await Promise.all(Array.from({ length: 10 }, () => takeFromBudget(db, id, 6, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(6);
  });

  it("of one token leaves another's alone", async () => {
    const a = await organisationToken();
    const b = await organisationToken();
    await takeFromBudget(db, a.id, 1, now);
    expect((await takeFromBudget(db, a.id, 1, now)).ok).toBe(false);
    expect((await takeFromBudget(db, b.id, 1, now)).ok).toBe(true);
  });
});
