import { safeRedirectPath } from "../redirect";
import { type ActionFunctionArgs, data, redirect } from "@remix-run/node";
import { z } from "zod";
import { beginSignIn, findOidcProvider } from "../auth/oidc.server";
import { formValues } from "../forms";
import { readForm } from "../forms.server";

export async function loader() {
  return redirect("/sign-in");
}

/** "Sign in with your NHS account": remember the checks in a cookie, then off to the provider. */
export async function action({ request }: ActionFunctionArgs) {
  const StartSchema = z.object({
    provider: z.string().trim().min(1).max(50),
    redirectTo: z.string().max(2000).optional(),
  });
  const parsed = StartSchema.safeParse(formValues(await readForm(request)));
  const provider = parsed.success ? findOidcProvider(parsed.data.provider) : undefined;
  if (!parsed.success || !provider) throw data("Choose a way to sign in.", { status: 400 });
  let started: Awaited<ReturnType<typeof beginSignIn>>;
  try {
    started = await beginSignIn(provider, safeRedirectPath(parsed.data.redirectTo));
  } catch (error) {
    console.error(`Cannot reach the identity provider ${provider.issuer.href}:`, error);
    throw data(`${provider.displayName} is not available at the moment. Try again in a few minutes.`, {
      status: 503,
    });
  }
  return redirect(started.url, { headers: { "Set-Cookie": started.setCookie } });
}
