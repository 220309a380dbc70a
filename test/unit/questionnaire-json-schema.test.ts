import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { questionnaireJsonSchema } from "../../app/questionnaire/json-schema";

const root = fileURLToPath(new URL("../..", import.meta.url));
const committedPath = join(root, "questionnaires/questionnaire.schema.json");
const regenerate = "npm run -s cli -- questionnaires schema > questionnaires/questionnaire.schema.json";

describe("questionnaires/questionnaire.schema.json", () => {
  const committed: unknown = JSON.parse(readFileSync(committedPath, "utf8"));
  // Through JSON, as the CLI writes it, so undefined values and key order cannot matter.
  const generated: unknown = JSON.parse(JSON.stringify(questionnaireJsonSchema()));

  it("is current with the zod schema", () => {
    expect(
      committed,
      `questionnaires/questionnaire.schema.json is out of date with app/questionnaire/schema.ts. Run: ${regenerate}`,
    ).toEqual(generated);
  });

  it("describes the questionnaire format strictly, for editor completion", () => {
    expect(generated).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "NHS digital maturity questionnaire version",
      type: "object",
      additionalProperties: false,
    });
    const schema = generated as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        "id",
        "version",
        "title",
        "status",
        "careSettings",
        "scales",
        "scoring",
        "themes",
      ]),
    );
    // The input form: fields with defaults are optional for authors.
    expect(schema.required).not.toContain("retiredQuestions");
    expect(schema.required).toEqual(expect.arrayContaining(["id", "version", "themes"]));
  });

  it.each(["board-digital-leadership", "core-digital-maturity"])(
    "is what %s/v1.yaml points editors at",
    (id) => {
      const firstLine = readFileSync(join(root, "questionnaires", id, "v1.yaml"), "utf8").split("\n")[0];
      expect(firstLine).toBe("# yaml-language-server: $schema=../questionnaire.schema.json");
    },
  );
});
