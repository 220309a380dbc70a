import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadWorkbook } from "../services/workbook.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return downloadWorkbook(request, params.assessmentId, new Date());
}
