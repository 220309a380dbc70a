import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Person, signInAll } from "../support/assessment";
import type { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";

// Custom peer groups: a regional analyst names a set of their region's organisations, and its members' reports
// compare with it (as aggregates only).

let server: RunningServer;
let as: Record<Person, Client>;
// Five London demo trusts, ZD01 among them (the demo sign-ins' organisation).
const members = ["ZD01", "ZD02", "ZD03", "ZD04", "ZD05"];

beforeAll(async () => {
  server = await startServer();
  as = await signInAll(server);
});
afterAll(() => server?.stop());

describe("peer groups", () => {
  it("only the region's analyst (and administrators) may see or add them", async () => {
    expect((await as.analyst.get("/regions/Y56/peer-groups")).status).toBe(200);
    expect((await as.admin.get("/regions/Y56/peer-groups")).status).toBe(200);
    expect((await as.analyst.get("/regions/Y58/peer-groups")).status).toBe(403);
    for (const who of ["lead", "contributor", "board"] as const) {
      expect((await as[who].get("/regions/Y56/peer-groups")).status).toBe(403);
      expect(
        (await as[who].post("/regions/Y56/peer-groups", { name: "Mine", codes: members.join(",") })).status,
      ).toBe(403);
    }
  });

  it.each([
    [{ name: "", codes: "ZD01,ZD02" }, "Enter a name"],
    [{ name: "Too few", codes: "ZD01" }, "at least two"],
    [{ name: "Bad code", codes: "ZD01, not a code!" }, "Enter ODS codes"],
    [{ name: "Other region", codes: "ZD01,ZD07" }, "Not organisations in London: ZD07"],
    [{ name: "Extra", codes: "ZD01,ZD02", extra: "x" }, "There is a problem"],
  ])("refuses %j with 400", async (fields, message) => {
    const response = await as.analyst.post("/regions/Y56/peer-groups", fields);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
  });

  it("adds a group whose members' reports compare with it", async () => {
    const response = await as.analyst.post("/regions/Y56/peer-groups", {
      name: "London teaching trusts",
      codes: members.join("\n"),
    });
    expect(response.status).toBe(302);
    expect(await (await as.analyst.get("/regions/Y56/peer-groups")).text()).toContain(
      "London teaching trusts",
    );
    const organisation = await (await as.lead.get("/organisations/ZD01")).text();
    const reportId = /href="\/reports\/(\d+)"/.exec(organisation)?.[1];
    expect(reportId).toBeDefined();
    // A saved report keeps the comparison it had; the provisional report of the open cycle shows the new group.
    const saved = await (await as.lead.get(`/reports/${reportId}`)).text();
    expect(saved).not.toContain("London teaching trusts");
    const previousAssessment = /href="\/assessments\/(\d+)"/.exec(organisation)?.[1];
    const provisional = await (await as.lead.get(`/assessments/${previousAssessment}/report`)).text();
    expect(provisional).toContain("London teaching trusts");
  });
});
