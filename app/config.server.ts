import { z } from "zod";
import { checkRule, type DisclosureRule } from "./benchmark/disclosure";

/**
 * Every environment variable the service reads, validated once at start. A bad value stops the start with one
 * line per variable, instead of failing later on the request that first reads it. Add a variable here, with
 * its bounds, rather than reading `process.env` elsewhere.
 */
const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a whole number from ${min} to ${max} (got "${value.slice(0, 40)}")`,
        });
        return z.NEVER;
      }
      return n;
    });

const onOff = (fallback: "on" | "off") =>
  z
    .enum(["on", "off"], { error: "must be on or off" })
    .optional()
    .transform((value) => (value ?? fallback) === "on");

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).optional().default("development"),
  /** A SQLite file (default data/digital-maturity.sqlite), `:memory:`, or a postgres:// URL. */
  DATABASE_URL: z.string().trim().optional(),
  /** PostgreSQL only: connections each server process keeps open at most. */
  DATABASE_POOL_SIZE: wholeNumber("DATABASE_POOL_SIZE", 1, 200, 10),
  /** PostgreSQL only: a statement running longer than this is cancelled (0 = no limit). */
  DATABASE_STATEMENT_TIMEOUT_MS: wholeNumber("DATABASE_STATEMENT_TIMEOUT_MS", 0, 3_600_000, 30_000),
  SESSION_SECRET: z.string().optional(),
  SESSION_IDLE_MINUTES: wholeNumber("SESSION_IDLE_MINUTES", 5, 24 * 60, 30),
  /**
   * The disclosure rule's thresholds (app/benchmark/disclosure.ts). Never looser than 5 and 10: smaller groups
   * would let one organisation work out another's score.
   */
  DISCLOSURE_MIN_GROUP: wholeNumber("DISCLOSURE_MIN_GROUP", 5, 1000, 5),
  DISCLOSURE_QUARTILE_MIN_GROUP: wholeNumber("DISCLOSURE_QUARTILE_MIN_GROUP", 10, 1000, 10),
  DEMO_DATA: onOff("on"),
  QUESTIONNAIRES_DIR: z.string().trim().min(1).optional().default("questionnaires"),
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: "PUBLIC_URL must be an http(s) URL such as https://dma.example.nhs.uk",
    })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  /** Requests per minute one API token may make to /fhir before it is answered 429. */
  FHIR_RATE_LIMIT_PER_MINUTE: wholeNumber("FHIR_RATE_LIMIT_PER_MINUTE", 1, 100_000, 120),
  BENCH_ROUTES: z.enum(["0", "1"]).optional().default("0"),
  /** A session ends this many hours after sign-in, however active it is. */
  SESSION_MAX_HOURS: wholeNumber("SESSION_MAX_HOURS", 1, 7 * 24, 12),
  /** off: sign-in only through the identity provider (the CLI still adds the first administrator). */
  PASSWORD_SIGN_IN: onOff("on"),
  /** The OpenID provider's issuer: its discovery document is at ISSUER/.well-known/openid-configuration. */
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: "OIDC_ISSUER must be the provider's https issuer URL" })
    .optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** A PEM (PKCS #8) private key for private_key_jwt client authentication, as CIS2 asks. */
  OIDC_PRIVATE_KEY_FILE: z.string().trim().min(1).optional(),
  OIDC_SCOPES: z
    .string()
    .trim()
    .regex(
      /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/,
      "OIDC_SCOPES must be scopes separated by spaces",
    )
    .refine((s) => s.split(" ").includes("openid"), "OIDC_SCOPES must include openid")
    .optional()
    .default("openid email profile"),
  OIDC_DISPLAY_NAME: z.string().trim().min(1).max(100).optional().default("Sign in with your NHS account"),
  /** Asked for, and checked in the ID token's acr claim: CIS2's authentication assurance levels. */
  OIDC_ACR_VALUES: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => (v ? v.split(/\s+/) : [])),
  PORT: wholeNumber("PORT", 0, 65_535, 3000),
  HOST: z.string().trim().min(1).optional().default("127.0.0.1"),
  BUILD_DIR: z.string().trim().min(1).optional(),
  /** Express's "trust proxy": a hop count, true/false, or a list of addresses or subnets. */
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((value) =>
      value === undefined || value === ""
        ? undefined
        : /^[0-9]+$/.test(value)
          ? Number(value)
          : value === "true"
            ? true
            : value === "false"
              ? false
              : value,
    ),
  /** One JSON line per request on standard output. */
  LOG_REQUESTS: onOff("on"),
  /** How long SIGTERM waits for requests in flight before stopping anyway. */
  SHUTDOWN_GRACE_SECONDS: wholeNumber("SHUTDOWN_GRACE_SECONDS", 1, 300, 20),
  /** SQLite: FULL survives power loss as well as crashes (ADR 014). */
  DATABASE_SYNCHRONOUS: z
    .enum(["full", "normal"], { error: "DATABASE_SYNCHRONOUS must be full or normal" })
    .optional()
    .default("full"),
  /** Run SQLite's quick_check at start and refuse to serve a damaged database (reads every page). */
  DATABASE_CHECK_ON_START: onOff("off"),
  /**
   * Where email goes: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465. Without it,
   * emails are written to the log and shown on the notifications page only (issue 24).
   */
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^[^\r\n<>]*<?[^\s@<>]+@[^\s@<>]+>?$/, "MAIL_FROM must be an address, or a name and <address>")
    .optional()
    .default("Digital maturity self-assessment <no-reply@localhost>"),
  /** How often the server sends pending email and works out reminders (0: never; use the CLI). */
  NOTIFICATIONS_INTERVAL_SECONDS: wholeNumber("NOTIFICATIONS_INTERVAL_SECONDS", 0, 86_400, 300),
});

export type Config = Omit<z.output<typeof configSchema>, "PUBLIC_URL"> & {
  /**
   * Where the service is published, without a trailing slash: FHIR canonical URLs and code systems are built
   * on it, never on a request's Host header. Required in production; http://localhost:3000 otherwise.
   */
  PUBLIC_URL: string;
};

export const localPublicUrl = "http://localhost:3000";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.map((l) => `  - ${l}`).join("\n")}`);
  }
  const parsed = result.data;
  const missing = [
    ...(parsed.SESSION_SECRET ? [] : ["SESSION_SECRET is not set (production refuses to start without it)"]),
    ...(parsed.PUBLIC_URL
      ? []
      : [
          "PUBLIC_URL is not set (production refuses to start without it: FHIR canonical URLs are built on it), for example https://dma.example.nhs.uk",
        ]),
  ];
  const problems = [...(parsed.NODE_ENV === "production" ? missing : []), ...oidcProblems(parsed)];
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((m) => `  - ${m}`).join("\n")}`);
  }
  return { ...parsed, PUBLIC_URL: parsed.PUBLIC_URL ?? localPublicUrl };
}

/**
 * The disclosure rule the configuration sets, checked against its floor again whatever the schema says.
 * Quartiles never come from groups smaller than the smallest group shown at all, so a larger
 * DISCLOSURE_MIN_GROUP raises the quartile threshold with it.
 */
export function disclosureRule(c: Config = config()): DisclosureRule {
  return checkRule({
    minGroup: c.DISCLOSURE_MIN_GROUP,
    quartileMinGroup: Math.max(c.DISCLOSURE_QUARTILE_MIN_GROUP, c.DISCLOSURE_MIN_GROUP),
  });
}

/** The OpenID Connect settings belong together: half a provider is a mistake to stop on, not to run with. */
function oidcProblems(config: z.output<typeof configSchema>): string[] {
  const problems: string[] = [];
  const given = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_PRIVATE_KEY_FILE"] as const;
  if (!config.OIDC_ISSUER) {
    const stray = given.filter((name) => config[name] !== undefined);
    if (stray.length > 0) problems.push(`${stray.join(", ")} set without OIDC_ISSUER`);
    if (!config.PASSWORD_SIGN_IN)
      problems.push("PASSWORD_SIGN_IN is off but no OIDC_ISSUER is set, so nobody could sign in");
    return problems;
  }
  const issuer = new URL(config.OIDC_ISSUER);
  if (issuer.protocol !== "https:" && !isLoopback(issuer.hostname))
    problems.push("OIDC_ISSUER must use https (plain http only on this machine, for tests)");
  if (!config.OIDC_CLIENT_ID) problems.push("OIDC_CLIENT_ID is not set (OIDC_ISSUER is)");
  if (!config.OIDC_CLIENT_SECRET === !config.OIDC_PRIVATE_KEY_FILE)
    problems.push("set exactly one of OIDC_CLIENT_SECRET and OIDC_PRIVATE_KEY_FILE");
  if (!config.PUBLIC_URL)
    problems.push("PUBLIC_URL is not set: it makes the redirect URI PUBLIC_URL/auth/oidc/callback");
  return problems;
}

export const isLoopback = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);

let cached: Config | undefined;

/** The configuration of this process, read from `process.env` on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
