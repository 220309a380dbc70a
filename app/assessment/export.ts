import {
  assessmentSystem,
  checklistSystem,
  hasEvidence,
  isCodedYesNo,
  levelDisplay,
  linkIds,
  linksText,
  noneOfTheseDisplay,
  notApplicableCoding,
  notApplicableDisplay,
  notApplicableStyle,
  odsSystem,
  questionnaireUrl,
  questionsFor,
  reasonText,
  scaleSystem,
  yesNoCoding,
} from "../questionnaire/fhir";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { type Answer, type Answers, describeAnswer, isShown, noneOfThese } from "./answers";
import type { CareSetting } from "../domain/organisation";
import { csvRow } from "../csv";

export interface ExportSubject {
  odsCode: string;
  organisationName: string;
  careSetting: CareSetting;
  cycle: string;
  status: "in-progress" | "submitted" | "signed-off";
  updatedAt: string;
  assessmentId: number;
}

/** Every shown question with its answer, one CSV row each (app/csv.ts), in questionnaire order. */
export function answersCsv(
  q: Questionnaire,
  subject: ExportSubject,
  answers: ReadonlyMap<string, Answer & { revision?: number; updatedBy?: string | null; updatedAt?: string }>,
): string[] {
  const header = [
    "ods_code",
    "cycle",
    "theme_id",
    "theme",
    "question_id",
    "question",
    "answer_value",
    "answer",
    "not_applicable_reason",
    "evidence",
    "evidence_links",
    "updated_by",
    "updated_at",
  ];
  const rows = [csvRow(header)];
  for (const theme of q.themes) {
    for (const question of theme.questions) {
      if (!isShown(question, subject.careSetting, answers)) continue;
      const a = answers.get(question.id);
      rows.push(
        csvRow([
          subject.odsCode,
          subject.cycle,
          theme.id,
          theme.title,
          question.id,
          question.text,
          a?.value == null ? "" : Array.isArray(a.value) ? a.value.join(";") : a.value,
          describeAnswer(question, q, a),
          a?.notApplicableReason ?? "",
          a?.evidence ?? "",
          (a?.evidenceLinks ?? []).join(" "),
          a?.updatedBy ?? "",
          a?.updatedAt ?? "",
        ]),
      );
    }
  }
  return rows;
}

/** A question's answer as R4 answer values, with the displays the Questionnaire's options carry. */
function fhirAnswerValues(q: Questionnaire, baseUrl: string, question: Question, value: Answer["value"]) {
  if (value === null) return [];
  switch (question.type) {
    case "level":
    case "outcome": {
      const scale = q.scales.find((s) => s.id === question.scale)!;
      return [
        {
          valueCoding: {
            system: scaleSystem(baseUrl, q, scale),
            code: String(value),
            display: levelDisplay(q, question, value as number),
          },
        },
      ];
    }
    case "checklist": {
      const system = checklistSystem(baseUrl, q, question);
      if ((value as string[]).length === 0)
        return [{ valueCoding: { system, code: noneOfThese, display: noneOfTheseDisplay } }];
      return (value as string[]).map((id) => ({
        valueCoding: { system, code: id, display: question.items.find((i) => i.id === id)?.label ?? id },
      }));
    }
    case "yes-no":
      return isCodedYesNo(question)
        ? [{ valueCoding: yesNoCoding(baseUrl, value as "yes" | "no") }]
        : [{ valueBoolean: value === "yes" }];
    case "number":
      return [{ valueDecimal: Number(value) }];
    case "text":
      return [{ valueString: String(value) }];
  }
}

type ResponseItem = {
  linkId: string;
  text?: string;
  answer?: Record<string, unknown>[];
  item?: ResponseItem[];
};

/** The response items of one question: the N/A item (number and text), the answer, evidence, links. */
function questionResponseItems(
  q: Questionnaire,
  baseUrl: string,
  question: Question,
  a: Answer,
): ResponseItem[] {
  const items: ResponseItem[] = [];
  const style = notApplicableStyle(question);
  const reason = a.notApplicableReason
    ? [
        {
          linkId: linkIds.reason(question.id),
          text: reasonText,
          answer: [{ valueString: a.notApplicableReason }],
        },
      ]
    : [];
  if (a.notApplicableReason != null && style === "sibling") {
    items.push({
      linkId: linkIds.notApplicable(question.id),
      text: `${notApplicableDisplay}: ${question.text}`,
      answer: [{ valueBoolean: true, ...(reason.length > 0 ? { item: reason } : {}) }],
    });
  } else if (a.notApplicableReason != null) {
    items.push({
      linkId: question.id,
      text: question.text,
      answer: [{ valueCoding: notApplicableCoding(baseUrl), ...(reason.length > 0 ? { item: reason } : {}) }],
    });
  } else {
    const answer = fhirAnswerValues(q, baseUrl, question, a.value);
    if (answer.length > 0) items.push({ linkId: question.id, text: question.text, answer });
  }
  if (hasEvidence(question)) {
    if (a.evidence)
      items.push({
        linkId: linkIds.evidence(question.id),
        text: question.evidencePrompt ?? "Evidence",
        answer: [{ valueString: a.evidence }],
      });
    if (a.evidenceLinks.length > 0)
      items.push({
        linkId: linkIds.links(question.id),
        text: linksText,
        answer: a.evidenceLinks.map((link) => ({ valueString: link })),
      });
  }
  return items;
}

/** An evidence library item cited by an answer, as the QuestionnaireResponse carries it. */
export interface CitedEvidence {
  title: string;
  links: string[];
}

export const citedEvidenceExtension = (baseUrl: string) =>
  `${baseUrl}/fhir/StructureDefinition/cited-evidence`;

/** The latest time any answer changed: what `authored` means here (sign-off is recorded elsewhere). */
export function lastAnswerChange(answers: Answers, fallback: string): string {
  let latest = "";
  for (const a of answers.values()) {
    const at = (a as { updatedAt?: string }).updatedAt ?? "";
    if (at > latest) latest = at;
  }
  return latest || fallback;
}

/**
 * The assessment as an HL7 FHIR R4 QuestionnaireResponse to the Questionnaire of its care setting, whose
 * subject is the organisation by ODS code. Only questions shown to the organisation appear; groups with
 * nothing in them are left out.
 */
export function toFhirQuestionnaireResponse(
  q: Questionnaire,
  subject: ExportSubject & { versionId?: string; lastUpdated?: string },
  answers: Answers,
  baseUrl: string,
  /** Library evidence each question's answer cites, by question id. */
  cited: ReadonlyMap<string, readonly CitedEvidence[]> = new Map(),
) {
  const items = questionsFor(q, subject.careSetting)
    .map(({ theme, questions }) => ({
      linkId: theme.id,
      text: theme.title,
      item: questions
        .filter((question) => isShown(question, subject.careSetting, answers) && answers.has(question.id))
        .flatMap((question) => questionResponseItems(q, baseUrl, question, answers.get(question.id)!)),
    }))
    .filter((group) => group.item.length > 0);
  return {
    resourceType: "QuestionnaireResponse",
    id: `assessment-${subject.assessmentId}`,
    ...(subject.versionId
      ? {
          meta: {
            versionId: subject.versionId,
            ...(subject.lastUpdated ? { lastUpdated: subject.lastUpdated } : {}),
          },
        }
      : {}),
    identifier: { system: assessmentSystem(baseUrl), value: String(subject.assessmentId) },
    questionnaire: `${questionnaireUrl(baseUrl, q.id, subject.careSetting)}|${q.version}`,
    status: subject.status === "in-progress" ? "in-progress" : "completed",
    subject: {
      identifier: { system: odsSystem, value: subject.odsCode },
      display: subject.organisationName,
    },
    // Library evidence the answers cite (issue 23), beside their free text: one extension per citation on the
    // resource, naming the question, so the Questionnaire's items stay as they are, a question cited before it
    // is answered keeps its evidence, and an importer that ignores the extension loses nothing.
    ...(cited.size > 0
      ? {
          extension: [...cited].flatMap(([questionId, items]) =>
            items.map((c) => ({
              url: citedEvidenceExtension(baseUrl),
              extension: [
                { url: "question", valueString: questionId },
                { url: "title", valueString: c.title },
                ...c.links.map((link) => ({ url: "link", valueUri: link })),
              ],
            })),
          ),
        }
      : {}),
    authored: lastAnswerChange(answers, subject.updatedAt),
    ...(items.length > 0 ? { item: items } : {}),
  };
}
