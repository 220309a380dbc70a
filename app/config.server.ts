import { z } from "zod";

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
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max}` });
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
  DATABASE_URL: z.string().trim().optional(),
  SESSION_SECRET: z.string().optional(),
  SESSION_IDLE_MINUTES: wholeNumber("SESSION_IDLE_MINUTES", 5, 24 * 60, 30),
  /** Never below 3: smaller groups would let one organisation work out another's score. */
  DISCLOSURE_MIN_GROUP: wholeNumber("DISCLOSURE_MIN_GROUP", 3, 1000, 5),
  DEMO_DATA: onOff("on"),
  QUESTIONNAIRES_DIR: z.string().trim().min(1).optional().default("questionnaires"),
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: "PUBLIC_URL must be an http(s) URL such as https://dma.example.nhs.uk",
    })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  BENCH_ROUTES: z.enum(["0", "1"]).optional().default("0"),
});

export type Config = z.output<typeof configSchema>;

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
  const config = result.data;
  if (config.NODE_ENV === "production" && !config.SESSION_SECRET) {
    throw new ConfigError(
      "Invalid configuration:\n  - SESSION_SECRET is not set (production refuses to start without it)",
    );
  }
  return config;
}

let cached: Config | undefined;

/** The configuration of this process, read from `process.env` on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
