/**
 * Every limit on what a request may send, in one place. A body is measured while it streams in and refused
 * (413) as soon as it passes its route's limit, before anything parses it or asks who sent it.
 *
 * The figures leave a wide margin over real use: the largest theme page posts about 8 questions × 6 fields
 * with evidence of up to 2,000 characters each (about 40 KB); an ODS extract is about 60 KB.
 */
export interface BodyLimit {
  /** Bytes of body, as sent. */
  bytes: number;
  /** Fields in a form (repeated names count each time). */
  fields: number;
  /** Characters in any one field's name or value. */
  fieldChars: number;
}

/**
 * What a request's URL may hold, checked in server.mjs before Remix sees it (414 past any of them). Remix
 * matches the route tree once for every parent path of a URL, so a path of thousands of segments cost
 * seconds of CPU; our deepest route has six segments. Segments are counted as sent, `\` too (URL parsing
 * turns it into `/`).
 */
export interface UrlLimit {
  /** Characters of the path, as sent (before decoding). */
  pathBytes: number;
  /** Segments of the path. */
  pathSegments: number;
  /** Characters of the query string. */
  queryBytes: number;
  /**
   * Paths Remix's route discovery (`/__manifest`) matches for one request: each `p=` path and every parent
   * path of it, counted once (as Remix does). Each match ranks the whole route tree (about 0.2 ms), so this
   * bounds the request's CPU time. Each `p=` path is also held to the path limits. A page linking to more
   * paths than this is refused eager discovery; its links are then discovered when followed, one at a time.
   */
  manifestPaths: number;
}

const KB = 1024;
const MB = 1024 * KB;

export const limits = {
  /** Any form not named below. */
  form: { bytes: 64 * KB, fields: 200, fieldChars: 10_000 },
  /** Signing in, before anyone is known: small, so a stranger cannot make the server work. */
  signIn: { bytes: 8 * KB, fields: 10, fieldChars: 8 * KB },
  /** A theme page, or one question's autosave. */
  answers: { bytes: 512 * KB, fields: 1_000, fieldChars: 20_000 },
  /** CSV uploads (ODS extracts, care settings). */
  upload: { bytes: 5 * MB, fields: 10, fieldChars: 5 * MB },
  /** A filled assessment workbook (.xlsx): the post that carries it. A full core workbook is about 50 KB. */
  workbookUpload: { bytes: 5 * MB, fields: 10, fieldChars: 5 * MB },
  /**
   * The zip inside an uploaded workbook, checked from its directory before anything is inflated, and again
   * while inflating (a directory may lie): entries (ours has about 20), their total size once inflated (ours
   * is about 1 MB), and how much any one entry may grow (a zip bomb grows a thousandfold and more).
   */
  workbookZipEntries: 200,
  workbookInflatedBytes: 20 * MB,
  workbookEntryRatio: 200,
  /** Rows and cells in any one sheet of an uploaded workbook (the largest theme has about 20 questions). */
  workbookRows: 2_000,
  workbookCells: 50_000,
  /** How long an upload's preview waits to be confirmed before it is forgotten. */
  workbookPreviewHours: 24,
  /**
   * A FHIR resource posted to /fhir (POST /fhir/QuestionnaireResponse): JSON, not a form. A complete response
   * with evidence on every question is about 60 KB; 1 MB leaves room for long evidence and many links.
   */
  fhirResourceBytes: 1 * MB,
  /** Nesting of a posted FHIR resource: ours nest about 8 deep (group, question, answer, item …). */
  fhirResourceDepth: 40,
  /**
   * Entries on one page of a FHIR search or history: 50 unless `_count` asks otherwise, never more than 100
   * (a larger `_count`, such as the 1,000 Medplum asks for, is served 100 at a time with a `next` link).
   */
  fhirPageDefault: 50,
  fhirPageMax: 100,
  /** Characters in a FHIR page cursor (`_cursor`) or in any other search parameter's value. */
  fhirCursorChars: 200,
  fhirSearchValueChars: 400,
  /**
   * A file added to an evidence item (issue 23): the post that carries it, 10 MB of file and room for the
   * multipart framing and the form's few fields. Measured as it streams in: past this it is refused (413)
   * before the rest is read, and a declared Content-Length past it is refused before a byte is read.
   */
  evidenceUpload: { bytes: 10 * MB + 64 * KB, fields: 10, fieldChars: 10 * MB + 64 * KB },
  /** The most any request may send, whatever its route: server.mjs refuses more before Remix sees it. */
  anyRequestBytes: 11 * MB,
  url: { pathBytes: 1 * KB, pathSegments: 16, queryBytes: 8 * KB, manifestPaths: 150 },
  /**
   * Headers: Node's own limit on the request line and headers together (its default, named here), past which
   * it answers 431 itself; and how many headers a request may send (a browser sends about 20).
   */
  headerBytes: 16 * KB,
  headerCount: 100,
  /** Lines in an uploaded CSV, and the rejected lines an upload reports back one by one. */
  uploadLines: 50_000,
  rejectedRowsShown: 100,
} as const satisfies Record<string, BodyLimit | UrlLimit | number>;

/** Which limit a POST to a path has: the one table server code consults. */
export function bodyLimitFor(pathname: string): BodyLimit {
  if (pathname === "/sign-in") return limits.signIn;
  if (/^\/assessments\/[^/]+\/(answers|themes\/[^/]+)$/.test(pathname)) return limits.answers;
  if (/^\/admin\/organisations\/(import|care-settings)$/.test(pathname)) return limits.upload;
  if (/^\/assessments\/[^/]+\/workbook$/.test(pathname)) return limits.workbookUpload;
  if (/^\/organisations\/[^/]+\/evidence\/[^/]+\/files$/.test(pathname)) return limits.evidenceUpload;
  return limits.form;
}

/** What an improvement plan's fields may hold (issue 22): checked by the plan's zod schemas after the body limit. */
export const planLimits = {
  titleChars: 200,
  reasonChars: 300,
  ownerRoleChars: 120,
  noteChars: 2_000,
  commentChars: 2_000,
  /** Actions in one plan: about 9 themes × a handful each in real use. */
  actions: 200,
} as const;

/** The evidence library (issue 23): its files, its fields and the register's pages. */
export const evidenceLimits = {
  /** One file. */
  fileBytes: 10 * MB,
  /** Every file an organisation keeps (deleted files no longer count). */
  organisationBytes: 500 * MB,
  /** Files on one item. */
  filesPerItem: 20,
  /**
   * A file is written and read in parts of this size (ADR 022), each part its own short write, so that a
   * 10 MB upload never holds the request thread for more than one part's write.
   */
  filePartBytes: 256 * KB,
  /** A file whose upload was cut off half-way is removed by a later upload after this long. */
  abandonedUploadHours: 1,
  /**
   * An Office file (.docx, .xlsx, .pptx) is a zip, checked from its directory before anything is inflated
   * (app/workbook/zip.ts): its parts, their total size once inflated, and how much any one part may grow.
   */
  zipEntries: 5_000,
  zipInflatedBytes: 100 * MB,
  zipEntryRatio: 200,
  titleChars: 200,
  descriptionChars: 2_000,
  ownerRoleChars: 120,
  fileNameChars: 200,
  links: 10,
  linkChars: 2_000,
  outcomes: 20,
  /** An item is "due for review" this many days before its review-by date. */
  dueWindowDays: 60,
  /** Rows on one page of the register, and items offered when citing from a question. */
  pageSize: 25,
  searchChars: 100,
} as const;
