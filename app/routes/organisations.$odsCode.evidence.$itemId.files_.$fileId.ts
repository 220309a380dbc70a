import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileDownload, loadLibrary } from "../services/evidence.server";

/** A file of an evidence item: always an attachment, never shown inline (app/services/evidence.server.ts). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await loadLibrary(request, params.odsCode, context);
  return fileDownload(ctx, params.itemId, params.fileId, new Date());
}
