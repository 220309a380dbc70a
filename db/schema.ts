import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database's tables, written by hand to match db/migrations. Timestamps are ISO-8601 strings in UTC so
 * that SQLite and PostgreSQL store and sort them the same way.
 */
export interface Database {
  organisation: OrganisationTable;
  person: PersonTable;
  role_assignment: RoleAssignmentTable;
  session: SessionTable;
  sign_in_failure: SignInFailureTable;
  audit_event: AuditEventTable;
}

export interface OrganisationTable {
  ods_code: string;
  name: string;
  care_setting: string;
  /** NHS England region code (Y56…Y63), or the ODS national grouping for organisations outside England. */
  region_code: string | null;
  icb_code: string | null;
  status: "active" | "closed";
  opened_on: string | null;
  closed_on: string | null;
  updated_at: string;
}

export interface PersonTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
}

export interface RoleAssignmentTable {
  id: Generated<number>;
  person_id: number;
  role: string;
  /** Set for organisation roles (contributor, organisation lead, board member). */
  organisation_code: string | null;
  /** Set for regional analysts. */
  region_code: string | null;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a copy of the database does not hand out live sessions. */
  id: string;
  person_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

export interface SignInFailureTable {
  /** "email:…" or "address:…" */
  key: string;
  failures: number;
  last_failure_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: string;
  person_id: number | null;
  action: string;
  subject: string | null;
  details: ColumnType<string, string | undefined, never>;
  address: string | null;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type Person = Selectable<PersonTable>;
export type RoleAssignment = Selectable<RoleAssignmentTable>;
