import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import type { Client } from "./client";

/**
 * A real OpenID provider (`oidc-provider`) for the tests, on a free loopback port, with one confidential
 * client registered for the service under test. Its dev interactions ask for any login name and password;
 * the login name picks an account below. For the hostile-provider tests it can replace the ID token in its
 * token response with one that is expired (signed with its real key) or signed with a key it never published.
 */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export type Tamper = "none" | "expired-id-token" | "wrongly-signed-id-token";

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Environment for the service under test. */
  env: Record<string, string>;
  tamper: (mode: Tamper) => void;
  stop: () => Promise<void>;
}

export const testAccounts: Record<string, TestAccount> = {
  lead: { email: "lead@demo.example", email_verified: true, name: "Demo Lead" },
  contributor: { email: "Contributor@Demo.Example", email_verified: true, name: "Demo Contributor" },
  stranger: { email: "stranger@nowhere.example", email_verified: true, name: "Not Known" },
  unverified: { email: "board@demo.example", email_verified: false, name: "Unverified Board" },
  admin: { email: "admin@demo.example", email_verified: true, name: "Demo Admin" },
};

/** A free loopback port, found by listening and closing (the service needs its URL before it starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A second service registered with private_key_jwt (as CIS2 asks): its URL and its public keys. */
export interface KeyClient {
  publicUrl: string;
  jwks: { keys: object[] };
}
export const keyClientId = "digital-maturity-test-key";

export async function startTestProvider(
  servicePublicUrl: string,
  keyClient?: KeyClient,
): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "digital-maturity-test";
  const clientSecret = "a-test-client-secret-that-is-long-enough-for-hs256";

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
  let mode: Tamper = "none";

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${servicePublicUrl}/auth/oidc/callback`],
        post_logout_redirect_uris: [`${servicePublicUrl}/signed-out`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
      ...(keyClient
        ? [
            {
              client_id: keyClientId,
              redirect_uris: [`${keyClient.publicUrl}/auth/oidc/callback`],
              post_logout_redirect_uris: [`${keyClient.publicUrl}/signed-out`],
              response_types: ["code" as const],
              grant_types: ["authorization_code"],
              token_endpoint_auth_method: "private_key_jwt" as const,
              token_endpoint_auth_signing_alg: "RS512" as const,
              jwks: keyClient.jwks as never,
            },
          ]
        : []),
    ],
    enabledJWA: { clientAuthSigningAlgValues: ["RS256", "RS512", "ES256"] },
    jwks: { keys: [signingJwk as never] },
    cookies: { keys: ["test-provider-cookie-key"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Claims in the ID token itself (as Entra ID sends them), not only from userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    // A first-party client: no consent screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const session = ctx.oidc.session;
      const clientIdOf = ctx.oidc.client?.clientId;
      if (!session?.accountId || !clientIdOf) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(clientIdOf);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: clientIdOf, accountId: session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      session.grantIdFor(clientIdOf, grant.jti);
      return grant;
    },
    async findAccount(_ctx, id) {
      const account = testAccounts[id] ?? { email: `${id}@nowhere.example`, email_verified: true };
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });

  const forgedKey = (await generateKeyPair("RS256")).privateKey;
  // The provider's own pages load a web font from the internet and have no favicon: neither is reachable
  // here, and the browser tests fail on console errors. Serve its pages without them.
  provider.use(async (ctx, next) => {
    if (ctx.path === "/favicon.ico") {
      ctx.status = 204;
      return;
    }
    await next();
    if (typeof ctx.body === "string") ctx.body = ctx.body.replace(/@import url\(https:[^)]*\);?/g, "");
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== "/token" || mode === "none") return;
    const body = ctx.body as { id_token?: string } | undefined;
    if (!body?.id_token) return;
    const claims = decodeJwt(body.id_token);
    const now = Math.floor(Date.now() / 1000);
    const forged = mode === "expired-id-token" ? { ...claims, iat: now - 7200, exp: now - 3600 } : claims;
    const jwt = await new SignJWT(forged)
      .setProtectedHeader({ alg: "RS256", kid: signingJwk.kid as string })
      .sign(mode === "expired-id-token" ? privateKey : forgedKey);
    ctx.body = { ...body, id_token: jwt };
  });

  server.on("request", provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    env: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      PUBLIC_URL: servicePublicUrl,
    },
    tamper: (next) => {
      mode = next;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Walks a sign-in through the provider the way a browser without JavaScript would: from the service's
 * "sign in" button, through the provider's login form, to the URL the provider sends back to the service.
 * Returns that callback (path and query) and the flow cookie the service set, for replay tests.
 */
export async function walkProviderSignIn(
  app: Client,
  login: string,
  options: { changeAuthorizationUrl?: (url: URL) => void; redirectTo?: string } = {},
): Promise<{ callback: string; flowCookie: string }> {
  const serviceUrl = app.baseUrl;
  const start = await app.post("/auth/oidc/start", {
    provider: "nhs",
    redirectTo: options.redirectTo ?? "/",
  });
  if (start.status !== 302) throw new Error(`start answered ${start.status}: ${await start.text()}`);
  const flowCookie =
    (start.headers.getSetCookie().find((c) => c.startsWith("dm_oidc=")) ?? "").split(";")[0] ?? "";
  const url = new URL(start.headers.get("Location") ?? "");
  options.changeAuthorizationUrl?.(url);
  const jar = new Map<string, string>();
  const providerFetch = async (target: URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set("Cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      if (name) jar.set(name, rest.join("="));
    }
    return response;
  };
  let response = await providerFetch(url);
  let current = url;
  for (let hops = 0; hops < 10; hops++) {
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get("Location") ?? "", current);
      if (next.origin === new URL(serviceUrl).origin)
        return { callback: next.pathname + next.search, flowCookie };
      current = next;
      response = await providerFetch(next);
      continue;
    }
    const page = await response.text();
    const action = page.match(/<form[^>]*action="([^"]+)"[^>]*method="post"/)?.[1];
    if (response.status !== 200 || !action || !page.includes('name="login"'))
      throw new Error(`the provider answered ${response.status}: ${page.slice(0, 500)}`);
    current = new URL(action.replaceAll("&amp;", "&"), current);
    response = await providerFetch(current, {
      method: "POST",
      body: new URLSearchParams({ prompt: "login", login, password: "any password" }),
    });
  }
  throw new Error("too many redirects at the provider");
}
