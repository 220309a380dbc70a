import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/client";
import { errorSummary, openDatabase, type Person, type ReadonlyDb, signInAll } from "../support/assessment";
import {
  docx,
  exe,
  fileForm,
  html,
  legacyDoc,
  lyingZipBombDocx,
  otherOle,
  pdfWithJavaScript,
  plainZip,
  png,
  svg,
  zipBombDocx,
} from "../support/evidence";
import { type RunningServer, startServer } from "../support/server";

// Issue 23, the evidence library's files: every hostile upload refused with nothing stored, files served only as
// attachments, and scope (another organisation's or region's evidence is not found; analysts read only).

let server: RunningServer;
let db: ReadonlyDb;
let as: Record<Person, Client>;
let leadId: number;
const lib = "/organisations/ZD01/evidence";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const one = <T = { id: number }>(sql: string, ...params: unknown[]) => {
  const row = db.prepare(sql).get(...params) as T | undefined;
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
};
const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
const fingerprint = () => ({
  items: db.prepare("SELECT count(*) AS n, coalesce(sum(revision), 0) AS r FROM evidence_item").get(),
  files: db.prepare("SELECT count(*) AS n, coalesce(sum(size), 0) AS s FROM evidence_file").get(),
  parts: db
    .prepare("SELECT count(*) AS n, coalesce(sum(length(bytes)), 0) AS s FROM evidence_file_part")
    .get(),
  citations: count("SELECT count(*) AS n FROM evidence_citation"),
  outcomes: count("SELECT count(*) AS n FROM evidence_outcome"),
  audit: count("SELECT count(*) AS n FROM audit_event WHERE action LIKE 'evidence.%'"),
});

const itemFields = (overrides: Record<string, string> = {}) => ({
  title: "Data security policy 2026",
  description: "Board-approved policy",
  owner: `person:${leadId}`,
  ownerRole: "",
  producedOn: day(-100),
  reviewBy: day(265),
  links: "https://intranet.example.nhs.uk/policies/dsp",
  outcomes: "B4.a, wgll:well-led",
  ...overrides,
});

async function addItem(client: Client, fields: Record<string, string>, odsCode = "ZD01") {
  const response = await client.post(`/organisations/${odsCode}/evidence/new`, fields);
  expect(response.status, await response.clone().text()).toBe(302);
  return Number(/\/evidence\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1]);
}

const upload = (client: Client, itemId: number, bytes: Uint8Array, name: string, odsCode = "ZD01") =>
  client.post(`/organisations/${odsCode}/evidence/${itemId}/files`, fileForm(bytes, name));

let policy: number;
let otherOrgItem: number;
let otherOrgFile: number;

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server);
  as = await signInAll(server);
  leadId = one("SELECT id FROM person WHERE email = 'lead@demo.example'").id;
  policy = await addItem(as.lead, itemFields());
  // Another organisation's item and file, made by the administrator (who may act for every organisation).
  otherOrgItem = await addItem(
    as.admin,
    itemFields({ title: "ZD02 private evidence", owner: "role", ownerRole: "IG lead" }),
    "ZD02",
  );
  expect((await upload(as.admin, otherOrgItem, png, "zd02.png", "ZD02")).status).toBe(302);
  otherOrgFile = one("SELECT id FROM evidence_file WHERE evidence_item_id = ?", otherOrgItem).id;
}, 150_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe("hostile uploads", () => {
  const refusedWith = async (bytes: Uint8Array, name: string, message: RegExp) => {
    const before = fingerprint();
    const response = await upload(as.lead, policy, bytes, name);
    expect(response.status, name).toBe(400);
    const summary = errorSummary(await response.text());
    expect(summary?.links[0]?.href).toBe("#file");
    expect(summary?.links[0]?.text).toMatch(message);
    expect(fingerprint()).toEqual(before);
  };

  it("refuses SVG, HTML, executables and other types, whatever the name says", async () => {
    await refusedWith(svg, "chart.png", /web page, SVG image or script/);
    await refusedWith(html, "report.pdf", /web page, SVG image or script/);
    await refusedWith(exe, "policy.docx", /must be a PDF, Word, Excel or PowerPoint file/);
    await refusedWith(plainZip(), "archive.docx", /must be a PDF, Word, Excel or PowerPoint file/);
    await refusedWith(otherOle(), "setup.doc", /must be a PDF, Word, Excel or PowerPoint file/);
    await refusedWith(Buffer.from("#!/bin/sh\nrm -rf /\n"), "notes.txt", /script/);
  });

  it("refuses a zip bomb dressed as a Word file, from its directory or when its directory lies", async () => {
    await refusedWith(zipBombDocx(), "minutes.docx", /far larger once opened/);
    await refusedWith(lyingZipBombDocx(), "minutes.docx", /far larger once opened/);
  });

  it("refuses names with path separators or control characters", async () => {
    await refusedWith(png, "..\\..\\windows\\evil.png", /path separators/);
    await refusedWith(png, "evil\u0007bell.png", /control or text-direction/);
    await refusedWith(png, "invoice\u202Egnp.exe", /control or text-direction/);
  });

  it("a file over 10 MB declared: 413 before its body is read", async () => {
    const before = fingerprint();
    const url = new URL(`${lib}/${policy}/files`, server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, {
        method: "POST",
        headers: {
          Cookie: as.lead.cookieHeader(),
          "X-CSRF-Token": as.lead.csrfToken,
          Origin: server.url,
          "Content-Type": "multipart/form-data; boundary=x",
          "Content-Length": String(10 * 1024 * 1024 + 500 * 1024),
        },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", (error) => {
        if (!(error as { code?: string }).code?.startsWith("ECONNRESET")) reject(error);
      });
      // Only the first kilobyte is ever sent: an answer means the server did not wait for the rest.
      req.write(Buffer.alloc(1024, 0x41));
    });
    expect(status).toBe(413);
    expect(fingerprint()).toEqual(before);
  });

  it("a file over 10 MB sent without a length: 413 once the limit passes", async () => {
    const before = fingerprint();
    const response = await upload(
      as.lead,
      policy,
      Buffer.alloc(10 * 1024 * 1024 + 200 * 1024, 0x41),
      "big.txt",
    );
    expect(response.status).toBe(413);
    expect(fingerprint()).toEqual(before);
  });

  it("keeps a PDF with JavaScript as a file, served only as an attachment with nosniff", async () => {
    const response = await upload(as.lead, policy, pdfWithJavaScript, "audit.pdf");
    expect(response.status).toBe(302);
    const file = one<{ id: number; media_type: string; file_name: string }>(
      "SELECT id, media_type, file_name FROM evidence_file WHERE evidence_item_id = ? AND file_name = 'audit.pdf'",
      policy,
    );
    expect(file.media_type).toBe("application/pdf");
    const download = await as.contributor.get(`${lib}/${policy}/files/${file.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit.pdf"/);
    expect(download.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(Buffer.from(await download.arrayBuffer()).equals(pdfWithJavaScript)).toBe(true);
    expect(
      count(
        "SELECT count(*) AS n FROM audit_event WHERE action = 'evidence.file-uploaded' AND subject = ?",
        `ZD01/evidence/${policy}/files/${file.id}`,
      ),
    ).toBe(1);
    expect(
      count(
        "SELECT count(*) AS n FROM audit_event WHERE action = 'evidence.file-downloaded' AND subject = ?",
        `ZD01/evidence/${policy}/files/${file.id}`,
      ),
    ).toBe(1);
  });

  it("keeps a file of several parts whole: what downloads is what was uploaded, byte for byte", async () => {
    // Three parts and a bit (parts are 256 KB), with bytes that differ from part to part.
    const content = Buffer.concat([
      Buffer.from("%PDF-1.7\n"),
      Buffer.from(Array.from({ length: 3 * 256 * 1024 + 1000 }, (_, i) => (i * 7 + (i >> 18)) % 256)),
    ]);
    expect((await upload(as.lead, policy, content, "large.pdf")).status).toBe(302);
    const file = one<{ id: number; size: number; sha256: string }>(
      "SELECT id, size, sha256 FROM evidence_file WHERE evidence_item_id = ? AND file_name = 'large.pdf'",
      policy,
    );
    expect(file.size).toBe(content.length);
    expect(file.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(count("SELECT count(*) AS n FROM evidence_file_part WHERE file_id = ?", file.id)).toBe(4);
    const download = await as.lead.get(`${lib}/${policy}/files/${file.id}`);
    expect(download.headers.get("Content-Length")).toBe(String(content.length));
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
  });

  it("accepts Word (new and old), PNG and text by their content, with the extension of what they are", async () => {
    expect((await upload(as.lead, policy, docx(), "minutes.docx")).status).toBe(302);
    expect((await upload(as.lead, policy, legacyDoc(), "old-minutes")).status).toBe(302);
    expect((await upload(as.lead, policy, png, "diagram.png")).status).toBe(302);
    expect((await upload(as.lead, policy, Buffer.from("a,b\n1,2\n"), "figures.csv")).status).toBe(302);
    const files = db
      .prepare("SELECT file_name, media_type FROM evidence_file WHERE evidence_item_id = ? ORDER BY id")
      .all(policy);
    expect(files).toEqual(
      expect.arrayContaining([
        {
          file_name: "minutes.docx",
          media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        },
        { file_name: "old-minutes.doc", media_type: "application/msword" },
        { file_name: "diagram.png", media_type: "image/png" },
        { file_name: "figures.csv", media_type: "text/csv; charset=utf-8" },
      ]),
    );
  });
  it("removes a file: it no longer downloads or counts, and the removal is audited", async () => {
    expect((await upload(as.lead, policy, png, "to-remove.png")).status).toBe(302);
    const file = one("SELECT id FROM evidence_file WHERE file_name = 'to-remove.png'").id;
    const form = new FormData();
    form.set("intent", "delete");
    form.set("fileId", String(file));
    expect((await as.lead.post(`${lib}/${policy}/files`, form)).status).toBe(302);
    expect((await as.lead.get(`${lib}/${policy}/files/${file}`)).status).toBe(404);
    expect(count("SELECT count(*) AS n FROM evidence_file_part WHERE file_id = ?", file)).toBe(0);
    expect(
      count(
        "SELECT count(*) AS n FROM audit_event WHERE action = 'evidence.file-deleted' AND subject = ?",
        `ZD01/evidence/${policy}/files/${file}`,
      ),
    ).toBe(1);
  });
});

describe("scope", () => {
  it("another organisation's file is not found, by its own address or under one of ours", async () => {
    const before = count("SELECT count(*) AS n FROM audit_event WHERE action = 'evidence.file-downloaded'");
    expect(
      (await as.lead.get(`/organisations/ZD02/evidence/${otherOrgItem}/files/${otherOrgFile}`)).status,
    ).toBe(404);
    expect((await as.lead.get(`${lib}/${otherOrgItem}/files/${otherOrgFile}`)).status).toBe(404);
    expect((await as.lead.get(`${lib}/${policy}/files/${otherOrgFile}`)).status).toBe(404);
    expect((await as.lead.get(`/organisations/ZD02/evidence`)).status).toBe(404);
    expect((await as.lead.get(`${lib}/${otherOrgItem}`)).status).toBe(404);
    expect(count("SELECT count(*) AS n FROM audit_event WHERE action = 'evidence.file-downloaded'")).toBe(
      before,
    );
  });

  it("an analyst of another region is not told the library exists", async () => {
    const added = await as.admin.post("/admin/people/new", {
      email: "sw-evidence-analyst@demo.example",
      name: "Sam South-West (evidence test)",
      password: "south-west-password-1",
      role: "regional-analyst",
      regionCode: "Y58",
    });
    expect(added.status).toBe(302);
    const southWest = await new Client(server.url).signIn(
      "sw-evidence-analyst@demo.example",
      "south-west-password-1",
    );
    const file = one(
      "SELECT id FROM evidence_file WHERE evidence_item_id = ? AND file_name = 'diagram.png'",
      policy,
    ).id;
    for (const path of [lib, `${lib}.csv`, `${lib}/${policy}`, `${lib}/${policy}/files/${file}`])
      expect((await southWest.get(path)).status, path).toBe(404);
  });

  it("an analyst of the region reads the library and its files, and changes nothing", async () => {
    const before = fingerprint();
    expect((await as.analyst.get(lib)).status).toBe(200);
    expect((await as.analyst.get(`${lib}/${policy}`)).status).toBe(200);
    const file = one(
      "SELECT id FROM evidence_file WHERE evidence_item_id = ? AND file_name = 'diagram.png'",
      policy,
    ).id;
    expect((await as.analyst.get(`${lib}/${policy}/files/${file}`)).status).toBe(200);
    expect((await as.analyst.get(`${lib}.csv`)).status).toBe(200);
    const page = await (await as.analyst.get(`${lib}/${policy}`)).text();
    expect(page).not.toContain('name="revision"');
    expect((await as.analyst.get(`${lib}/new`)).status).toBe(403);
    expect((await as.analyst.post(`${lib}/new`, itemFields())).status).toBe(403);
    expect((await as.analyst.post(`${lib}/${policy}`, itemFields({ revision: "1" }))).status).toBe(403);
    expect((await upload(as.analyst, policy, png, "analyst.png")).status).toBe(403);
    expect((await as.analyst.post(`${lib}/${policy}/delete`, { confirm: "yes" })).status).toBe(403);
    expect((await as.board.post(`${lib}/new`, itemFields())).status).toBe(403);
    const after = fingerprint();
    // Reading files is audited; nothing else moved.
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
  });
});
