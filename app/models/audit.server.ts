import type { Db } from "../../db/database";

export type AuditAction =
  | "sign-in.succeeded"
  | "sign-in.failed"
  | "sign-in.refused"
  | "sign-out"
  | "identity.linked"
  | "password.changed"
  | "password.reset"
  | "person.deactivated"
  | "person.reactivated"
  | "role.added"
  | "role.removed"
  | "person.added"
  | "organisations.imported"
  | "organisation.care-setting-changed"
  | "assessment.started"
  | "assessment.themes-assigned"
  | "assessment.submitted"
  | "assessment.returned"
  | "assessment.signed-off"
  | "assessment.validated"
  | "assessment.queried"
  | "assessment.query-replied"
  | "assessment.workbook-saved"
  | "api-token.created"
  | "api-token.revoked"
  | "api-token.used"
  | "plan.started"
  | "plan.targets-set"
  | "plan.action-added"
  | "plan.action-changed"
  | "plan.submitted"
  | "plan.approved"
  | "plan.returned"
  | "deadline.set"
  | "account.reminders-changed"
  | "evidence.item-added"
  | "evidence.item-changed"
  | "evidence.item-deleted"
  | "evidence.file-uploaded"
  | "evidence.file-downloaded"
  | "evidence.file-deleted"
  | "evidence.cited"
  | "evidence.uncited";

/** Who does something, and from which address: what every write that is audited records. */
export interface Actor {
  personId: number;
  address: string | null;
}

export interface AuditEventInput {
  action: AuditAction;
  personId?: number | null;
  subject?: string | null;
  details?: Record<string, unknown>;
  address?: string | null;
}

/** Appends to the audit log. The log is never updated or deleted from. */
export async function recordAuditEvent(db: Db, event: AuditEventInput, now = new Date()): Promise<void> {
  await db
    .insertInto("audit_event")
    .values({
      occurred_at: now.toISOString(),
      person_id: event.personId ?? null,
      action: event.action,
      subject: event.subject ?? null,
      details: JSON.stringify(event.details ?? {}),
      address: event.address ?? null,
    })
    .execute();
}

export async function listAuditEvents(
  db: Db,
  { limit = 200, before }: { limit?: number; before?: number } = {},
) {
  let query = db
    .selectFrom("audit_event")
    .leftJoin("person", "person.id", "audit_event.person_id")
    .select([
      "audit_event.id",
      "audit_event.occurred_at",
      "audit_event.action",
      "audit_event.subject",
      "audit_event.details",
      "audit_event.address",
      "person.email as person_email",
    ])
    .orderBy("audit_event.id", "desc")
    .limit(limit);
  if (before) query = query.where("audit_event.id", "<", before);
  return query.execute();
}
