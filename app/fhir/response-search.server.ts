import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import { z } from "zod";
import type { Db } from "../../db/database";
import type { Database } from "../../db/schema";
import { getAssessment } from "../models/assessment.server";
import { type ApiCaller, tokenCan } from "../models/api-token.server";
import { odsSystem } from "../questionnaire/fhir";
import { fhirBase, fhirError, publicUrl } from "./http.server";
import { type Page, pageLinks, pageRequest } from "./paging";
import { assessmentResponse, parseCanonical, responseId } from "./responses.server";
import { type DatePrefix, dateRange } from "./search.server";

/** The search parameters QuestionnaireResponse search takes (the CapabilityStatement lists the same). */
export const responseSearchParams = [
  "subject:identifier",
  "questionnaire",
  "status",
  "authored",
  "_lastUpdated",
  "_sort",
  "_count",
];

type Eb = ExpressionBuilder<Database & { a: Database["assessment"] }, "a">;
type Row = { id: number; last_updated: string };
const ResponseKey = z.tuple([z.string().max(40), z.number().int().min(0)]);
const keyOf = (row: Row): [string, number] => [row.last_updated, row.id];

const bad = (diagnostics: string) => fhirError(400, { code: "invalid", diagnostics });

function dateCondition(
  eb: Eb,
  column: Expression<string | null>,
  prefix: DatePrefix,
  from: string,
  to: string,
): Expression<SqlBool> {
  switch (prefix) {
    case "eq":
      return eb.and([eb(column, ">=", from), eb(column, "<", to)]);
    case "ne":
      return eb.or([eb(column, "<", from), eb(column, ">=", to)]);
    case "gt":
      return eb(column, ">=", to);
    case "ge":
      return eb(column, ">=", from);
    case "lt":
      return eb(column, "<", from);
    default:
      return eb(column, "<", to);
  }
}

/** The organisations a token may read: its own, or those of its region that its creator may still see. */
async function readableOrganisations(db: Db, caller: ApiCaller): Promise<string[]> {
  const rows = await db
    .selectFrom("organisation")
    .select(["ods_code", "region_code"])
    .$if(Boolean(caller.organisationCode), (q) => q.where("ods_code", "=", caller.organisationCode!))
    .$if(!caller.organisationCode, (q) => q.where("region_code", "=", caller.regionCode ?? ""))
    .execute();
  return rows
    .filter((o) =>
      tokenCan(caller, "organisation.view", {
        organisation: { odsCode: o.ods_code, regionCode: o.region_code },
      }),
    )
    .map((o) => o.ods_code);
}

/**
 * QuestionnaireResponse search within a token's scope, in pages: ordered by meta.lastUpdated, then id
 * (`_sort=-_lastUpdated` for newest first), with a keyset cursor on that pair, and the total that match.
 */
export async function searchResponses(db: Db, caller: ApiCaller, params: URLSearchParams) {
  const { count, cursor } = pageRequest(params, ResponseKey);
  const sort = params.get("_sort") ?? "_lastUpdated";
  if (sort !== "_lastUpdated" && sort !== "-_lastUpdated")
    throw bad('_sort may be "_lastUpdated" (oldest first, the default) or "-_lastUpdated" (newest first).');
  const descending = sort.startsWith("-");
  const organisations = await readableOrganisations(db, caller);

  const filters: ((eb: Eb) => Expression<SqlBool>)[] = [];
  const subject = params.get("subject:identifier");
  if (subject !== null) {
    const [system, code] = subject.includes("|") ? subject.split("|", 2) : [undefined, subject];
    if ((system && system !== odsSystem) || !code)
      throw bad(`subject:identifier must be ${odsSystem}|<ODS code>.`);
    filters.push((eb) => eb("a.organisation_code", "=", code.toUpperCase()));
  }
  const questionnaire = params.get("questionnaire");
  if (questionnaire !== null) {
    const canonical = parseCanonical(questionnaire);
    if (!canonical)
      throw bad(
        `questionnaire must be a canonical URL under ${publicUrl()}/questionnaires/, optionally with |version.`,
      );
    // The care setting the assessment was answered under (its Questionnaire), not the organisation's now.
    filters.push((eb) =>
      eb.and([
        eb("a.questionnaire_id", "=", canonical.questionnaireId),
        eb("a.care_setting", "=", canonical.careSetting),
        ...(canonical.version === undefined ? [] : [eb("a.questionnaire_version", "=", canonical.version)]),
      ]),
    );
  }
  const status = params.get("status");
  if (status !== null) {
    const wanted = status.split(",");
    const ours = [
      ...(wanted.includes("in-progress") ? (["in-progress"] as const) : []),
      ...(wanted.includes("completed") ? (["submitted", "signed-off"] as const) : []),
    ];
    filters.push((eb) => (ours.length === 0 ? eb("a.id", "<", 0) : eb("a.status", "in", ours)));
  }
  for (const name of ["authored", "_lastUpdated"] as const) {
    for (const value of params.getAll(name)) {
      const range = dateRange(value);
      if (!range)
        throw bad(
          `${name} "${value.slice(0, 40)}" is not a date with an optional prefix (eq, ne, gt, ge, lt, le).`,
        );
      filters.push((eb) => {
        // authored is the last answer change, or the start before any (as the resource says).
        const column =
          name === "_lastUpdated"
            ? eb.ref("a.last_updated")
            : eb.fn.coalesce(
                eb
                  .selectFrom("answer")
                  .select((s) => s.fn.max("answer.updated_at").as("at"))
                  .whereRef("answer.assessment_id", "=", "a.id"),
                eb.ref("a.started_at"),
              );
        return dateCondition(eb, column, range.prefix, range.from, range.to);
      });
    }
  }

  const matching = () =>
    db
      .selectFrom("assessment as a")
      .where("a.organisation_code", "in", organisations.length > 0 ? organisations : [""])
      .where((eb) => eb.and(filters.map((f) => f(eb))));
  /** Rows after (or before) a key in the search order, nearest first. */
  const beyond = (direction: "after" | "before", key: [string, number] | null, limit: number) => {
    const forward = (direction === "after") !== descending;
    const op = forward ? ">" : "<";
    return matching()
      .select(["a.id", "a.last_updated"])
      .$if(key !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb("a.last_updated", op, key![0]),
            eb.and([eb("a.last_updated", "=", key![0]), eb("a.id", op, key![1])]),
          ]),
        ),
      )
      .orderBy("a.last_updated", forward ? "asc" : "desc")
      .orderBy("a.id", forward ? "asc" : "desc")
      .limit(limit)
      .execute();
  };

  const counted = await matching()
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  let page: Page<Row>;
  if (cursor?.direction === "before") {
    const rows = await beyond("before", cursor.key, count + 1);
    const items = rows.slice(0, count).reverse();
    const last = items.at(-1);
    page = {
      items,
      hasPrevious: rows.length > count,
      hasNext: last ? (await beyond("after", keyOf(last), 1)).length > 0 : false,
    };
  } else {
    const rows = await beyond("after", cursor?.key ?? null, count + 1);
    const items = rows.slice(0, count);
    const first = items[0];
    page = {
      items,
      hasNext: rows.length > count,
      hasPrevious: first && cursor ? (await beyond("before", keyOf(first), 1)).length > 0 : false,
    };
  }

  const entries = [];
  for (const { id } of page.items) {
    const assessment = await getAssessment(db, id);
    if (!assessment) continue;
    const { resource } = await assessmentResponse(db, assessment);
    entries.push({ fullUrl: `${fhirBase()}/QuestionnaireResponse/${responseId(id)}`, resource });
  }
  return {
    total,
    entries,
    links: pageLinks("QuestionnaireResponse", params, count, page, keyOf),
  };
}
