import { z } from "zod";
import { CareSettingSchema } from "../domain/schemas";

/**
 * The questionnaire file format. This schema is the single source of the TypeScript types and of the
 * JSON Schema published for authors (questionnaires/questionnaire.schema.json). Cross-references (ids,
 * conditions, lineage) are checked separately in ./check.ts, which reports paths in the same shape.
 */

const Id = z
  .string()
  .max(50, "Ids must be 50 characters or fewer")
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    "Use lower-case letters, digits and single hyphens (for example paperless-records)",
  );
const Text = z.string().trim().min(1, "Required");
const Weight = z.number().positive().max(100).default(1);
const Score = z.number().min(0).max(100);

export const ScaleLevelSchema = z.strictObject({
  value: z.number().int().min(0).max(10),
  label: Text,
  /** Where this level sits on the common 0–100 score scale. */
  score: Score,
});

export const ScaleSchema = z.strictObject({
  id: Id,
  /** "level" scales are cumulative maturity levels; "outcome" scales are CAF-style outcomes. */
  kind: z.enum(["level", "outcome"]),
  title: Text,
  levels: z.array(ScaleLevelSchema).min(2),
});

export const FrameworkReferenceSchema = z.strictObject({
  framework: z.enum(["wgll", "caf", "dspt", "nhsx-mission"]),
  code: Text,
  display: Text.optional(),
});

/**
 * A question's mapping to an outcome it evidences (issue 23): a CAF contributing outcome ("B4.d") or a What
 * Good Looks Like pillar ("smart-foundations"), with the outcome's title as the catalogue (app/frameworks/)
 * gives it. An annotation: it changes no question, answer or score, so it is left out of the frozen content
 * hash and may be added to a version in use (ADR 023).
 */
export const OutcomeMappingSchema = z.strictObject({
  framework: z.enum(["caf", "wgll"]),
  code: Text,
  title: Text,
});

export const ConditionSchema = z.strictObject({
  /** An earlier question in the same questionnaire. */
  question: Id,
  /** Shown when the earlier answer is one of these values (levels as numbers, yes/no as "yes"/"no", checklist item ids). */
  anyOf: z.array(z.union([z.number(), z.string()])).min(1),
});

/**
 * Warnings of `questionnaires check` about a descriptor's wording. An author who has read one and decided the
 * wording is right silences it on that descriptor alone.
 */
export const descriptorWarnings = [
  "shortfall-in-included-level",
  "vague-threshold",
  "limiting-clause-in-included-level",
  "vague-word",
] as const;
export type DescriptorWarning = (typeof descriptorWarnings)[number];

export const LevelDescriptorSchema = z.strictObject({
  level: z.number().int(),
  /** What must all be true at this level: cumulative and observable. */
  descriptor: Text,
  /** Advice for reaching the next level up; absent only at the top level. */
  nextStep: Text.optional(),
  /** Warnings the author has read and accepted for this descriptor (see docs/questionnaires.md). */
  silence: z.array(z.enum(descriptorWarnings)).min(1).optional(),
});

export const LineageSchema = z.strictObject({
  /** The question of the previous version this one continues; defaults to the same id. */
  from: Id.optional(),
  /**
   * same: unchanged. equivalent: reworded, same meaning, so the old answer is still a true answer and carries
   * forward (marked for confirmation). reworded (versions 1–2) and changed: the meaning moved, so nothing
   * carries. new: no predecessor.
   */
  change: z.enum(["same", "equivalent", "reworded", "changed", "new"]),
  /** Why the question changed (or why it is equivalent): for the v-to-v table of changes in docs. */
  why: Text.optional(),
});

const QuestionBase = {
  id: Id,
  text: Text,
  guidance: Text.optional(),
  weight: Weight,
  /** Care settings that see this question; absent means every setting of the questionnaire. */
  careSettings: z.array(CareSettingSchema).min(1).optional(),
  notApplicableAllowed: z.boolean().default(false),
  evidencePrompt: Text.optional(),
  /** All conditions must hold for the question to be shown and counted. */
  showWhen: z.array(ConditionSchema).optional(),
  lineage: LineageSchema.optional(),
  /** Whether an answer is needed before the assessment can be submitted. */
  required: z.boolean().default(true),
  /** Framework references for this question alone (for example the CAF principle a cyber control meets). */
  frameworks: z.array(FrameworkReferenceSchema).default([]),
  /** The CAF outcomes and WGLL pillars this question evidences (absent: not mapped). */
  mappings: z.array(OutcomeMappingSchema).min(1).optional(),
};

export const LevelQuestionSchema = z.strictObject({
  ...QuestionBase,
  type: z.literal("level"),
  scale: Id,
  levels: z.array(LevelDescriptorSchema).min(2),
});

export const OutcomeQuestionSchema = z.strictObject({
  ...QuestionBase,
  type: z.literal("outcome"),
  scale: Id,
  levels: z.array(LevelDescriptorSchema).min(2),
});

export const ChecklistItemSchema = z.strictObject({
  id: Id,
  label: Text,
  /** Share of the question's 0–100 score this capability is worth. Shares add up to 100. */
  share: z.number().positive().max(100),
});

export const ChecklistQuestionSchema = z.strictObject({
  ...QuestionBase,
  type: z.literal("checklist"),
  items: z.array(ChecklistItemSchema).min(2),
  nextStep: Text.optional(),
});

export const YesNoQuestionSchema = z.strictObject({
  ...QuestionBase,
  type: z.literal("yes-no"),
  /** Present when the answer counts towards the score. */
  scores: z.strictObject({ yes: Score, no: Score }).optional(),
  nextStep: Text.optional(),
});

export const NumberQuestionSchema = z.strictObject({
  ...QuestionBase,
  type: z.literal("number"),
  unit: Text.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const TextQuestionSchema = z.strictObject({
  ...QuestionBase,
  type: z.literal("text"),
  maxLength: z.number().int().positive().max(5000).default(2000),
});

export const QuestionSchema = z.discriminatedUnion("type", [
  LevelQuestionSchema,
  OutcomeQuestionSchema,
  ChecklistQuestionSchema,
  YesNoQuestionSchema,
  NumberQuestionSchema,
  TextQuestionSchema,
]);

export const ThemeSchema = z.strictObject({
  id: Id,
  title: Text,
  description: Text,
  weight: Weight,
  frameworks: z.array(FrameworkReferenceSchema).default([]),
  questions: z.array(QuestionSchema).min(1),
});

/**
 * A cap: when any of the named outcome questions is answered at or below `atOrBelow` (a value of its scale,
 * e.g. 1 = Not achieved), the theme's score is at most the score of `maxLevel` on the level scale.
 */
export const ScoreCapSchema = z.strictObject({
  theme: Id,
  /** Outcome or level questions of that theme whose low answer caps it. */
  questions: z.array(Id).min(1),
  atOrBelow: z.number().int(),
  maxLevel: z.number().int(),
  /** Shown beside the capped score, e.g. "A CAF outcome is Not achieved". */
  reason: Text,
});

export const ScoringSchema = z.strictObject({
  /** weighted-mean: scores are weighted means. gated: a theme reaches a level only when every question does. */
  method: z.enum(["weighted-mean", "gated"]),
  /** The level scale on which theme and overall maturity levels are expressed. */
  levelScale: Id,
  /** Share (0–1) of applicable weight that must be answered for a theme to be scored. */
  minimumCoverage: z.number().min(0).max(1).default(0.5),
  /** Optional caps on theme scores (docs/scoring.md §3a). Absent in versions before core v3. */
  caps: z.array(ScoreCapSchema).min(1).optional(),
});

export const QuestionnaireSchema = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  version: z.number().int().positive(),
  title: Text,
  description: Text,
  status: z.enum(["draft", "published", "retired"]),
  careSettings: z.array(CareSettingSchema).min(1),
  /** The version this one follows; questions then declare their lineage. */
  previousVersion: z.number().int().positive().optional(),
  /**
   * true: every level above the second includes all the levels above the lowest below it (levels 3–5 of a
   * maturity scale include level 2; Achieved includes Partially achieved), so descriptors state only what
   * they add and the page says so once. Absent (versions before core v3): descriptors say "All of level 2, and".
   */
  cumulativeLevels: z.boolean().optional(),
  /** Wording rules of `questionnaires check` this version was written to (2 adds limiting clauses and vague words). */
  wordingRules: z.number().int().min(1).max(2).optional(),
  /** Ids of questions of the previous version that this version drops. */
  retiredQuestions: z.array(Id).default([]),
  scales: z.array(ScaleSchema).min(1),
  scoring: ScoringSchema,
  themes: z.array(ThemeSchema).min(1),
});

export type Questionnaire = z.infer<typeof QuestionnaireSchema>;
export type Theme = z.infer<typeof ThemeSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type Scale = z.infer<typeof ScaleSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type OutcomeMapping = z.infer<typeof OutcomeMappingSchema>;
export type ScoreCap = z.infer<typeof ScoreCapSchema>;
