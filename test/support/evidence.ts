import { makeZip } from "./workbook";

/**
 * Small real files for the evidence library's tests, built in the test: each is what its type's own writer
 * would start with (magic bytes, a zip with its content types, an OLE header naming its stream).
 */
export const pdfWithJavaScript = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert('hi')) >> >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

export const png = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d3b2c40000000049454e44ae426082",
  "hex",
);

export const jpeg = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9,
]);

const contentTypes = (main: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`,
  );

export const wordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

/** A minimal .docx: content types naming Word's main part, and the part. */
export const docx = () =>
  makeZip([
    { name: "[Content_Types].xml", data: contentTypes(wordMain) },
    { name: "word/document.xml", data: Buffer.from("<w:document><w:body><w:p/></w:body></w:document>") },
  ]);

/** A zip bomb dressed as Word: its document part inflates a thousandfold, and the directory says so. */
export const zipBombDocx = () =>
  makeZip([
    { name: "[Content_Types].xml", data: contentTypes(wordMain) },
    { name: "word/document.xml", data: Buffer.alloc(60 * 1024 * 1024) },
  ]);

/** The same bomb with a lying directory: it claims the part is 1 KB. */
export const lyingZipBombDocx = () =>
  makeZip([
    { name: "[Content_Types].xml", data: contentTypes(wordMain) },
    { name: "word/document.xml", data: Buffer.alloc(20 * 1024 * 1024), declaredSize: 1024 },
  ]);

/** A zip that is not an Office file (a renamed archive). */
export const plainZip = () => makeZip([{ name: "notes.txt", data: Buffer.from("hello") }]);

/** A legacy Word file's first bytes: the OLE signature, and its stream's name in UTF-16 further on. */
export const legacyDoc = () =>
  Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(504),
    Buffer.from("WordDocument", "utf16le"),
    Buffer.alloc(64),
  ]);

/** An OLE file that is none of Word, Excel or PowerPoint (an installer package, say). */
export const otherOle = () =>
  Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);

export const svg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
);
export const html = Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");
export const exe = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

/** A multipart form with one file, as a browser posts it. */
export function fileForm(bytes: Uint8Array, name: string, type = "application/octet-stream") {
  const form = new FormData();
  form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return form;
}
