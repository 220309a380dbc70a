import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type Cursor,
  encodeCursor,
  type Key,
  type Page,
  pageOfList,
  pageRequest,
} from "../../app/fhir/paging";

// FHIR paging's pure part: _count and _cursor as a request gives them, and keyset pages over a list in its
// search order. The HTTP test (test/http/fhir-sync.test.ts) drives the same through Medplum and fhirclient.

type Item = { at: string; id: number };
const keyOf = (item: Item): Key => [item.at, item.id];
const sorted = (items: Item[]) =>
  [...items].sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1));
const items = sorted(
  Array.from({ length: 11 }, (_, i) => ({ at: `2026-12-0${1 + (i % 3)}T00:00:00.000Z`, id: i + 1 })),
);

function walk(list: Item[], count: number) {
  const pages: number[][] = [];
  let cursor: Cursor | null = null;
  for (;;) {
    const page: Page<Item> = pageOfList(list, keyOf, { count, cursor });
    pages.push(page.items.map((i) => i.id));
    if (!page.hasNext) return pages;
    cursor = { direction: "after", key: keyOf(page.items.at(-1)!) };
  }
}

describe("keyset pages", () => {
  it("cover every item once, in order, whatever the page size", () => {
    for (const count of [1, 2, 3, 5, 11, 50]) {
      const pages = walk(items, count);
      expect(pages.flat()).toEqual(items.map((i) => i.id));
      expect(pages.length).toBe(Math.ceil(items.length / count));
    }
  });

  it("walk back with previous (before) cursors to the first page", () => {
    const last = pageOfList(items, keyOf, {
      count: 4,
      cursor: { direction: "after", key: keyOf(items[7]!) },
    });
    expect(last.hasNext).toBe(false);
    const back = pageOfList(items, keyOf, {
      count: 4,
      cursor: { direction: "before", key: keyOf(last.items[0]!) },
    });
    expect(back.items).toEqual(items.slice(4, 8));
    const first = pageOfList(items, keyOf, {
      count: 4,
      cursor: { direction: "before", key: keyOf(back.items[0]!) },
    });
    expect(first.items).toEqual(items.slice(0, 4));
    expect(first.hasPrevious).toBe(false);
  });

  it("skip nothing when an item already seen changes between pages (an offset would skip one)", () => {
    const page1 = pageOfList(items, keyOf, { count: 3, cursor: null });
    // The first item changes: it moves to the end of the order.
    const changed = sorted([...items.slice(1), { ...items[0]!, at: "2026-12-09T00:00:00.000Z" }]);
    const rest: number[] = [];
    let cursor: Cursor = { direction: "after", key: keyOf(page1.items.at(-1)!) };
    for (;;) {
      const page = pageOfList(changed, keyOf, { count: 3, cursor });
      rest.push(...page.items.map((i) => i.id));
      if (!page.hasNext) break;
      cursor = { direction: "after", key: keyOf(page.items.at(-1)!) };
    }
    const seen = [...page1.items.map((i) => i.id), ...rest];
    // Every item is seen; the changed one again, at its new place.
    expect(new Set(seen)).toEqual(new Set(items.map((i) => i.id)));
    expect(rest.at(-1)).toBe(items[0]!.id);
    // What offset 3 would have given instead: the item now at index 2 (items[3]) is never seen.
    const byOffset = [...page1.items, ...changed.slice(3)].map((i) => i.id);
    expect(byOffset).not.toContain(items[3]!.id);
  });
});

describe("_count and _cursor", () => {
  const key = z.tuple([z.string().max(40), z.number().int().min(0)]);
  const request = (query: string) => pageRequest(new URLSearchParams(query), key);
  const status = (query: string) => {
    try {
      request(query);
      return 200;
    } catch (error) {
      return (error as Response).status;
    }
  };

  it("defaults to 50, caps at 100, and refuses what is not a whole number", () => {
    expect(request("").count).toBe(50);
    expect(request("_count=0").count).toBe(0);
    expect(request("_count=7").count).toBe(7);
    expect(request("_count=1000").count).toBe(100);
    for (const bad of ["_count=-1", "_count=1.5", "_count=x", "_count=", "_count=1e3"])
      expect(status(bad), bad).toBe(400);
  });

  it("takes back the cursors it gives out, and refuses any other", () => {
    const cursor: Cursor = { direction: "before", key: ["2026-12-01T00:00:00.000Z", 12] };
    expect(request(`_cursor=${encodeCursor(cursor)}`).cursor).toEqual(cursor);
    const forged = [
      "!!",
      "x".repeat(500),
      Buffer.from("not json").toString("base64url"),
      Buffer.from(JSON.stringify({ a: [1, 2] })).toString("base64url"),
      Buffer.from(JSON.stringify({ a: ["x", 1], b: ["x", 1] })).toString("base64url"),
      Buffer.from(JSON.stringify({ c: ["x", 1] })).toString("base64url"),
    ];
    for (const value of forged) expect(status(`_cursor=${value}`), value).toBe(400);
  });
});
