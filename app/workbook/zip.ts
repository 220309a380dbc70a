import { inflateRawSync } from "node:zlib";
import { limits } from "../limits";

/**
 * The zip an .xlsx file is, checked before any workbook library sees it: an upload is untrusted input, and a
 * zip's directory says how large its entries will be before a byte is inflated. Refuses (as plain sentences):
 * what is not a zip (a renamed CSV), a corrupt or encrypted zip, too many entries, entries that would inflate
 * past the limits (a zip bomb is refused from its directory, without inflating; one whose directory lies is
 * stopped as soon as its output passes what the directory declared), document type declarations (no XML
 * entity of any kind is ever expanded), and sheets with more rows or cells than any workbook of ours has.
 * Pure apart from node:zlib: no IO, no clock.
 */
export type ZipCheck = { ok: true; entries: Map<string, Buffer> } | { ok: false; error: string };

export const notAWorkbook = "The selected file must be an Excel workbook (.xlsx)";
const corrupt =
  "The selected file is damaged or is not an Excel workbook (.xlsx): save it again from Excel or LibreOffice";

const fail = (error: string): ZipCheck => ({ ok: false, error });

/** Why a zip was refused, from its directory or its entries, in words each caller chooses. */
export type ZipProblem = "not-a-zip" | "corrupt" | "too-many-entries" | "too-large" | "encrypted";

/** An entry as the central directory lists it: what it claims, before a byte of it is inflated. */
export interface ZipEntryListing {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

export interface ZipBounds {
  entries: number;
  inflatedBytes: number;
  entryRatio: number;
}

/**
 * A zip's central directory, checked before anything is inflated: the number of entries, what they declare
 * they inflate to (each and together), how much any entry larger than 1 MB claims to grow, encryption, and
 * the directory's own consistency. The workbook upload and the evidence library's Office files both use it.
 */
export function readZipDirectory(
  buf: Buffer,
  bounds: ZipBounds,
): { ok: true; entries: ZipEntryListing[] } | { ok: false; problem: ZipProblem; count?: number } {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return { ok: false, problem: "not-a-zip" };
  // The end of central directory record: within the last 64 KB + 22 bytes (its comment is at most 64 KB).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, problem: "corrupt" };
  const count = buf.readUInt16LE(eocd + 10);
  const directorySize = buf.readUInt32LE(eocd + 12);
  const directoryOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 (0xffff entries, 4 GB offsets) is for files far beyond any limit here.
  if (count === 0xffff || directoryOffset === 0xffffffff) return { ok: false, problem: "too-large" };
  if (count > bounds.entries) return { ok: false, problem: "too-many-entries", count };
  if (directoryOffset + directorySize > eocd) return { ok: false, problem: "corrupt" };

  const listed: ZipEntryListing[] = [];
  let total = 0;
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== 0x02014b50) return { ok: false, problem: "corrupt" };
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const offset = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) return { ok: false, problem: "encrypted" };
    if (method !== 0 && method !== 8) return { ok: false, problem: "corrupt" };
    total += size;
    if (size > bounds.inflatedBytes || total > bounds.inflatedBytes)
      return { ok: false, problem: "too-large" };
    if (size > 1024 * 1024 && size > compressed * bounds.entryRatio)
      return { ok: false, problem: "too-large" };
    listed.push({ name, method, compressed, size, offset });
  }
  return { ok: true, entries: listed };
}

/**
 * One entry's bytes, never inflated past what the directory declared: a lying directory stops here with
 * "too-large", not in a library. Memory is bounded by the declared size, which readZipDirectory bounded.
 */
export function inflateZipEntry(buf: Buffer, entry: ZipEntryListing): Buffer | ZipProblem {
  const local = entry.offset;
  if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) return "corrupt";
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const end = start + entry.compressed;
  if (end > buf.length) return "corrupt";
  let data: Buffer;
  if (entry.method === 0) {
    data = buf.subarray(start, end);
  } else {
    try {
      data = inflateRawSync(buf.subarray(start, end), { maxOutputLength: Math.max(entry.size, 1) });
    } catch (error) {
      return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? "too-large" : "corrupt";
    }
  }
  return data.length === entry.size ? data : "corrupt";
}

const workbookBounds: ZipBounds = {
  entries: limits.workbookZipEntries,
  inflatedBytes: limits.workbookInflatedBytes,
  entryRatio: limits.workbookEntryRatio,
};

export function checkWorkbookZip(file: Uint8Array): ZipCheck {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const directory = readZipDirectory(buf, workbookBounds);
  if (!directory.ok) {
    switch (directory.problem) {
      case "not-a-zip":
        return fail(notAWorkbook);
      case "too-many-entries":
        return fail(
          `The selected file has too many parts to be a workbook of this service (${directory.count})`,
        );
      case "too-large":
        return fail(tooLarge());
      case "encrypted":
        return fail("The selected workbook is protected with a password: save it without one");
      default:
        return fail(corrupt);
    }
  }
  const listed = directory.entries;
  const names = new Set(listed.map((e) => e.name));
  if (!names.has("[Content_Types].xml") || !names.has("xl/workbook.xml")) return fail(notAWorkbook);

  const entries = new Map<string, Buffer>();
  for (const entry of listed) {
    const data = inflateZipEntry(buf, entry);
    if (typeof data === "string") return fail(data === "too-large" ? tooLarge() : corrupt);
    if (/\.(xml|rels|vml)$/i.test(entry.name)) {
      const text = data.toString("latin1");
      if (/<!DOCTYPE|<!ENTITY/i.test(text))
        return fail("The selected file contains XML that workbooks never need (a document type declaration)");
      if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) {
        if (countOf(text, "<row") > limits.workbookRows || countOf(text, "<c ") > limits.workbookCells)
          return fail(
            `A sheet of the selected workbook has more than ${limits.workbookRows} rows or ${limits.workbookCells} cells`,
          );
      }
    }
    entries.set(entry.name, data);
  }
  return { ok: true, entries };
}

function tooLarge() {
  return `The selected workbook would be larger than ${limits.workbookInflatedBytes / 1024 / 1024} MB once opened: it cannot be a workbook of this service`;
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
