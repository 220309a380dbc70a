import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "../csv";
import { frameworkCsv } from "../services/frameworks.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { fileName, rows } = await frameworkCsv(request, params.assessmentId, "wgll");
  return csvDownload(fileName, rows);
}
