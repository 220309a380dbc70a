import { data } from "@remix-run/node";
import { readForm } from "../forms.server";
import { limits } from "../limits";

export type Upload =
  | { ok: true; text: string; importValidRows: boolean; fileName: string }
  | { ok: false; error: string };

const tooBig = `The selected file must be smaller than ${limits.upload.bytes / 1024 / 1024} MB`;

/**
 * Reads an uploaded CSV file and the "import the valid rows" choice from a multipart form, within the upload
 * limits: the body is measured as it arrives, and a file of more lines than any real extract is refused
 * before a line of it is parsed.
 */
export async function readCsvUpload(request: Request, field = "file"): Promise<Upload> {
  let form: FormData;
  try {
    form = await readForm(request, limits.upload);
  } catch (thrown) {
    if (thrown && typeof thrown === "object" && "init" in thrown) {
      const status = (thrown as { init: { status?: number } | null }).init?.status;
      return { ok: false, error: status === 413 ? tooBig : "Select a CSV file" };
    }
    throw thrown;
  }
  const file = form.get(field);
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: "Select a CSV file" };
  const text = await file.text();
  if (text.includes("\u0000")) return { ok: false, error: "The selected file must be a CSV file" };
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1 && lines <= limits.uploadLines; i = text.indexOf("\n", i + 1))
    lines++;
  if (lines > limits.uploadLines) {
    return { ok: false, error: `The selected file must have no more than ${limits.uploadLines} lines` };
  }
  return { ok: true, text, importValidRows: form.get("importValidRows") === "yes", fileName: file.name };
}

/** The first rejected rows, for the page, and how many there were in all. */
const boundedRejections = <T>(rejected: T[]) => ({
  rejected: rejected.slice(0, limits.rejectedRowsShown),
  rejectedCount: rejected.length,
});

/**
 * An upload page's action after its authorisation: reads the CSV file (400 naming the file field when it is
 * missing, too large or not text), applies it, and answers the counts and the first rejected rows, or a 400
 * when rejected rows meant nothing was written.
 */
export async function applyCsvUpload<
  S extends { written: boolean; rejected: { line: number; reason: string }[] },
>(
  request: Request,
  apply: (text: string, importValidRows: boolean) => Promise<S>,
  counts: (summary: S) => [string, number][],
  nothingWritten: (rejected: number) => string,
) {
  const upload = await readCsvUpload(request);
  if (!upload.ok) return data({ errors: { file: upload.error }, result: null }, { status: 400 });
  const summary = await apply(upload.text, upload.importValidRows);
  const result = {
    written: summary.written,
    counts: [...counts(summary), ["Rejected", summary.rejected.length]] as [string, number][],
    ...boundedRejections(summary.rejected),
  };
  if (summary.written) return { errors: undefined, result };
  return data({ errors: { file: nothingWritten(summary.rejected.length) }, result }, { status: 400 });
}
