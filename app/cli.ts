// `npm run cli -- <command>`: the service's command line, for operators and CI.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import {
  type Db,
  defaultDatabaseUrl,
  dialectOf,
  isPostgresUrl,
  migrateToLatest,
  openDatabase,
  quickCheck,
  withStartupLock,
} from "../db/database";
import { publicJwk } from "./auth/oidc.server";
import { fieldErrors } from "./forms";
import { demoSignIns, seedDemoIfEmpty } from "./models/demo.server";
import { applyCareSettings, importOrganisations } from "./models/organisation-import.server";
import { grantRole, PersonInputError } from "./models/person.server";
import { RoleGrantSchema } from "./models/role-grant";
import { config } from "./config.server";
import { careSettings } from "./domain/organisation";
import { toFhirQuestionnaire } from "./questionnaire/fhir";
import { formatProblems, loadQuestionnaires, readQuestionnaireFiles } from "./models/questionnaire.server";
import { questionnaireJsonSchema } from "./questionnaire/json-schema";
import { formatMinutes, readingTime, readingWordsPerMinute } from "./questionnaire/reading-time";
import type { Questionnaire } from "./questionnaire/schema";
import { configuredTransport } from "./notifications/transport.server";
import { runNotifications } from "./services/notifications.server";

const help = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                          Bring the database schema up to date
  seed-demo                        Fill an empty database with the fictional demo data
  orgs import FILE [--valid-rows]  Import an ODS trust extract (etr.csv); with --valid-rows, import
                                   the valid rows even when some are rejected
  orgs care-settings FILE [--valid-rows]
                                   Set care settings from a CSV of ods_code,care_setting
  users add --email E --role R [--name N] [--password P] [--org ODS] [--region CODE]
                                   Give a person a role, adding the person when the email is new
                                   (no --password needed when OIDC_ISSUER is set: they link on first
                                   sign-in with the identity provider)
  oidc jwks                        Print the public key of OIDC_PRIVATE_KEY_FILE as a JWKS, to register
                                   with the identity provider for private_key_jwt
  backup FILE                      Write a consistent copy of the database (safe while serving): SQLite
                                   with VACUUM INTO; PostgreSQL with pg_dump (custom format)
  check                            Check the database for damage (SQLite quick_check; exits 1 if damaged)
  questionnaires check             Check every file in questionnaires/; exits non-zero on the first
                                   file with problems, naming each problem's path in the file
  questionnaires export-fhir ID [VERSION] [CARE-SETTING]
                                   Print a questionnaire version (default: the newest) as the FHIR R4
                                   Questionnaire of one care setting (default: its first), on PUBLIC_URL
  questionnaires schema            Print the JSON Schema of the questionnaire format
  notifications run [--now YYYY-MM-DDTHH:MM]
                                   Write the reminders that are due (once each, a digest a day per person
                                   and assessment), send the emails that are due, and exit (for cron and
                                   operators; --now stands in for the clock). Without SMTP_URL they go to
                                   the log

The database is DATABASE_URL (default: file:data/digital-maturity.sqlite; or postgres://…).`;

class UsageError extends Error {}

/** `--now`: a moment in UTC, to the minute or second (YYYY-MM-DDTHH:MM[:SS], optionally with Z). */
function parseNow(text: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)Z?$/.exec(text);
  const date = match ? new Date(`${match[1]}Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--now must be YYYY-MM-DDTHH:MM in UTC (got ${text.slice(0, 40)})`);
  return date;
}

/**
 * pg_dump reads one consistent snapshot while the servers keep writing. It is PostgreSQL's own tool and
 * comes with its client package, so it is run when on the PATH, and explained when not. The password goes
 * through the environment, not the command line (which other users of the machine can read).
 */
function backupPostgres(url: string, target: string): number {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const run = spawnSync(
    "pg_dump",
    ["--format=custom", "--no-owner", `--file=${target}`, `--dbname=${parsed}`],
    {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    },
  );
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    console.error(
      [
        "pg_dump is not on the PATH. On PostgreSQL, back up with PostgreSQL's own tool, from any machine",
        "that reaches the database (its major version at least the server's):",
        "",
        `  pg_dump --format=custom --file=${target} "$DATABASE_URL"`,
        "",
        "(on Debian or Ubuntu: apt-get install postgresql-client). Restore into an empty database with",
        '  pg_restore --no-owner --dbname="$DATABASE_URL" FILE',
        "or use your provider's managed backups and point-in-time recovery.",
      ].join("\n"),
    );
    return 1;
  }
  if (run.status !== 0) {
    console.error(`pg_dump failed (exit ${run.status ?? run.signal}).`);
    return 1;
  }
  console.info(`Backed up to ${target} (pg_dump custom format; restore with pg_restore)`);
  return 0;
}

async function withDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase();
  try {
    // The same lock as a starting server, so a migration from here never runs beside one from a server.
    await withStartupLock(db, migrateToLatest);
    return await run(db);
  } finally {
    await db.destroy();
  }
}

/** For commands that read or copy the database as it is: no migration, and a missing file is an error. */
async function withExistingDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(undefined, { mustExist: true });
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

function readInput(file: string | undefined): string {
  if (!file) throw new UsageError("Name the file to read.");
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  return readFileSync(file, "utf8");
}

function printRejected(rejected: { line: number; reason: string }[]) {
  for (const r of rejected) console.info(`  line ${r.line}: ${r.reason}`);
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      "valid-rows": { type: "boolean" },
      email: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      org: { type: "string" },
      region: { type: "string" },
      now: { type: "string" },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    console.info(help);
    return values.help ? 0 : 1;
  }
  switch (
    `${command}${sub && ["orgs", "users", "questionnaires", "oidc", "notifications"].includes(command) ? ` ${sub}` : ""}`
  ) {
    case "migrate":
      await withDb(async () => console.info("Database is up to date."));
      return 0;
    case "seed-demo":
      return withDb(async (db) => {
        await loadQuestionnaires(db);
        if (!(await seedDemoIfEmpty(db))) {
          console.error("The database already holds data: demo data is only seeded into an empty database.");
          return 1;
        }
        console.info(`Seeded demo data. Sign in with any of these, password ${demoSignIns[0]?.password}:`);
        for (const d of demoSignIns) console.info(`  ${d.role.padEnd(22)} ${d.email}`);
        return 0;
      });
    case "orgs import": {
      const text = readInput(arg);
      return withDb(async (db) => {
        const s = await importOrganisations(db, text, {
          importValidRows: Boolean(values["valid-rows"]),
          personId: null,
          address: "cli",
        });
        console.info(
          `${s.written ? "Imported" : "Nothing imported"}: ${s.added} added, ${s.updated} updated, ${s.closed} closed, ${s.unchanged} unchanged, ${s.rejected.length} rejected.`,
        );
        printRejected(s.rejected);
        if (!s.written)
          console.error(
            "Rows were rejected: correct the file, or pass --valid-rows to import the valid rows.",
          );
        return s.written ? 0 : 1;
      });
    }
    case "orgs care-settings": {
      const text = readInput(arg);
      return withDb(async (db) => {
        const s = await applyCareSettings(db, text, {
          importValidRows: Boolean(values["valid-rows"]),
          personId: null,
          address: "cli",
        });
        console.info(
          `${s.written ? "Applied" : "Nothing changed"}: ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected.length} rejected.`,
        );
        printRejected(s.rejected);
        return s.written ? 0 : 1;
      });
    }
    case "users add": {
      const parsed = RoleGrantSchema.safeParse({
        email: values.email ?? "",
        name: values.name,
        password: values.password,
        role: values.role ?? "",
        organisationCode: values.org,
        regionCode: values.region,
      });
      if (!parsed.success) {
        for (const [field, message] of Object.entries(fieldErrors(parsed.error)))
          console.error(`${field}: ${message}`);
        return 1;
      }
      return withDb(async (db) => {
        try {
          await grantRole(db, parsed.data, { personId: null, address: "cli" });
        } catch (error) {
          if (error instanceof PersonInputError) {
            console.error(`${error.field}: ${error.message}`);
            return 1;
          }
          throw error;
        }
        console.info(
          `${parsed.data.email} is now ${parsed.data.role}${parsed.data.organisationCode ? ` of ${parsed.data.organisationCode}` : ""}${parsed.data.regionCode ? ` for ${parsed.data.regionCode}` : ""}.`,
        );
        return 0;
      });
    }
    case "backup": {
      if (!sub) throw new UsageError("Name the file to write the backup to.");
      const target = resolve(sub);
      if (existsSync(target)) throw new UsageError(`${target} exists already: choose a new file name.`);
      const url = config().DATABASE_URL || defaultDatabaseUrl;
      if (isPostgresUrl(url)) return backupPostgres(url, target);
      return withExistingDb(async (db) => {
        // VACUUM INTO reads one consistent snapshot, so it is safe while the server writes.
        await sql`vacuum into ${target}`.execute(db);
        console.info(`Backed up to ${target}`);
        return 0;
      });
    }
    case "check": {
      return withExistingDb(async (db) => {
        if (dialectOf(db) === "postgres") {
          await sql`select 1`.execute(db);
          console.info(
            "PostgreSQL keeps its own pages: the database answered. For damage, use data checksums and amcheck (see the README, Deployment with PostgreSQL).",
          );
          return 0;
        }
        const problems = await quickCheck(db);
        if (problems.length === 0) {
          console.info("The database passed quick_check: every page is readable and well formed.");
          return 0;
        }
        console.error(`The database is damaged (quick_check found ${problems.length} problems):`);
        for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
        console.error("Restore the latest backup (see the README, Backups).");
        return 1;
      });
    }
    case "questionnaires check": {
      const files = readQuestionnaireFiles();
      if (files.length === 0) {
        console.error("No questionnaire files found in questionnaires/.");
        return 1;
      }
      const strict = (q: Questionnaire | undefined) => (q?.wordingRules ?? 1) >= 2;
      for (const { file, problems, warnings, superseded, questionnaire } of files) {
        if (problems.length > 0) {
          console.error(formatProblems(file, problems));
          return 1;
        }
        if (strict(questionnaire) && warnings.length > 0 && !superseded) {
          // Wording rules 2: a warning on a version still being written is a fault, not advice.
          console.error(
            `${file} fails the wording rules (version 2 of the rules, see docs/questionnaires.md):`,
          );
          for (const w of warnings) console.error(`  ${file}: ${w.path}: ${w.message} [${w.kind}]`);
          return 1;
        }
        if (warnings.length === 0) console.info(`ok ${file}`);
        else if (superseded)
          // A superseded version may be frozen: its wording is fixed in the version that follows.
          console.info(
            `ok ${file} (${warnings.length} wording warnings, left as they are: a later version exists)`,
          );
        else {
          console.info(`ok ${file} with ${warnings.length} wording warnings:`);
          for (const w of warnings) console.info(`  warning ${file}: ${w.path}: ${w.message} [${w.kind}]`);
        }
        if (questionnaire && !superseded) {
          // What each care setting is shown, and how long it takes by the guide's method.
          for (const setting of questionnaire.careSettings) {
            const t = readingTime(questionnaire, setting);
            console.info(
              `  ${setting}: ${t.questions} questions (${t.scored} scored), ${t.words.toLocaleString("en-GB")} words; about ${formatMinutes(t.totalMinutes)} (${t.readingMinutes} min reading at ${readingWordsPerMinute} words a minute, ${t.answeringMinutes} min evidence and answers, ${t.checkMinutes} min to check and submit)`,
            );
          }
        }
      }
      return 0;
    }
    case "questionnaires export-fhir": {
      if (!arg) throw new UsageError("Name the questionnaire id.");
      const version = positionals[3] === undefined ? undefined : Number(positionals[3]);
      const candidates = readQuestionnaireFiles()
        .flatMap((f) => (f.questionnaire && f.problems.length === 0 ? [f.questionnaire] : []))
        .filter((q) => q.id === arg && (version === undefined || q.version === version))
        .sort((a, b) => b.version - a.version);
      const q = candidates[0];
      if (!q) {
        console.error(
          `No valid questionnaire "${arg}"${version === undefined ? "" : ` version ${version}`}.`,
        );
        return 1;
      }
      const careSetting = positionals[4] ?? q.careSettings[0];
      const setting = careSettings.find((c) => c === careSetting);
      if (!setting || !(q.careSettings as string[]).includes(setting)) {
        console.error(`"${q.id}" version ${q.version} is not for the care setting "${careSetting}".`);
        return 1;
      }
      console.info(JSON.stringify(toFhirQuestionnaire(q, setting, config().PUBLIC_URL), null, 2));
      return 0;
    }
    case "oidc jwks": {
      const file = config().OIDC_PRIVATE_KEY_FILE;
      if (!file) {
        console.error("Set OIDC_PRIVATE_KEY_FILE to the PEM file of the service's private key.");
        return 1;
      }
      const { kty, n, e, crv, x, y, kid, alg, use } = publicJwk(readFileSync(file, "utf8"));
      const key = kty === "RSA" ? { kty, n, e, kid, alg, use } : { kty, crv, x, y, kid, alg, use };
      console.info(JSON.stringify({ keys: [key] }, null, 2));
      return 0;
    }
    case "questionnaires schema":
      console.info(JSON.stringify(questionnaireJsonSchema(), null, 2));
      return 0;
    case "notifications run": {
      const now = values.now === undefined ? new Date() : parseNow(values.now);
      return withDb(async (db) => {
        const transport = configuredTransport();
        const { reminders, emails } = await runNotifications(db, transport, now);
        console.info(`Reminders: ${reminders.reminders} due, in ${reminders.digests} notifications.`);
        console.info(
          `Emails: ${emails.sent} sent${transport.kind === "log" ? " (to the log: SMTP_URL is not set)" : ""}, ${emails.skipped} skipped, ${emails.failed} failed (to be tried again).`,
        );
        for (const error of emails.errors) console.error(`  not sent: ${error}`);
        return emails.failed > 0 ? 1 : 0;
      });
    }
    default:
      throw new UsageError(`Unknown command: ${positionals.join(" ")}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(
      error instanceof UsageError
        ? `${error.message}\n\n${help}`
        : error instanceof Error
          ? error.message
          : error,
    );
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
