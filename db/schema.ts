import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database's tables, written by hand to match db/migrations. Timestamps are ISO-8601 strings in UTC so
 * that SQLite and PostgreSQL store and sort them the same way.
 */
export interface Database {
  organisation: OrganisationTable;
  evidence_item: EvidenceItemTable;
  evidence_file: EvidenceFileTable;
  evidence_file_part: EvidenceFilePartTable;
  evidence_citation: EvidenceCitationTable;
  evidence_outcome: EvidenceOutcomeTable;
  person: PersonTable;
  person_identity: PersonIdentityTable;
  role_assignment: RoleAssignmentTable;
  session: SessionTable;
  sign_in_failure: SignInFailureTable;
  audit_event: AuditEventTable;
  questionnaire_version: QuestionnaireVersionTable;
  assessment: AssessmentTable;
  answer: AnswerTable;
  answer_change: AnswerChangeTable;
  theme_assignment: ThemeAssignmentTable;
  assessment_review: AssessmentReviewTable;
  report: ReportTable;
  report_sign_off: ReportSignOffTable;
  report_score: ReportScoreTable;
  assessment_validation: AssessmentValidationTable;
  assessment_query: AssessmentQueryTable;
  peer_group: PeerGroupTable;
  peer_group_member: PeerGroupMemberTable;
  benchmark: BenchmarkTable;
  organisation_score: OrganisationScoreTable;
  service_health: ServiceHealthTable;
  api_token: ApiTokenTable;
  assessment_version: AssessmentVersionTable;
  notification: NotificationTable;
  email_outbox: EmailOutboxTable;
  workbook_upload: WorkbookUploadTable;
  plan: PlanTable;
  plan_version: PlanVersionTable;
  plan_target: PlanTargetTable;
  plan_action: PlanActionTable;
  plan_action_note: PlanActionNoteTable;
  cycle_deadline: CycleDeadlineTable;
  reminder: ReminderTable;
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
  /** Empty for someone who signs in only through the identity provider: no password matches it. */
  password_hash: string;
  created_at: string;
  /** Set when an administrator deactivated the person: no sign-in, no session; history kept. */
  deactivated_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 after an administrator set a first password: every page asks for a new one until it is changed. */
  must_change_password: ColumnType<number, number | undefined, number>;
  /** 1: reminders by email as well as in the service (returns and queries are always emailed). */
  email_reminders: ColumnType<number, number | undefined, number>;
}

export interface PersonIdentityTable {
  id: Generated<number>;
  person_id: number;
  /** The provider's issuer and its subject for the person: together, who they are there, forever. */
  issuer: string;
  subject: string;
  created_at: string;
  last_signed_in_at: string;
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
  /** When the person signed in: the absolute lifetime (SESSION_MAX_HOURS) counts from here. */
  created_at: string;
  last_seen_at: string;
  /** The OpenID provider the person signed in through, and its ID token, for signing out there too. */
  provider_id: ColumnType<string | null, string | null | undefined, never>;
  id_token: ColumnType<string | null, string | null | undefined, never>;
  /** The last form post that failed validation, as JSON { key, path, data }: shown by the GET it redirects to. */
  failed_post: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SignInFailureTable {
  /** "account:…", "account-address:…" or "address:…" (app/auth/throttle.server.ts) */
  key: string;
  /** Attempts counted since the key was last cleared or forgotten. */
  failures: number;
  last_failure_at: string;
  /** Milliseconds since 1970 before which the key's next attempt is refused. */
  blocked_until: Generated<number>;
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

export interface QuestionnaireVersionTable {
  questionnaire_id: string;
  version: number;
  title: string;
  status: "draft" | "published" | "retired";
  /** The checked questionnaire as JSON. */
  content: string;
  /** SHA-256 of the content without its status: what freezing a version protects. */
  content_hash: string;
  loaded_at: string;
}

export type AssessmentStatus = "in-progress" | "submitted" | "signed-off";

export interface AssessmentTable {
  id: Generated<number>;
  organisation_code: string;
  questionnaire_id: string;
  questionnaire_version: number;
  cycle: string;
  status: AssessmentStatus;
  started_by: number | null;
  started_at: string;
  submitted_at: string | null;
  updated_at: string;
  /** The care setting the assessment is answered under, fixed when it starts (not the organisation's now). */
  care_setting: string;
  /** Its QuestionnaireResponse's version: one more with each answer change and state move (migration 0013). */
  version: ColumnType<number, number | undefined, number>;
  /** When that version was made (never earlier than the one before). */
  last_updated: string;
}

/** One version of an assessment's QuestionnaireResponse: its state and time; its answers are in answer_change. */
export interface AssessmentVersionTable {
  assessment_id: number;
  version: number;
  status: AssessmentStatus;
  last_updated: string;
}

export interface AnswerTable {
  assessment_id: number;
  question_id: string;
  theme_id: string;
  value: string | null;
  not_applicable_reason: string | null;
  evidence: string;
  evidence_links: string;
  revision: number;
  updated_by: number | null;
  updated_at: string;
  /** Set while the answer is a copy from this earlier cycle that nobody has confirmed: it does not count. */
  carried_from_cycle: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AnswerChangeTable {
  id: Generated<number>;
  assessment_id: number;
  question_id: string;
  revision: number;
  before: string | null;
  after: string;
  changed_by: number | null;
  changed_at: string;
  /** The assessment version this change made (assessment_version). */
  version: ColumnType<number, number | undefined, number>;
}

export interface ThemeAssignmentTable {
  assessment_id: number;
  theme_id: string;
  person_id: number;
  /** The lead's internal due date for the theme, YYYY-MM-DD (migration 0019). */
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AssessmentReviewTable {
  id: Generated<number>;
  assessment_id: number;
  action: "submitted" | "returned" | "signed-off";
  person_id: number | null;
  signed_name: string | null;
  comment: string;
  theme_comments: string;
  occurred_at: string;
}

export interface ReportTable {
  id: Generated<number>;
  assessment_id: number;
  organisation_code: string;
  questionnaire_id: string;
  questionnaire_version: number;
  cycle: string;
  scoring_method_version: string;
  overall_score: number | null;
  content: string;
  created_at: string;
  /** The previous cycle's plan version this report checked (migration 0017). */
  plan_version_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ReportSignOffTable {
  report_id: number;
  person_id: number | null;
  signed_name: string;
  comment: string;
  signed_at: string;
}

export interface ReportScoreTable {
  report_id: number;
  /** A theme id, or "overall". */
  theme_id: string;
  score: number;
}

export interface AssessmentValidationTable {
  assessment_id: number;
  status: "validated" | "queried";
  person_id: number | null;
  updated_at: string;
}

export interface AssessmentQueryTable {
  id: Generated<number>;
  assessment_id: number;
  person_id: number | null;
  from_role: "analyst" | "organisation";
  body: string;
  created_at: string;
}

export interface PeerGroupTable {
  id: Generated<number>;
  name: string;
  region_code: string;
  created_by: number | null;
  created_at: string;
}

export interface PeerGroupMemberTable {
  peer_group_id: number;
  organisation_code: string;
}

export interface BenchmarkTable {
  questionnaire_id: string;
  cycle: string;
  basis: "submitted" | "validated";
  group_key: string;
  theme_id: string;
  n: number;
  scores: string;
  updated_at: string;
}

export interface OrganisationScoreTable {
  questionnaire_id: string;
  cycle: string;
  organisation_code: string;
  report_id: number;
  validated: number;
  scores: string;
}

export interface ServiceHealthTable {
  id: number;
  checked_at: string;
  /** Written afresh at every check, so that the check needs the room a save needs. */
  headroom: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  /** SHA-256 of the token: a copy of the database hands out no working token. */
  token_hash: string;
  name: string;
  organisation_code: string | null;
  region_code: string | null;
  access: "read" | "write";
  created_by: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
  last_used_at: string | null;
  /** The minute (since 1970) whose requests rate_count counts: the token's rate-limit window. */
  rate_minute: number | null;
  rate_count: Generated<number>;
}

/** An uploaded workbook's preview, waiting for its uploader to confirm it (migration 0015). */
export interface WorkbookUploadTable {
  id: Generated<number>;
  assessment_id: number;
  person_id: number;
  file_name: string;
  created_at: string;
  /** JSON: app/workbook/preview.ts `Preview`. */
  preview: string;
  confirmed_at: string | null;
}

export interface NotificationTable {
  id: Generated<number>;
  person_id: number;
  kind: string;
  organisation_code: string | null;
  assessment_id: number | null;
  subject: string;
  /** Plain text; the HTML email is built from it. */
  body: string;
  /** The page it is about: a path within the service. */
  link: string;
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
}

export type OutboxStatus = "pending" | "sent" | "skipped";

export interface EmailOutboxTable {
  id: Generated<number>;
  notification_id: number;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  claimed_until: string | null;
  to_address: string | null;
  message_id: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

/** An improvement plan made from an assessment's saved report (migration 0017). */
export interface PlanTable {
  id: Generated<number>;
  assessment_id: number;
  organisation_code: string;
  questionnaire_id: string;
  cycle: string;
  report_id: number;
  status: "draft" | "submitted" | "approved" | "returned";
  version: number;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface PlanVersionTable {
  id: Generated<number>;
  plan_id: number;
  version: number;
  status: "draft" | "submitted" | "approved" | "returned";
  submitted_at: string | null;
  decided_at: string | null;
  decided_by: number | null;
  signed_name: string | null;
  comment: ColumnType<string, string | undefined, string>;
  snapshot: string | null;
}

export interface PlanTargetTable {
  plan_id: number;
  theme_id: string;
  target: number | null;
  reason: string;
  changed_revision: number;
}

export interface PlanActionTable {
  id: Generated<number>;
  plan_id: number;
  theme_id: string;
  title: string;
  owner_person_id: number | null;
  owner_role: string | null;
  due: string;
  status: "not-started" | "in-progress" | "done" | "dropped";
  question_ids: string;
  revision: number;
  changed_revision: number;
  created_at: string;
  updated_at: string;
}

export interface PlanActionNoteTable {
  id: Generated<number>;
  action_id: number;
  person_id: number | null;
  body: string;
  created_at: string;
}

/** A cycle's deadline: national (scope "national"), or earlier for one region (scope: its code). */
export interface CycleDeadlineTable {
  id: Generated<number>;
  cycle: string;
  scope: string;
  due_on: string;
  set_by: number | null;
  set_at: string;
}

/** A reminder written by the sweep: its key is unique, so it is written (and sent) once. */
export interface ReminderTable {
  key: string;
  assessment_id: number | null;
  /** The notification (the day's digest for one person and assessment) that carried it. */
  digest_key: string;
  created_at: string;
}

export interface EvidenceItemTable {
  id: Generated<number>;
  organisation_code: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  owner_person_id: number | null;
  owner_role: string | null;
  produced_on: string;
  review_by: string;
  /** JSON array of web addresses. */
  links: ColumnType<string, string | undefined, string>;
  revision: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EvidenceFileTable {
  id: Generated<number>;
  evidence_item_id: number;
  organisation_code: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  uploaded_at: string;
  /** When every part was written and the upload's checks passed; null while it is being uploaded. */
  stored_at: ColumnType<string | null, string | null | undefined, string | null>;
  deleted_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A file's bytes, in parts of at most evidenceLimits.filePartBytes, in order of `seq` from 0. */
export interface EvidenceFilePartTable {
  file_id: number;
  seq: number;
  bytes: Uint8Array;
}

export interface EvidenceCitationTable {
  assessment_id: number;
  question_id: string;
  theme_id: string;
  evidence_item_id: number;
  organisation_code: string;
  cited_by: number | null;
  cited_at: string;
}

export interface EvidenceOutcomeTable {
  evidence_item_id: number;
  outcome_code: string;
}
