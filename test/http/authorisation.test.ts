import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/client";
import { type RunningServer, startServer } from "../support/server";

// Every role against every protected route, for its own organisation and someone else's.
// ZD01 and ZD02 are demo organisations in London (Y56); ZD07 is in the South West (Y58).
const people = {
  anonymous: null,
  contributor: "contributor@demo.example",
  lead: "lead@demo.example",
  board: "board@demo.example",
  analyst: "analyst@demo.example",
  admin: "admin@demo.example",
} as const;
type Who = keyof typeof people;

const R = 302; // redirected to sign in
const routes: [string, Record<Who, number>][] = [
  ["/", { anonymous: 200, contributor: 200, lead: 200, board: 200, analyst: 200, admin: 200 }],
  [
    "/organisations/ZD01",
    { anonymous: R, contributor: 200, lead: 200, board: 200, analyst: 200, admin: 200 },
  ],
  [
    "/organisations/ZD02",
    { anonymous: R, contributor: 404, lead: 404, board: 404, analyst: 200, admin: 200 },
  ],
  [
    "/organisations/ZD07",
    { anonymous: R, contributor: 404, lead: 404, board: 404, analyst: 404, admin: 200 },
  ],
  [
    "/organisations/NOPE1",
    { anonymous: R, contributor: 404, lead: 404, board: 404, analyst: 404, admin: 404 },
  ],
  ["/regions/Y56", { anonymous: R, contributor: 403, lead: 403, board: 403, analyst: 200, admin: 200 }],
  ["/regions/Y58", { anonymous: R, contributor: 403, lead: 403, board: 403, analyst: 403, admin: 200 }],
  ...[
    "/admin",
    "/admin/organisations",
    "/admin/organisations/ZD01",
    "/admin/organisations/import",
    "/admin/organisations/care-settings",
    "/admin/people",
    "/admin/people/new",
    "/admin/audit",
  ].map((path): [string, Record<Who, number>] => [
    path,
    { anonymous: R, contributor: 403, lead: 403, board: 403, analyst: 403, admin: 200 },
  ]),
];

const posts: [string, Record<string, string>, Record<Who, number>][] = [
  [
    "/admin/organisations/ZD01",
    { careSetting: "acute" },
    { anonymous: R, contributor: 403, lead: 403, board: 403, analyst: 403, admin: 302 },
  ],
  [
    "/admin/people/new",
    {
      email: "new@demo.example",
      name: "New Person",
      password: "a-long-password",
      role: "contributor",
      organisationCode: "ZD01",
    },
    { anonymous: R, contributor: 403, lead: 403, board: 403, analyst: 403, admin: 302 },
  ],
];

let server: RunningServer;
const clients = {} as Record<Who, Client>;

beforeAll(async () => {
  server = await startServer();
  for (const [who, email] of Object.entries(people) as [Who, string | null][]) {
    const client = new Client(server.url);
    clients[who] = email ? await client.signIn(email) : client;
  }
});
afterAll(() => server?.stop());

describe.each(Object.keys(people) as Who[])("as %s", (who) => {
  it.each(routes)("GET %s", async (path, expected) => {
    const response = await clients[who].get(path);
    expect(response.status).toBe(expected[who]);
    if (expected[who] === R) expect(response.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it.each(posts)("POST %s", async (path, fields, expected) => {
    const response = await clients[who].post(path, fields);
    expect(response.status).toBe(expected[who]);
  });
});
