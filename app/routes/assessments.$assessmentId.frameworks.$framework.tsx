import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireViewer } from "../auth/guard.server";
import { AssessmentHeader } from "../components/assessment-header";
import { FrameworkViewPage } from "../components/framework-view";
import { titled } from "../components/page-title";
import { pageTitle } from "../content";
import { frameworksContent } from "../content/frameworks";
import { loadFrameworkView } from "../services/frameworks.server";

const Framework = z.enum(["caf", "wgll"]);

export const handle = titled<typeof loader>((data) =>
  pageTitle(data ? frameworksContent.names[data.view.framework] : undefined),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const framework = Framework.safeParse(params.framework);
  if (!framework.success) {
    // Signed-out visitors are sent to sign in first, whatever the address, as loadAssessment does.
    await requireViewer(request);
    throw notFound();
  }
  const { summary, view, library } = await loadFrameworkView(request, params.assessmentId, framework.data);
  return { assessment: summary, view, library };
}

export default function FrameworkViewRoute() {
  const { assessment, view, library } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <AssessmentHeader assessment={assessment} title={frameworksContent.names[view.framework]} />
        <FrameworkViewPage view={view} library={library} assessmentId={assessment.id} />
      </div>
    </div>
  );
}
