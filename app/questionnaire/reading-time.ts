import type { CareSetting } from "../domain/organisation";
import type { Question, Questionnaire } from "./schema";

/**
 * How long a questionnaire takes one care setting, from a stated method (docs/questionnaires.md, "How long it
 * takes"): the words it is shown, read at a careful pace, plus time per question to find evidence already
 * held, agree the answer and record it, plus time to check and submit. Pure: the check, the CLI and the
 * questionnaire page all use it, so the figure the guide quotes is the figure the page shows.
 */
export const readingWordsPerMinute = 150;
/** Finding the evidence (usually already gathered for the DSPT or the board), agreeing the level, saving. */
export const minutesPerScoredQuestion = 3;
/** An unscored follow-up (a number or a short note). */
export const minutesPerUnscoredQuestion = 1;
export const minutesToCheckAndSubmit = 30;

const words = (text: string | undefined) => (text ? text.trim().split(/\s+/).filter(Boolean).length : 0);

/** Every word of a question that someone answering it is shown: text, guidance, evidence prompt, levels, items. */
export function questionWords(question: Question): number {
  let n = words(question.text) + words(question.guidance) + words(question.evidencePrompt);
  if (question.type === "level" || question.type === "outcome")
    n += question.levels.reduce((s, l) => s + words(l.descriptor), 0);
  if (question.type === "checklist") n += question.items.reduce((s, i) => s + words(i.label), 0);
  return n;
}

/** The one sentence a cumulative questionnaire shows once per theme page (see the theme form). */
export const cumulativeLevelsNote =
  "Each level includes the levels from 2 up to it; Achieved includes Partially achieved. Choose the highest level that is all true.";

export interface ReadingTime {
  careSetting: CareSetting;
  questions: number;
  scored: number;
  words: number;
  readingMinutes: number;
  answeringMinutes: number;
  checkMinutes: number;
  totalMinutes: number;
}

const isScored = (q: Question) =>
  q.type === "level" ||
  q.type === "outcome" ||
  q.type === "checklist" ||
  (q.type === "yes-no" && q.scores !== undefined);

/** Words and minutes for one care setting. Conditional follow-ups are counted as shown (the longest case). */
export function readingTime(q: Questionnaire, careSetting: CareSetting): ReadingTime {
  const shown = q.themes.flatMap((t) =>
    t.questions.filter((x) => !x.careSettings || x.careSettings.includes(careSetting)),
  );
  const themesShown = q.themes.filter((t) =>
    t.questions.some((x) => !x.careSettings || x.careSettings.includes(careSetting)),
  ).length;
  const total =
    shown.reduce((s, x) => s + questionWords(x), 0) +
    (q.cumulativeLevels ? themesShown * words(cumulativeLevelsNote) : 0);
  const scored = shown.filter(isScored).length;
  const readingMinutes = Math.ceil(total / readingWordsPerMinute);
  const answeringMinutes =
    scored * minutesPerScoredQuestion + (shown.length - scored) * minutesPerUnscoredQuestion;
  return {
    careSetting,
    questions: shown.length,
    scored,
    words: total,
    readingMinutes,
    answeringMinutes,
    checkMinutes: minutesToCheckAndSubmit,
    totalMinutes: readingMinutes + answeringMinutes + minutesToCheckAndSubmit,
  };
}

/** "4 hours 5 minutes", "50 minutes". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hours = h === 0 ? "" : `${h} ${h === 1 ? "hour" : "hours"}`;
  const mins = m === 0 ? "" : `${m} ${m === 1 ? "minute" : "minutes"}`;
  return [hours, mins].filter(Boolean).join(" ") || "0 minutes";
}
