import { data } from "@remix-run/node";

/** The posted form, or a 400 when the body is not a form (JSON, a cut-off upload, anything else). */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data("Send the answers as a form.", { status: 400 });
  }
}
