import { z } from "zod";
import { calendarDate } from "../domain/schemas";
import { planLimits } from "../limits";
import { actionStatuses } from "./plan";

/**
 * The improvement plan's forms: the server's schemas (authoritative), one per form. Apart from app/plan/plan.ts
 * so that a page which shows the plan's labels does not load zod's full API into the browser (the theme
 * page's JavaScript budget: zod's shared core would otherwise be split out at its full size).
 */

/** A real calendar date written YYYY-MM-DD. */
export const isoDate = calendarDate("Due date");

const reason = z
  .string()
  .trim()
  .max(planLimits.reasonChars, `Reason must be ${planLimits.reasonChars} characters or fewer`)
  .default("");

/** The targets form: `target-<theme>` ("" for none, or 1–5) and `reason-<theme>` per theme. */
export function targetsSchema(themeIds: readonly string[]) {
  return z.strictObject(
    Object.fromEntries(
      themeIds.flatMap((id) => [
        [
          `target-${id}`,
          z
            .string()
            .trim()
            .default("")
            .refine((v) => v === "" || /^[1-5]$/.test(v), "Target must be a level from 1 to 5, or no target")
            .transform((v) => (v === "" ? null : Number(v))),
        ],
        [`reason-${id}`, reason],
      ]),
    ),
  );
}

const title = z
  .string()
  .trim()
  .min(1, "Enter what the action is")
  .max(planLimits.titleChars, `Title must be ${planLimits.titleChars} characters or fewer`);

/**
 * The lead's action form. The owner is `person:<id>` (checked against the organisation's people by the
 * service) or `role`, with the role's name in `ownerRole`.
 */
export function actionSchema(themeIds: readonly string[], questionIds: readonly string[]) {
  return z
    .strictObject({
      themeId: z.enum(themeIds as [string, ...string[]], { error: "Choose the theme the action is for" }),
      title,
      owner: z
        .string()
        .regex(/^(person:[1-9][0-9]{0,14}|role)$/, "Choose who owns the action")
        .optional()
        .refine((v) => v !== undefined, "Choose who owns the action"),
      ownerRole: z
        .string()
        .trim()
        .max(planLimits.ownerRoleChars, `Role must be ${planLimits.ownerRoleChars} characters or fewer`)
        .default(""),
      due: isoDate,
      status: z.enum(actionStatuses, { error: "Choose the action's status" }).default("not-started"),
      questionIds: z
        .union([z.string(), z.array(z.string())])
        .default([])
        .transform((v) => [v].flat())
        .refine(
          (ids) => ids.every((id) => questionIds.includes(id)),
          "Choose questions of this questionnaire",
        ),
      revision: z
        .string()
        .regex(/^[0-9]{1,9}$/)
        .transform(Number)
        .default(0),
      fromStep: z.string().max(10).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.owner === "role" && v.ownerRole === "")
        ctx.addIssue({ code: "custom", path: ["ownerRole"], message: "Enter the role that owns the action" });
    })
    .transform(({ owner, ownerRole, fromStep: _fromStep, ...rest }) => ({
      ...rest,
      owner:
        owner === "role"
          ? ({ role: ownerRole } as const)
          : ({ personId: Number(owner!.slice("person:".length)) } as const),
    }));
}

/** What an action's owner who is not the lead may change: its status, and a dated progress note. */
export const progressSchema = z.strictObject({
  status: z.enum(actionStatuses, { error: "Choose the action's status" }),
  note: z
    .string()
    .trim()
    .max(planLimits.noteChars, `Note must be ${planLimits.noteChars} characters or fewer`)
    .default(""),
  revision: z
    .string()
    .regex(/^[0-9]{1,9}$/, "Reload the page and try again")
    .transform(Number),
});

export const decisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.strictObject({
      decision: z.literal("approve"),
      signedName: z
        .string()
        .trim()
        .min(1, "Enter the name you sign with")
        .max(200, "Name must be 200 characters or fewer"),
      comment: z.string().trim().max(planLimits.commentChars).default(""),
      openedRevision: z
        .string()
        .regex(/^[0-9]{1,9}$/)
        .transform(Number),
    }),
    z.strictObject({
      decision: z.literal("return"),
      signedName: z.string().max(200).optional(),
      comment: z
        .string()
        .trim()
        .min(1, "Say what needs to change before the board can approve the plan")
        .max(planLimits.commentChars, `Comment must be ${planLimits.commentChars} characters or fewer`),
      openedRevision: z
        .string()
        .regex(/^[0-9]{1,9}$/)
        .transform(Number),
    }),
  ],
  { error: "Choose whether to approve or return the plan" },
);
