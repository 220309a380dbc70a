import type { Db } from "../../db/database";
import { addDays, dayOf } from "../evidence/status";
import { unchangedQuestions } from "../questionnaire/lineage";
import type { Questionnaire } from "../questionnaire/schema";
import { getQuestionnaireVersion } from "./questionnaire.server";

/**
 * The demo evidence libraries (issue 23): each trust holds items that are current, due for review and
 * expired on the day the demo is seeded, tagged with framework outcomes, and cited from questions of several
 * themes in every cycle it answered (so copying last cycle forward brings citations, and an expired one, with
 * it). Written in a few bulk inserts so the demo still seeds fast on both databases.
 */
const library: {
  title: string;
  owner: string;
  produced: number;
  reviewBy: number;
  outcomes: string[];
  link?: string;
}[] = [
  {
    title: "Data security and protection policy",
    owner: "Senior Information Risk Owner",
    produced: -200,
    reviewBy: 165,
    outcomes: ["A1.a", "B1.a"],
    link: "https://intranet.example.nhs.uk/policies/data-security",
  },
  {
    title: "Penetration test report",
    owner: "Head of Cyber Security",
    produced: -420,
    reviewBy: -40,
    outcomes: ["B4.d"],
  },
  {
    title: "Business continuity and disaster recovery plan",
    owner: "Head of Emergency Preparedness",
    produced: -330,
    reviewBy: 30,
    outcomes: ["B5.a", "wgll:safe-practice"],
  },
  {
    title: "Clinical safety case for the EPR (DCB0160)",
    owner: "Chief Clinical Information Officer",
    produced: -90,
    reviewBy: 275,
    outcomes: ["wgll:safe-practice"],
  },
  {
    title: "Board minutes approving the digital strategy",
    owner: "Trust Secretary",
    produced: -150,
    reviewBy: 215,
    outcomes: ["wgll:well-led"],
    link: "https://intranet.example.nhs.uk/board/2026-07",
  },
  {
    title: "Cyber Essentials Plus certificate",
    owner: "Head of Cyber Security",
    produced: -380,
    reviewBy: -15,
    outcomes: ["B4.b"],
  },
];

export async function seedDemoEvidence(db: Db, personId: number, now: Date) {
  const today = dayOf(now);
  const at = now.toISOString();
  const trusts = await db
    .selectFrom("organisation")
    .select("ods_code")
    .where("ods_code", "like", "ZD%")
    .orderBy("ods_code")
    .execute();
  if (trusts.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const items = await trx
      .insertInto("evidence_item")
      .values(
        trusts.flatMap((t) =>
          library.map((l) => ({
            organisation_code: t.ods_code,
            title: l.title,
            description: "",
            owner_person_id: null,
            owner_role: l.owner,
            produced_on: addDays(today, l.produced),
            review_by: addDays(today, l.reviewBy),
            links: JSON.stringify(l.link ? [l.link] : []),
            revision: 1,
            created_by: personId,
            created_at: at,
            updated_at: at,
          })),
        ),
      )
      .returning(["id", "organisation_code", "title"])
      .execute();
    await trx
      .insertInto("evidence_outcome")
      .values(
        items.flatMap((item) =>
          (library.find((l) => l.title === item.title)?.outcomes ?? []).map((outcome_code) => ({
            evidence_item_id: item.id,
            outcome_code,
          })),
        ),
      )
      .execute();
    // Every core assessment of a trust cites its items from the first answered question of each theme.
    const answered = await trx
      .selectFrom("answer")
      .innerJoin("assessment", "assessment.id", "answer.assessment_id")
      .select([
        "answer.assessment_id",
        "answer.question_id",
        "answer.theme_id",
        "assessment.organisation_code",
      ])
      .where("assessment.organisation_code", "like", "ZD%")
      .where("assessment.questionnaire_id", "=", "core-digital-maturity")
      .orderBy("answer.assessment_id")
      .orderBy("answer.theme_id")
      .orderBy("answer.question_id")
      .execute();
    // Questions whose answers the newest version carries forward come first, so next cycle's copy brings
    // their citations (an expired one among them) with it.
    const carries = await carriedQuestionIds(trx);
    answered.sort((a, b) => Number(carries.has(b.question_id)) - Number(carries.has(a.question_id)));
    const firstOfTheme = new Map<string, (typeof answered)[number]>();
    for (const a of answered) {
      const key = `${a.assessment_id}:${a.theme_id}`;
      if (!firstOfTheme.has(key)) firstOfTheme.set(key, a);
    }
    const byAssessment = new Map<number, (typeof answered)[number][]>();
    for (const a of firstOfTheme.values())
      byAssessment.set(a.assessment_id, [...(byAssessment.get(a.assessment_id) ?? []), a]);
    const citations = [...byAssessment.values()].flatMap((questions) =>
      questions.slice(0, library.length).flatMap((q, i) => {
        const own = items.filter((it) => it.organisation_code === q.organisation_code);
        // Item i on the i-th theme, the policy on every theme after the first, and the expired penetration
        // test on every other theme: one item cited across themes and cycles, and an expired one carried.
        return [own[i], i > 0 ? own[0] : undefined, i % 2 === 0 ? own[1] : undefined]
          .filter((it) => it !== undefined)
          .map((it) => ({
            assessment_id: q.assessment_id,
            question_id: q.question_id,
            theme_id: q.theme_id,
            evidence_item_id: it.id,
            organisation_code: q.organisation_code,
            cited_by: personId,
            cited_at: at,
          }));
      }),
    );
    for (let i = 0; i < citations.length; i += 500)
      await trx
        .insertInto("evidence_citation")
        .values(citations.slice(i, i + 500))
        .execute();
  });
}

/** Question ids of earlier core versions that the newest core version carries forward (unchanged lineage). */
async function carriedQuestionIds(db: Db): Promise<Set<string>> {
  const newest = await getQuestionnaireVersion(db, "core-digital-maturity");
  if (!newest) return new Set();
  const versions: Questionnaire[] = [];
  for (let v = 1; v <= newest.version; v++) {
    const version = await getQuestionnaireVersion(db, "core-digital-maturity", v);
    if (version) versions.push(version);
  }
  const ids = new Set<string>();
  for (const source of versions) {
    const between = versions.filter((v) => v.version >= source.version);
    for (const from of unchangedQuestions(newest, source, between).values()) ids.add(from);
  }
  return ids;
}
