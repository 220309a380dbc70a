import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001-foundation";
import * as m0002 from "./0002-questionnaires-and-assessments";
import * as m0003 from "./0003-reports";
import * as m0004 from "./0004-benchmarks";
import * as m0005 from "./0005-benchmark-indexes";
import * as m0006 from "./0006-organisation-scores";
import * as m0007 from "./0007-identities-and-accounts";
import * as m0008 from "./0008-hardening";
import * as m0009 from "./0009-api-tokens";
import * as m0010 from "./0010-api-token-rate-window";
import * as m0011 from "./0011-shared-database";
import * as m0012 from "./0012-year-on-year";
import * as m0013 from "./0013-assessment-care-setting-and-versions";
import * as m0014 from "./0014-failed-posts";
import * as m0015 from "./0015-workbook-uploads";
import * as m0016 from "./0016-notifications";
import * as m0017 from "./0017-improvement-plans";
import * as m0018 from "./0018-deadlines-and-reminders";
import * as m0019 from "./0019-evidence-library";
import * as m0020 from "./0020-evidence-file-parts";

/** Append-only: add new migrations at the end; never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  "0001-foundation": m0001,
  "0002-questionnaires-and-assessments": m0002,
  "0003-reports": m0003,
  "0004-benchmarks": m0004,
  "0005-benchmark-indexes": m0005,
  "0006-organisation-scores": m0006,
  "0007-identities-and-accounts": m0007,
  "0008-hardening": m0008,
  "0009-api-tokens": m0009,
  "0010-api-token-rate-window": m0010,
  "0011-shared-database": m0011,
  "0012-year-on-year": m0012,
  "0013-assessment-care-setting-and-versions": m0013,
  "0014-failed-posts": m0014,
  "0015-workbook-uploads": m0015,
  "0016-notifications": m0016,
  "0017-improvement-plans": m0017,
  "0018-deadlines-and-reminders": m0018,
  "0019-evidence-library": m0019,
  "0020-evidence-file-parts": m0020,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
