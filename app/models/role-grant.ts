import { z } from "zod";
import { content } from "../content";
import { OdsCodeSchema, RegionCodeSchema } from "../domain/schemas";
import { organisationRoles, roles } from "../domain/roles";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Adding a role, from the admin page or the CLI: which scope each role needs is checked here. */
export const RoleGrantSchema = z
  .strictObject({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Enter an email address")
      .max(320)
      .email(content.emailFormat),
    name: z.preprocess(blankToUndefined, z.string().trim().max(200, content.nameLength).optional()),
    password: z.preprocess(
      blankToUndefined,
      z
        .string()
        .min(12, "Password must be 12 characters or more")
        .max(200, "Password must be 200 characters or fewer")
        .optional(),
    ),
    role: z.enum(roles, { error: "Choose a role" }),
    organisationCode: z.preprocess(blankToUndefined, OdsCodeSchema.optional()),
    regionCode: z.preprocess(blankToUndefined, RegionCodeSchema.optional()),
  })
  .superRefine((v, ctx) => {
    const needsOrganisation = (organisationRoles as readonly string[]).includes(v.role);
    if (needsOrganisation && !v.organisationCode) {
      ctx.addIssue({
        code: "custom",
        path: ["organisationCode"],
        message: "Enter the ODS code of the organisation",
      });
    }
    if (!needsOrganisation && v.organisationCode) {
      ctx.addIssue({
        code: "custom",
        path: ["organisationCode"],
        message: "Leave the ODS code empty for this role",
      });
    }
    if (v.role === "regional-analyst" && !v.regionCode) {
      ctx.addIssue({ code: "custom", path: ["regionCode"], message: "Choose the analyst's region" });
    }
    if (v.role !== "regional-analyst" && v.regionCode) {
      ctx.addIssue({ code: "custom", path: ["regionCode"], message: "Only regional analysts have a region" });
    }
  });
