import { z } from "zod";
import { evidenceContent } from "../content/evidence";
import { evidenceLimits } from "../limits";
import { isOutcomeCode, parseOutcomeCodes } from "./outcomes";

/**
 * The evidence library's forms, as the server checks them (after the body limit). Server-side only: the
 * theme page shows evidence without loading zod's full API into the browser.
 */
const e = evidenceContent.errors;

const realDate = (missing: string, invalid: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .refine((value) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return false;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.toISOString().slice(0, 10) === value;
    }, invalid);

const isWebAddress = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
  } catch {
    return false;
  }
};

export const evidenceItemSchema = z
  .strictObject({
    title: z.string().trim().min(1, e.titleMissing).max(evidenceLimits.titleChars, e.titleTooLong),
    description: z.string().trim().max(evidenceLimits.descriptionChars, e.descriptionTooLong).default(""),
    owner: z
      .string()
      .regex(/^(person:[1-9][0-9]{0,14}|role)$/, e.ownerMissing)
      .optional()
      .refine((v) => v !== undefined, e.ownerMissing),
    ownerRole: z.string().trim().max(evidenceLimits.ownerRoleChars, e.ownerRoleTooLong).default(""),
    producedOn: realDate(e.producedMissing, e.producedInvalid),
    reviewBy: realDate(e.reviewByMissing, e.reviewByInvalid),
    links: z
      .string()
      .max(evidenceLimits.links * (evidenceLimits.linkChars + 2), e.tooManyLinks)
      .default("")
      .transform((v) =>
        v
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().max(evidenceLimits.linkChars, e.linkInvalid).refine(isWebAddress, e.linkInvalid))
          .max(evidenceLimits.links, e.tooManyLinks),
      ),
    outcomes: z
      .string()
      .max(evidenceLimits.outcomes * 62, e.tooManyOutcomes)
      .default("")
      .transform(parseOutcomeCodes)
      .pipe(
        z
          .array(z.string().refine(isOutcomeCode, e.outcomeInvalid))
          .max(evidenceLimits.outcomes, e.tooManyOutcomes),
      ),
    /** The item's revision the form was opened at (edits only). */
    revision: z
      .string()
      .regex(/^[1-9][0-9]{0,8}$/, e.reload)
      .transform(Number)
      .optional(),
    /** Where a new item is cited at once, when added from a question: `<assessmentId>:<questionId>`. */
    cite: z
      .string()
      .regex(/^[1-9][0-9]{0,14}:[A-Za-z0-9_.-]{1,100}$/, e.reload)
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.owner === "role" && v.ownerRole === "")
      ctx.addIssue({ code: "custom", path: ["ownerRole"], message: e.ownerRoleMissing });
    if (v.reviewBy >= "0" && v.producedOn >= "0" && v.reviewBy < v.producedOn)
      ctx.addIssue({ code: "custom", path: ["reviewBy"], message: e.reviewBeforeProduced });
  })
  .transform(({ owner, ownerRole, ...rest }) => ({
    ...rest,
    owner:
      owner === "role"
        ? ({ role: ownerRole } as const)
        : ({ personId: Number((owner ?? "").slice("person:".length)) } as const),
  }));

export type EvidenceItemInput = z.output<typeof evidenceItemSchema>;

/** The register's filters, from the query string: anything unrecognised is ignored, not an error. */
export const registerQuerySchema = z.object({
  status: z.enum(["current", "due", "expired", ""]).catch("").default(""),
  owner: z
    .string()
    .regex(/^(person:[1-9][0-9]{0,14}|role:.{1,120})$/)
    .catch("")
    .default(""),
  theme: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/)
    .catch("")
    .default(""),
  outcome: z.string().refine(isOutcomeCode).catch("").default(""),
  q: z.string().trim().max(evidenceLimits.searchChars).catch("").default(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type RegisterQuery = z.output<typeof registerQuerySchema>;
