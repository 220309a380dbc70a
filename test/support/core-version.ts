import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The core questionnaire's newest version: the one the start page offers and the demo's current cycle uses
 * (getQuestionnaireVersion without a version). Tests that mean "the current version" follow it, so a new
 * version (core v3 → v4) does not need every test edited; tests about one version name it.
 */
const folder = fileURLToPath(new URL("../../questionnaires/core-digital-maturity/", import.meta.url));
export const coreVersion = Math.max(
  ...readdirSync(folder).flatMap((file) => {
    const match = /^v(\d+)\.yaml$/.exec(file);
    return match ? [Number(match[1])] : [];
  }),
);
export const coreQuestionnaireRef = `core-digital-maturity@${coreVersion}`;
/** The label the start page and the organisation page give the current core questionnaire. */
export const coreQuestionnaireLabel = `Digital maturity self-assessment (version ${coreVersion})`;
