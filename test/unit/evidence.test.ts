import { describe, expect, it } from "vitest";
import { attachmentDisposition, safeFileName } from "../../app/evidence/names";
import { isOutcomeCode, parseOutcomeCodes } from "../../app/evidence/outcomes";
import { evidenceItemSchema } from "../../app/evidence/schemas";
import { sniffFile } from "../../app/evidence/sniff";
import { addDays, evidenceStatus } from "../../app/evidence/status";
import {
  docx,
  exe,
  html,
  jpeg,
  legacyDoc,
  lyingZipBombDocx,
  otherOle,
  pdfWithJavaScript,
  plainZip,
  png,
  svg,
  zipBombDocx,
} from "../support/evidence";
import { makeZip } from "../support/workbook";

describe("status from dates, today passed in", () => {
  it("is current, due within the window, expired after the review-by date", () => {
    expect(evidenceStatus("2027-03-01", "2026-12-07", 60)).toBe("current");
    expect(evidenceStatus("2027-02-05", "2026-12-07", 60)).toBe("due");
    expect(evidenceStatus("2027-02-06", "2026-12-07", 60)).toBe("current");
    expect(evidenceStatus("2026-12-07", "2026-12-07", 60)).toBe("due");
    expect(evidenceStatus("2026-12-06", "2026-12-07", 60)).toBe("expired");
    expect(evidenceStatus("2026-12-06", "2026-12-07", 0)).toBe("expired");
  });

  it("adds days by the calendar, across months and leap years", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("sniffing by content", () => {
  const kind = (bytes: Uint8Array, name = "file") => {
    const sniffed = sniffFile(bytes, name);
    return sniffed.ok ? sniffed.kind : sniffed.error;
  };
  const xlsxLike = (part: string, contentType: string) =>
    makeZip([
      {
        name: "[Content_Types].xml",
        data: Buffer.from(`<Types><Override PartName="/${part}" ContentType="${contentType}"/></Types>`),
      },
      { name: part, data: Buffer.from("<x/>") },
    ]);

  it("knows each allowed type from its bytes, whatever its name", () => {
    expect(kind(pdfWithJavaScript, "x.png")).toBe("pdf");
    expect(kind(png, "x.pdf")).toBe("png");
    expect(kind(jpeg)).toBe("jpeg");
    expect(kind(docx())).toBe("docx");
    expect(
      kind(
        xlsxLike(
          "xl/workbook.xml",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
      ),
    ).toBe("xlsx");
    expect(
      kind(
        xlsxLike(
          "ppt/presentation.xml",
          "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
      ),
    ).toBe("pptx");
    expect(kind(legacyDoc())).toBe("doc");
    expect(kind(Buffer.from("a,b\n1,2\n"), "t.csv")).toBe("csv");
    expect(kind(Buffer.from("Minutes of the board\r\n\tItem 1 – café\n"), "t.txt")).toBe("text");
  });

  it("refuses markup, scripts, binaries, other zips and OLE files, and empty files", () => {
    expect(kind(svg)).toMatch(/SVG/);
    expect(kind(html)).toMatch(/web page/);
    expect(kind(Buffer.from("  <html><body>hi</body></html>"))).toMatch(/web page/);
    expect(kind(Buffer.from("name,note\nx,<script>alert(1)</script>\n"), "a.csv")).toMatch(/web page/);
    expect(kind(Buffer.from("#!/usr/bin/env node\n"))).toMatch(/script/);
    expect(kind(exe)).toMatch(/must be a PDF/);
    expect(kind(Buffer.from([0x41, 0x00, 0x42]))).toMatch(/must be a PDF/);
    expect(kind(Buffer.from([0xc3, 0x28]))).toMatch(/must be a PDF/);
    expect(kind(plainZip())).toMatch(/must be a PDF/);
    expect(kind(otherOle())).toMatch(/must be a PDF/);
    expect(kind(new Uint8Array(0))).toMatch(/empty/);
  });

  it("refuses a zip bomb dressed as Word from its directory, and one whose directory lies", () => {
    expect(kind(zipBombDocx())).toMatch(/far larger once opened/);
    expect(kind(lyingZipBombDocx())).toMatch(/far larger once opened/);
  });

  it("refuses Office files with macros", () => {
    const withMacros = makeZip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types>wordprocessingml.document.main+xml</Types>") },
      { name: "word/document.xml", data: Buffer.from("<x/>") },
      { name: "word/vbaProject.bin", data: Buffer.from("macro") },
    ]);
    expect(kind(withMacros)).toMatch(/macros/);
  });
});

describe("file names", () => {
  it("refuses path separators, control and text-direction characters, and dots alone", () => {
    expect(safeFileName("../etc/passwd", ["txt"], 200).ok).toBe(false);
    expect(safeFileName("..\\boot.ini", ["txt"], 200).ok).toBe(false);
    expect(safeFileName("a\u0000b.pdf", ["pdf"], 200).ok).toBe(false);
    expect(safeFileName("a\nb.pdf", ["pdf"], 200).ok).toBe(false);
    expect(safeFileName("invoice\u202Efdp.exe", ["pdf"], 200).ok).toBe(false);
    expect(safeFileName("..", ["pdf"], 200).ok).toBe(false);
    expect(safeFileName("x".repeat(201), ["pdf"], 200).ok).toBe(false);
  });

  it("keeps a fitting name and gives an unfitting one the extension of what it is", () => {
    expect(safeFileName("Board minutes.PDF", ["pdf"], 200)).toEqual({ ok: true, name: "Board minutes.PDF" });
    expect(safeFileName("photo.exe", ["png"], 200)).toEqual({ ok: true, name: "photo.exe.png" });
    expect(safeFileName("scan", ["jpg", "jpeg"], 200)).toEqual({ ok: true, name: "scan.jpg" });
  });

  it("downloads with an ASCII fallback and the exact name encoded", () => {
    expect(attachmentDisposition('Réunion "Q1".pdf')).toBe(
      `attachment; filename="R_union _Q1_.pdf"; filename*=UTF-8''R%C3%A9union%20%22Q1%22.pdf`,
    );
  });
});

describe("outcome tags and the item form", () => {
  it("checks outcome codes against the crosswalk's catalogue", () => {
    expect(parseOutcomeCodes("b4.A, wgll:Well-Led  B4.a")).toEqual(["B4.a", "wgll:well-led"]);
    for (const good of ["A1.a", "D2.b", "B4.d", "E3.a", "wgll:healthy-populations"])
      expect(isOutcomeCode(good)).toBe(true);
    // Well formed but not in CAF 3.2 or among the pillars, as well as the malformed.
    for (const bad of [
      "B10.c",
      "A1.z",
      "wgll:support-people",
      "E2.a", // objective E's outcomes not verified yet are not in the catalogue (E1.a, E3.a, E4.a are)
      "B4",
      "B4.aa",
      "wgll:",
      "wgll:Bad Case",
      "<script>",
    ])
      expect(isOutcomeCode(bad)).toBe(false);
  });

  it("refuses a review-by date before the production date, and a date that is not real", () => {
    const base = {
      title: "T",
      owner: "role",
      ownerRole: "IG lead",
      producedOn: "2026-05-01",
      reviewBy: "2026-04-30",
    };
    const before = evidenceItemSchema.safeParse(base);
    expect(before.success).toBe(false);
    expect(before.error?.issues[0]).toMatchObject({ path: ["reviewBy"] });
    expect(evidenceItemSchema.safeParse({ ...base, reviewBy: "2027-02-30" }).success).toBe(false);
    expect(evidenceItemSchema.safeParse({ ...base, reviewBy: "2026-05-01" }).data?.owner).toEqual({
      role: "IG lead",
    });
  });
});
