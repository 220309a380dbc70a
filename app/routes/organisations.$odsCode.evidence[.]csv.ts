import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadLibrary, registerCsv } from "../services/evidence.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadLibrary(request, params.odsCode);
  return registerCsv(ctx, new URL(request.url), new Date());
}
