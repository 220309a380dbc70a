import { evidenceLimits } from "../limits";
import { inflateZipEntry, readZipDirectory, type ZipEntryListing } from "../workbook/zip";

/**
 * What an uploaded file is, decided from its content alone (never its name or the type the browser sent):
 * magic bytes for PDF, PNG, JPEG and the legacy Office formats (an OLE compound file naming its Word, Excel or
 * PowerPoint stream), the zip directory and `[Content_Types].xml` for .docx, .xlsx and .pptx (checked through
 * the workbook upload's zip guard, so a zip bomb dressed as Word is refused from its directory before a byte
 * is inflated), and valid UTF-8 text for CSV and plain text. Everything else is refused with a sentence,
 * SVG, HTML, XML and scripts above all (they could run if a browser ever rendered them); so are Office files
 * with macros. Pure apart from node:zlib (inflating one entry at a time, never past its declared size).
 */
export const fileKinds = {
  pdf: { mediaType: "application/pdf", extensions: ["pdf"], label: "PDF" },
  docx: {
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: ["docx"],
    label: "Word document",
  },
  xlsx: {
    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: ["xlsx"],
    label: "Excel workbook",
  },
  pptx: {
    mediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    extensions: ["pptx"],
    label: "PowerPoint presentation",
  },
  doc: { mediaType: "application/msword", extensions: ["doc"], label: "Word 97–2003 document" },
  xls: { mediaType: "application/vnd.ms-excel", extensions: ["xls"], label: "Excel 97–2003 workbook" },
  ppt: { mediaType: "application/vnd.ms-powerpoint", extensions: ["ppt"], label: "PowerPoint 97–2003" },
  png: { mediaType: "image/png", extensions: ["png"], label: "PNG image" },
  jpeg: { mediaType: "image/jpeg", extensions: ["jpg", "jpeg"], label: "JPEG image" },
  csv: { mediaType: "text/csv; charset=utf-8", extensions: ["csv"], label: "CSV" },
  text: { mediaType: "text/plain; charset=utf-8", extensions: ["txt"], label: "Text" },
} as const;
export type FileKind = keyof typeof fileKinds;

export type Sniffed = { ok: true; kind: FileKind } | { ok: false; error: string };

export const allowedTypesSentence =
  "The selected file must be a PDF, Word, Excel or PowerPoint file, a PNG or JPEG image, a CSV or a text file";
const refuse = (error: string = allowedTypesSentence): Sniffed => ({ ok: false, error });
const zipBomb =
  "The selected file would be far larger once opened than an Office file of its size can be, so it was refused";
const damaged = "The selected file is damaged: save it again and upload the new copy";
const macros = "The selected file contains macros: save it without macros (as .docx, .xlsx or .pptx)";
const markup = "The selected file is a web page, SVG image or script, which cannot be kept as evidence";

const startsWith = (buf: Buffer, bytes: readonly number[]) => bytes.every((b, i) => buf[i] === b);
const utf16 = (text: string) => Buffer.from(text, "utf16le");

/** `name` is only used to tell CSV from plain text once the content is known to be text. */
export function sniffFile(bytes: Uint8Array, name: string): Sniffed {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) return refuse("The selected file is empty");
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, kind: "pdf" }; // %PDF-
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, kind: "png" };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { ok: true, kind: "jpeg" };
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffOle(buf);
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return sniffOfficeZip(buf);
  return sniffText(buf, name);
}

/** A compound file is Word, Excel or PowerPoint by the stream its directory names (UTF-16 names). */
function sniffOle(buf: Buffer): Sniffed {
  if (buf.indexOf(utf16("_VBA_PROJECT")) !== -1) return refuse(macros);
  if (buf.indexOf(utf16("WordDocument")) !== -1) return { ok: true, kind: "doc" };
  if (buf.indexOf(utf16("Workbook")) !== -1 || buf.indexOf(utf16("Book\u0000")) !== -1)
    return { ok: true, kind: "xls" };
  if (buf.indexOf(utf16("PowerPoint Document")) !== -1) return { ok: true, kind: "ppt" };
  return refuse();
}

const officeParts: { kind: FileKind; part: string; contentType: string }[] = [
  { kind: "docx", part: "word/document.xml", contentType: "wordprocessingml.document.main+xml" },
  { kind: "xlsx", part: "xl/workbook.xml", contentType: "spreadsheetml.sheet.main+xml" },
  { kind: "pptx", part: "ppt/presentation.xml", contentType: "presentationml.presentation.main+xml" },
];

function sniffOfficeZip(buf: Buffer): Sniffed {
  const directory = readZipDirectory(buf, {
    entries: evidenceLimits.zipEntries,
    inflatedBytes: evidenceLimits.zipInflatedBytes,
    entryRatio: evidenceLimits.zipEntryRatio,
  });
  if (!directory.ok) {
    if (directory.problem === "too-large" || directory.problem === "too-many-entries") return refuse(zipBomb);
    if (directory.problem === "encrypted") return refuse("The selected file is protected with a password");
    return refuse(damaged);
  }
  const byName = new Map<string, ZipEntryListing>(directory.entries.map((e) => [e.name, e]));
  if ([...byName.keys()].some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return refuse(macros);
  const types = byName.get("[Content_Types].xml");
  const office = officeParts.find((p) => byName.has(p.part));
  if (!types || !office) return refuse();
  if (types.size > 1024 * 1024) return refuse(zipBomb);
  // Every part inflated once, one at a time, never past what the directory declared: a lying directory is
  // caught here rather than in whatever opens the file after downloading it.
  let contentTypes = "";
  for (const entry of directory.entries) {
    const data = inflateZipEntry(buf, entry);
    if (data === "too-large") return refuse(zipBomb);
    if (typeof data === "string") return refuse(damaged);
    if (entry === types) contentTypes = data.toString("utf8");
  }
  if (/macroEnabled/i.test(contentTypes)) return refuse(macros);
  if (!contentTypes.includes(office.contentType)) return refuse();
  return { ok: true, kind: office.kind };
}

const markupPattern = /<\s*(script|svg|html|body|iframe|object|embed|head|meta|style)\b|<!doctype|<\?xml/i;

/** Text: valid UTF-8, no NUL or other binary control characters, and not markup or a script. */
function sniffText(buf: Buffer, name: string): Sniffed {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    return refuse();
  }
  // Tab, line feed, form feed and carriage return are text; other C0 controls (NUL above all) are not.
  if (hasBinaryControl(text)) return refuse();
  const start = text.trimStart();
  if (start.startsWith("<") || start.startsWith("#!") || markupPattern.test(text)) return refuse(markup);
  return { ok: true, kind: /\.csv$/i.test(name.trim()) ? "csv" : "text" };
}

/** C0 controls other than tab, line feed, form feed and carriage return, and DEL. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}
