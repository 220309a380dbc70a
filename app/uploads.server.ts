import { maxUploadBytes } from "./forms";

export type Upload =
  | { ok: true; text: string; importValidRows: boolean; fileName: string }
  | { ok: false; error: string };

/** Reads an uploaded CSV file and the "import the valid rows" choice from a multipart form. */
export async function readCsvUpload(request: Request, field = "file"): Promise<Upload> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > maxUploadBytes) return { ok: false, error: "The selected file must be smaller than 5 MB" };
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { ok: false, error: "Select a CSV file" };
  }
  const file = form.get(field);
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: "Select a CSV file" };
  if (file.size > maxUploadBytes) return { ok: false, error: "The selected file must be smaller than 5 MB" };
  const text = await file.text();
  if (text.includes("\u0000")) return { ok: false, error: "The selected file must be a CSV file" };
  return { ok: true, text, importValidRows: form.get("importValidRows") === "yes", fileName: file.name };
}
