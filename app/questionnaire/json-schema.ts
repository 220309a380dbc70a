import { z } from "zod";
import { QuestionnaireSchema } from "./schema";

/**
 * The questionnaire format as JSON Schema, generated from the zod schema so the two cannot drift. Published at
 * questionnaires/questionnaire.schema.json for editor completion; a test checks the file is current.
 */
export function questionnaireJsonSchema() {
  return {
    ...z.toJSONSchema(QuestionnaireSchema, { io: "input", target: "draft-2020-12" }),
    title: "NHS digital maturity questionnaire version",
  };
}
