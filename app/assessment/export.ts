import { checklistSystem, scaleSystem } from "../questionnaire/fhir";
import type { Question, Questionnaire } from "../questionnaire/schema";
import { type Answer, type Answers, describeAnswer, isShown, noneOfThese } from "./answers";
import type { CareSetting } from "../domain/organisation";

/** A CSV cell that a spreadsheet will not run as a formula, quoted as RFC 4180 asks. */
export function csvCell(value: unknown): string {
  let text = value == null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: unknown[]) => cells.map(csvCell).join(",");

export interface ExportSubject {
  odsCode: string;
  organisationName: string;
  careSetting: CareSetting;
  cycle: string;
  status: "in-progress" | "submitted" | "signed-off";
  updatedAt: string;
  assessmentId: number;
}

/** Every shown question with its answer, one row each, in questionnaire order. */
export function answersCsv(
  q: Questionnaire,
  subject: ExportSubject,
  answers: ReadonlyMap<string, Answer & { revision?: number; updatedBy?: string | null; updatedAt?: string }>,
): string {
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
  return `${rows.join("\r\n")}\r\n`;
}

function fhirAnswer(q: Questionnaire, baseUrl: string, question: Question, value: Answer["value"]) {
  if (value === null) return [];
  switch (question.type) {
    case "level":
    case "outcome": {
      const scale = q.scales.find((s) => s.id === question.scale)!;
      const level = scale.levels.find((l) => l.value === value);
      return [
        {
          valueCoding: { system: scaleSystem(baseUrl, q, scale), code: String(value), display: level?.label },
        },
      ];
    }
    case "checklist":
      if ((value as string[]).length === 0) {
        return [
          {
            valueCoding: {
              system: checklistSystem(baseUrl, q, question),
              code: noneOfThese,
              display: "None of these",
            },
          },
        ];
      }
      return (value as string[]).map((id) => ({
        valueCoding: {
          system: checklistSystem(baseUrl, q, question),
          code: id,
          display: question.items.find((i) => i.id === id)?.label,
        },
      }));
    case "yes-no":
      return [{ valueBoolean: value === "yes" }];
    case "number":
      return [{ valueDecimal: Number(value) }];
    case "text":
      return [{ valueString: String(value) }];
  }
}

/** The assessment as an HL7 FHIR R4 QuestionnaireResponse whose subject is the organisation, by ODS code. */
export function toFhirQuestionnaireResponse(
  q: Questionnaire,
  subject: ExportSubject,
  answers: Answers,
  baseUrl: string,
) {
  return {
    resourceType: "QuestionnaireResponse",
    id: `assessment-${subject.assessmentId}`,
    questionnaire: `${baseUrl}/questionnaires/${q.id}|${q.version}`,
    status: subject.status === "in-progress" ? "in-progress" : "completed",
    subject: {
      identifier: { system: "https://fhir.nhs.uk/Id/ods-organization-code", value: subject.odsCode },
      display: subject.organisationName,
    },
    // The latest of the assessment's own changes and its answers'.
    authored: [
      subject.updatedAt,
      ...[...answers.values()].map((a) => (a as { updatedAt?: string }).updatedAt ?? ""),
    ]
      .sort()
      .at(-1),
    item: q.themes
      .map((theme) => ({
        linkId: theme.id,
        text: theme.title,
        item: theme.questions
          .filter((question) => isShown(question, subject.careSetting, answers) && answers.has(question.id))
          .map((question) => {
            const a = answers.get(question.id)!;
            const evidence =
              a.evidence || a.evidenceLinks.length > 0
                ? [
                    {
                      linkId: `${question.id}.evidence`,
                      answer: [{ valueString: [a.evidence, ...a.evidenceLinks].filter(Boolean).join("\n") }],
                    },
                  ]
                : [];
            if (a.notApplicableReason != null) {
              return {
                linkId: question.id,
                text: question.text,
                item: [
                  { linkId: `${question.id}.not-applicable`, answer: [{ valueBoolean: true }] },
                  {
                    linkId: `${question.id}.not-applicable-reason`,
                    answer: [{ valueString: a.notApplicableReason || "No reason given" }],
                  },
                ],
              };
            }
            const answer = fhirAnswer(q, baseUrl, question, a.value);
            // No answer yet: evidence, if any, hangs directly under the question (FHIR allows item or answer, not both).
            if (answer.length === 0) {
              return {
                linkId: question.id,
                text: question.text,
                ...(evidence.length > 0 ? { item: evidence } : {}),
              };
            }
            if (evidence.length > 0 && question.type !== "text")
              (answer[0] as Record<string, unknown>).item = evidence;
            return { linkId: question.id, text: question.text, answer };
          }),
      }))
      .map((group) => (group.item.length > 0 ? group : { linkId: group.linkId, text: group.text })),
  };
}
