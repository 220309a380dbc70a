import { data } from "@remix-run/node";

/** The posted form, or a 400 when the body is not a form (JSON, a cut-off upload, anything else). */
export async function readForm(request: Request): Promise<FormData> {
  try {
    // The common case, parsed directly: cheaper than the general multipart-capable parser.
    if (request.headers.get("Content-Type")?.startsWith("application/x-www-form-urlencoded")) {
      const form = new FormData();
      for (const [key, value] of new URLSearchParams(await request.text())) form.append(key, value);
      return form;
    }
    return await request.formData();
  } catch {
    throw data("Send the answers as a form.", { status: 400 });
  }
}
