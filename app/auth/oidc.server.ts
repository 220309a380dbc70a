import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import { createCookie } from "@remix-run/node";
import * as client from "openid-client";
import { type Config, config, isLoopback } from "../config.server";
import { noRoleMapping, type RoleMapping } from "./role-mapping.server";
import { sessionSecret } from "./session.server";

/**
 * One OpenID Connect provider, as a value: the service may be given several (a trust's Entra ID beside
 * CIS2), so nothing here is a module-level singleton. Its discovery document is fetched on first use and
 * kept; a failed fetch is tried again next time.
 */
export interface OidcProvider {
  /** Stable id, stored with each session it starts. */
  id: string;
  displayName: string;
  issuer: URL;
  clientId: string;
  scopes: string;
  acrValues: string[];
  redirectUri: string;
  postLogoutRedirectUri: string;
  roleMapping: RoleMapping;
  configuration: () => Promise<client.Configuration>;
}

export interface OidcProviderSettings {
  id: string;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  privateKeyPem?: string;
  scopes: string;
  acrValues: string[];
  publicUrl: string;
  roleMapping?: RoleMapping;
}

export function createOidcProvider(settings: OidcProviderSettings): OidcProvider {
  const issuer = new URL(settings.issuer);
  let discovered: Promise<client.Configuration> | undefined;
  const discover = async () => {
    const auth = settings.privateKeyPem
      ? client.PrivateKeyJwt(await signingKey(settings.privateKeyPem))
      : client.ClientSecretBasic(settings.clientSecret);
    const configuration = await client.discovery(
      issuer,
      settings.clientId,
      settings.privateKeyPem ? undefined : settings.clientSecret,
      auth,
      // Plain http only for a provider on this machine (the tests' own provider); config refuses it elsewhere.
      issuer.protocol === "http:" && isLoopback(issuer.hostname)
        ? { execute: [client.allowInsecureRequests], timeout: 10 }
        : { timeout: 10 },
    );
    // OpenID Connect lets a client trust an ID token from the token endpoint on TLS alone; we check its
    // signature against the provider's published keys as well.
    client.enableNonRepudiationChecks(configuration);
    return configuration;
  };
  return {
    id: settings.id,
    displayName: settings.displayName,
    issuer,
    clientId: settings.clientId,
    scopes: settings.scopes,
    acrValues: settings.acrValues,
    redirectUri: `${settings.publicUrl}/auth/oidc/callback`,
    postLogoutRedirectUri: `${settings.publicUrl}/signed-out`,
    roleMapping: settings.roleMapping ?? noRoleMapping,
    configuration: () => {
      discovered ??= discover().catch((error) => {
        discovered = undefined;
        throw error;
      });
      return discovered;
    },
  };
}

/** The providers this deployment is configured with (today at most one, from OIDC_* variables). */
export function providersFromConfig(c: Config): OidcProvider[] {
  if (!c.OIDC_ISSUER || !c.OIDC_CLIENT_ID || !c.PUBLIC_URL) return [];
  return [
    createOidcProvider({
      id: "nhs",
      displayName: c.OIDC_DISPLAY_NAME,
      issuer: c.OIDC_ISSUER,
      clientId: c.OIDC_CLIENT_ID,
      clientSecret: c.OIDC_CLIENT_SECRET,
      privateKeyPem: c.OIDC_PRIVATE_KEY_FILE ? readFileSync(c.OIDC_PRIVATE_KEY_FILE, "utf8") : undefined,
      scopes: c.OIDC_SCOPES,
      acrValues: c.OIDC_ACR_VALUES,
      publicUrl: c.PUBLIC_URL,
    }),
  ];
}

let configured: OidcProvider[] | undefined;
export function oidcProviders(): OidcProvider[] {
  configured ??= providersFromConfig(config());
  return configured;
}

export const findOidcProvider = (id: string) => oidcProviders().find((p) => p.id === id);

/**
 * The private key for private_key_jwt, with its kid: the RFC 7638 thumbprint of the public key, which is
 * what `npm run cli -- oidc jwks` prints for the provider's registration. RSA keys sign with RS512 (CIS2's
 * algorithm), EC P-256 keys with ES256.
 */
async function signingKey(pem: string): Promise<client.PrivateKey> {
  const key = createPrivateKey(pem);
  const der = key.export({ type: "pkcs8", format: "der" });
  const algorithm =
    key.asymmetricKeyType === "rsa"
      ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }
      : key.asymmetricKeyType === "ec"
        ? { name: "ECDSA", namedCurve: "P-256" }
        : null;
  if (!algorithm) throw new Error("OIDC_PRIVATE_KEY_FILE must hold an RSA or EC P-256 private key");
  const cryptoKey = await webcrypto.subtle.importKey("pkcs8", der, algorithm, false, ["sign"]);
  return { key: cryptoKey as unknown as client.CryptoKey, kid: publicJwk(pem).kid };
}

/** The public half of a private key as a JWK, with the kid and alg the service signs with. */
export function publicJwk(pem: string): JsonWebKey & { kid: string; alg: string; use: string } {
  const jwk = createPublicKey(createPrivateKey(pem)).export({ format: "jwk" });
  const members =
    jwk.kty === "RSA"
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  const kid = createHash("sha256").update(JSON.stringify(members)).digest("base64url");
  return { ...jwk, kid, alg: jwk.kty === "RSA" ? "RS512" : "ES256", use: "sig" };
}

/** What the browser carries between "sign in" and the callback: bound to it, signed, ten minutes. */
interface Flow {
  provider: string;
  state: string;
  nonce: string;
  verifier: string;
  redirectTo: string;
}

let flowCookieValue: ReturnType<typeof createCookie> | undefined;
const flowCookie = () => {
  flowCookieValue ??= createCookie("dm_oidc", {
    httpOnly: true,
    // lax: the provider's redirect back is a top-level navigation, which carries lax cookies.
    sameSite: "lax",
    path: "/auth/oidc",
    maxAge: 600,
    secrets: [sessionSecret()],
  });
  return flowCookieValue;
};
const secureCookies = () => config().PUBLIC_URL?.startsWith("https:") ?? false;

/** The provider's authorization URL for a new sign-in, and the cookie that remembers the checks. */
export async function beginSignIn(provider: OidcProvider, redirectTo: string) {
  const configuration = await provider.configuration();
  const flow: Flow = {
    provider: provider.id,
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    redirectTo,
  };
  const parameters: Record<string, string> = {
    redirect_uri: provider.redirectUri,
    scope: provider.scopes,
    response_type: "code",
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
  };
  if (provider.acrValues.length > 0) parameters.acr_values = provider.acrValues.join(" ");
  return {
    url: client.buildAuthorizationUrl(configuration, parameters).href,
    setCookie: await flowCookie().serialize(flow, { secure: secureCookies() }),
  };
}

export const clearFlowCookie = () => flowCookie().serialize("", { maxAge: 0, secure: secureCookies() });

async function readFlow(request: Request): Promise<Flow | null> {
  const value = await flowCookie().parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const flow = value as Partial<Flow>;
  return typeof flow.provider === "string" &&
    typeof flow.state === "string" &&
    typeof flow.nonce === "string" &&
    typeof flow.verifier === "string" &&
    typeof flow.redirectTo === "string"
    ? (flow as Flow)
    : null;
}

/** Why a callback was refused: each has its own page text and audit reason. */
export type Refusal =
  | "no-sign-in-started"
  | "provider-unavailable"
  | "provider-refused"
  | "response-not-trusted"
  | "assurance-too-low"
  | "email-missing"
  | "email-unverified"
  | "unknown-person"
  | "deactivated";

export class SignInRefused extends Error {
  constructor(
    readonly refusal: Refusal,
    readonly detail: string,
    readonly subject: string | null = null,
  ) {
    super(`${refusal}: ${detail}`);
  }
}

export interface VerifiedSignIn {
  provider: OidcProvider;
  redirectTo: string;
  idToken: string;
  claims: client.IDToken & Record<string, unknown>;
}

/**
 * Checks the provider's answer: the flow cookie's state, then (inside openid-client) the code exchange with
 * the PKCE verifier, the ID token's signature against the provider's keys, its issuer, audience, expiry and
 * nonce; then the assurance level when one was asked for. Throws SignInRefused with a reason for each failure.
 */
export async function completeSignIn(request: Request): Promise<VerifiedSignIn> {
  const flow = await readFlow(request);
  if (!flow) throw new SignInRefused("no-sign-in-started", "no sign-in in progress in this browser");
  const provider = findOidcProvider(flow.provider);
  if (!provider) throw new SignInRefused("no-sign-in-started", `unknown provider ${flow.provider}`);
  const configuration = await provider.configuration().catch((error: Error) => {
    throw new SignInRefused("provider-unavailable", `discovery failed: ${error.message}`);
  });
  // The URL the provider redirected to, as registered (the request's own may be rewritten by a proxy).
  const currentUrl = new URL(provider.redirectUri);
  currentUrl.search = new URL(request.url).search;
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError)
      throw new SignInRefused("provider-refused", `${error.error}: ${error.error_description ?? ""}`.trim());
    const code = (error as { code?: unknown }).code;
    const description =
      error instanceof client.ResponseBodyError
        ? `${error.error} ${error.error_description ?? ""}`
        : causeChain(error);
    throw new SignInRefused(
      "response-not-trusted",
      `${typeof code === "string" ? code : "error"}: ${description || (error as Error).message}`.trim(),
    );
  }
  const claims = tokens.claims() as (client.IDToken & Record<string, unknown>) | undefined;
  if (!claims || !tokens.id_token) throw new SignInRefused("response-not-trusted", "no ID token");
  if (provider.acrValues.length > 0 && !provider.acrValues.includes(String(claims.acr ?? ""))) {
    throw new SignInRefused("assurance-too-low", `acr ${String(claims.acr ?? "(none)")}`, claims.sub);
  }
  if (typeof claims.email !== "string" && configuration.serverMetadata().userinfo_endpoint) {
    // CIS2 sends the email from its userinfo endpoint rather than in the ID token.
    try {
      const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      for (const name of ["email", "email_verified", "name"] as const)
        if (info[name] !== undefined && claims[name] === undefined) claims[name] = info[name];
    } catch {
      // Without the userinfo claims the person can still be found by a linked subject.
    }
  }
  return { provider, redirectTo: flow.redirectTo, idToken: tokens.id_token, claims };
}

/** The messages of an error and its causes, with the claim a failed comparison names: for the audit log. */
function causeChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const claim = (e as { cause?: { claim?: unknown } }).cause?.claim;
    parts.push(typeof claim === "string" ? `${e.message} (claim ${claim})` : e.message);
  }
  return parts.join("; ");
}

/** The provider's end-session URL for RP-initiated logout, or null when it has none (or cannot be reached). */
export async function endSessionUrl(providerId: string, idToken: string): Promise<string | null> {
  const provider = findOidcProvider(providerId);
  if (!provider) return null;
  try {
    const configuration = await provider.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: provider.postLogoutRedirectUri,
      client_id: provider.clientId,
    }).href;
  } catch {
    return null;
  }
}
