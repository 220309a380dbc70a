import type { Db } from "../../db/database";
import { type Answer, themeStatus } from "../assessment/answers";
import { reminderCopy } from "../content/notifications";
import type { CareSetting } from "../domain/organisation";
import { answersOfAssessments } from "../models/answer.server";
import { allDeadlines } from "../models/deadline.server";
import { getQuestionnaireVersion } from "../models/questionnaire.server";
import {
  type DigestToWrite,
  dueActions,
  dueEvidence,
  openAssessments,
  openThemeAssignments,
  organisationMembers,
  pendingSignOffs,
  writeDigests,
  writtenKeysAmong,
  writtenReminderKeys,
} from "../models/reminder.server";
import { addDays, dayOf } from "../domain/dates";
import {
  actionStage,
  daysUntil,
  evidenceStage,
  effectiveDeadline,
  groupIntoDigests,
  type ReminderItem,
  reminderKey,
  themeStage,
} from "../notifications/reminders";
import type { Questionnaire } from "../questionnaire/schema";

/**
 * The reminder sweep (issue 24): from the deadlines and what is still open (themes, boards, plan actions,
 * evidence to review), which reminders are due today, written once each (their keys are unique) and gathered
 * into one digest a day per person and assessment (or organisation's library); the sender
 * (app/services/notifications.server.ts) emails them. Run by the server's timer and by
 * `npm run cli -- notifications run --now …`; `now` is the only clock.
 */
export async function sweepReminders(db: Db, now: Date) {
  const today = dayOf(now);
  const members = await membersByOrganisation(db);
  const names = new Map<number, { organisationName: string; cycle: string }>();
  // Theme reminders come back already without those written before (see themeReminders).
  const themeItems = await themeReminders(db, today, members, names);
  const items: ReminderItem[] = [];
  for (const row of await pendingSignOffs(db, `${addDays(today, -7)}T23:59:59.999Z`)) {
    names.set(row.id, { organisationName: row.name, cycle: row.cycle });
    const submittedOn = (row.submitted_at ?? today).slice(0, 10);
    for (const personId of members.get(row.organisation_code)?.board ?? [])
      items.push(
        item(
          "sign-off-pending",
          "7-days",
          row.id,
          row.organisation_code,
          personId,
          "",
          submittedOn,
          `/assessments/${row.id}/review`,
          `assessment ${row.id}`,
        ),
      );
  }
  for (const row of await dueActions(db, addDays(today, 7))) {
    const stage = actionStage(today, row.due);
    if (!stage) continue;
    names.set(row.assessment_id, { organisationName: row.name, cycle: row.cycle });
    for (const personId of ownerElseLeads(members, row.organisation_code, row.owner_person_id))
      items.push(
        item(
          "action-due",
          stage,
          row.assessment_id,
          row.organisation_code,
          personId,
          row.title,
          row.due,
          `/assessments/${row.assessment_id}/plan/actions/${row.id}`,
          `action ${row.id}`,
        ),
      );
  }
  // Evidence to review: 30 days before its review-by date and once expired (the owner, else the leads).
  const libraries = new Map<string, string>();
  for (const row of await dueEvidence(db, addDays(today, 30))) {
    const stage = evidenceStage(today, row.review_by);
    if (!stage) continue;
    libraries.set(row.organisation_code, row.name);
    for (const personId of ownerElseLeads(members, row.organisation_code, row.owner_person_id))
      items.push(
        item(
          "evidence-review",
          stage,
          null,
          row.organisation_code,
          personId,
          row.title,
          row.review_by,
          `/organisations/${row.organisation_code}/evidence/${row.id}`,
          `evidence ${row.id}`,
        ),
      );
  }
  const written = await writtenKeysAmong(
    db,
    items.map((i) => i.key),
  );
  const due = [...themeItems, ...items.filter((i) => !written.has(i.key))];
  const digests: DigestToWrite[] = [];
  for (const [key, list] of groupIntoDigests(due, today)) {
    const first = list[0]!;
    const about =
      first.assessmentId === null
        ? { organisationName: libraries.get(first.organisationCode)!, cycle: null }
        : names.get(first.assessmentId)!;
    digests.push({
      key,
      personId: first.personId,
      assessmentId: first.assessmentId,
      organisationCode: first.organisationCode,
      subject: reminderCopy.subject(about.organisationName, list),
      body: reminderCopy.body(
        about.organisationName,
        about.cycle,
        list.map((i) => reminderCopy.line(i, daysUntil(today, i.due))),
      ),
      link:
        list.length === 1
          ? first.link
          : first.assessmentId === null
            ? `/organisations/${first.organisationCode}/evidence`
            : `/assessments/${first.assessmentId}`,
      reminderKeys: list.map((i) => i.key),
    });
  }
  let sent = 0;
  for (let i = 0; i < digests.length; i += 500)
    sent += await writeDigests(db, digests.slice(i, i + 500), now);
  return { reminders: due.length, digests: sent };
}

function item(
  kind: ReminderItem["kind"],
  stage: ReminderItem["stage"],
  assessmentId: number | null,
  organisationCode: string,
  personId: number,
  title: string,
  due: string,
  link: string,
  subject: string,
): ReminderItem {
  const base = { kind, stage, assessmentId, organisationCode, personId, title, due, link };
  return { ...base, key: reminderKey(base, subject) };
}

type Members = Awaited<ReturnType<typeof membersByOrganisation>>;

/** Who is reminded of something that has an owner: the owner while still a member, else the leads. */
function ownerElseLeads(members: Members, organisationCode: string, ownerId: number | null): number[] {
  const organisation = members.get(organisationCode);
  return ownerId !== null && organisation?.all.has(ownerId) ? [ownerId] : [...(organisation?.leads ?? [])];
}

async function membersByOrganisation(db: Db) {
  const byOrganisation = new Map<string, { all: Set<number>; leads: Set<number>; board: Set<number> }>();
  for (const r of await organisationMembers(db)) {
    const code = r.organisation_code!;
    const entry = byOrganisation.get(code) ?? { all: new Set(), leads: new Set(), board: new Set() };
    byOrganisation.set(code, entry);
    entry.all.add(r.person_id);
    if (r.role === "organisation-lead") entry.leads.add(r.person_id);
    if (r.role === "board-member") entry.board.add(r.person_id);
  }
  return byOrganisation;
}

/**
 * Themes not finished, 14 and 3 days before their due date (the lead's internal date, else the organisation's
 * deadline) and once overdue: to whoever has the theme, else the leads. Answers are read only for assessments
 * with a reminder not yet written, so a sweep that finds nothing new reads almost nothing.
 */
async function themeReminders(
  db: Db,
  today: string,
  members: Members,
  names: Map<number, { organisationName: string; cycle: string }>,
) {
  const [deadlines, assessments, assignments] = await Promise.all([
    allDeadlines(db),
    openAssessments(db),
    openThemeAssignments(db),
  ]);
  const assigned = new Map<number, Map<string, { personId: number; dueOn: string | null }>>();
  for (const a of assignments) {
    const themes = assigned.get(a.assessment_id) ?? new Map();
    assigned.set(a.assessment_id, themes);
    themes.set(a.theme_id, { personId: a.person_id, dueOn: a.due_on });
  }
  const questionnaires = new Map<string, Questionnaire | undefined>();
  const candidates: {
    assessment: (typeof assessments)[number];
    items: (ReminderItem & { themeId: string })[];
  }[] = [];
  for (const assessment of assessments) {
    const cycle = deadlines.get(assessment.cycle);
    const deadline = cycle
      ? effectiveDeadline(
          cycle.national,
          assessment.region_code ? cycle.regional.get(assessment.region_code) : null,
          assessment.region_code,
        )
      : null;
    const themes = assigned.get(assessment.id);
    if (!deadline && !themes) continue;
    const qKey = `${assessment.questionnaire_id} ${assessment.questionnaire_version}`;
    if (!questionnaires.has(qKey))
      questionnaires.set(
        qKey,
        await getQuestionnaireVersion(db, assessment.questionnaire_id, assessment.questionnaire_version, {
          inUse: true,
        }),
      );
    const questionnaire = questionnaires.get(qKey);
    if (!questionnaire) continue;
    const organisation = members.get(assessment.organisation_code);
    const items: (ReminderItem & { themeId: string })[] = [];
    for (const theme of questionnaire.themes) {
      const assignment = themes?.get(theme.id);
      const due = assignment?.dueOn ?? deadline?.dueOn;
      if (!due) continue;
      const stage = themeStage(today, due);
      if (!stage) continue;
      const people =
        assignment && organisation?.all.has(assignment.personId)
          ? [assignment.personId]
          : [...(organisation?.leads ?? [])];
      for (const personId of people)
        items.push({
          ...item(
            "theme-due",
            stage,
            assessment.id,
            assessment.organisation_code,
            personId,
            theme.title,
            due,
            `/assessments/${assessment.id}/themes/${theme.id}`,
            `assessment ${assessment.id} theme ${theme.id}`,
          ),
          themeId: theme.id,
        });
    }
    if (items.length > 0) candidates.push({ assessment, items });
  }
  const written = await writtenReminderKeys(
    db,
    candidates.map((c) => c.assessment.id),
  );
  const open = candidates
    .map((c) => ({ ...c, items: c.items.filter((i) => !written.has(i.key)) }))
    .filter((c) => c.items.length > 0);
  const answers = new Map<number, Map<string, Answer>>();
  for (const row of await answersOfAssessments(
    db,
    open.map((c) => c.assessment.id),
  )) {
    const map = answers.get(row.assessment_id) ?? new Map<string, Answer>();
    answers.set(row.assessment_id, map);
    map.set(row.question_id, {
      questionId: row.question_id,
      value: row.value === null ? null : JSON.parse(row.value),
      notApplicableReason: row.not_applicable_reason,
      evidence: "",
      evidenceLinks: [],
    });
  }
  const out: ReminderItem[] = [];
  for (const { assessment, items } of open) {
    const questionnaire = questionnaires.get(
      `${assessment.questionnaire_id} ${assessment.questionnaire_version}`,
    )!;
    const given = answers.get(assessment.id) ?? new Map<string, Answer>();
    const finished = new Set(
      questionnaire.themes
        .filter((t) => themeStatus(t, assessment.care_setting as CareSetting, given) === "completed")
        .map((t) => t.id),
    );
    const unfinished = items.filter((i) => !finished.has(i.themeId));
    if (unfinished.length > 0)
      names.set(assessment.id, { organisationName: assessment.name, cycle: assessment.cycle });
    out.push(...unfinished.map(({ themeId: _, ...rest }) => rest));
  }
  return out;
}
