import { type Answers, describeAnswer } from "../assessment/answers";
import type { Comparisons } from "../benchmark/compare";
import { type CareSetting, careSettingLabels, groupingLabel } from "../domain/organisation";
import type { Questionnaire } from "../questionnaire/schema";
import { scoreAssessment } from "../scoring/engine";
import { type NextStep, nextSteps } from "../scoring/next-steps";

/**
 * The organisation report: everything a board reads, as plain data. Built from the engine's output only,
 * so a saved copy of it is the report exactly as it was.
 */
export interface ReportQuestion {
  id: string;
  text: string;
  answer: string;
  value: number;
  /** Share of the theme's scored weight (0–1) and the points it contributed. */
  share: number;
  points: number;
}

export interface ReportTheme {
  id: string;
  title: string;
  score: number | null;
  level: number | null;
  coverage: number;
  previousScore: number | null;
  questions: ReportQuestion[];
  strongest: ReportQuestion[];
  weakest: ReportQuestion[];
  heldBy: string[];
  nextSteps: NextStep[];
}

export interface Report {
  organisation: { odsCode: string; name: string; careSetting: string; region: string };
  assessment: { id: number; cycle: string; status: string };
  questionnaire: {
    id: string;
    version: number;
    title: string;
    levelScale: { value: number; label: string }[];
  };
  scoringMethodVersion: string;
  method: string;
  overall: { score: number | null; level: number | null; coverage: number; previousScore: number | null };
  previous: { cycle: string; reportId: number } | null;
  themes: ReportTheme[];
  /** Peer-group figures as they were when the report was made; null before benchmarks are worked out. */
  comparisons: Comparisons | null;
  /**
   * The overall score cycle by cycle, against the median of the organisation's care-setting peers (null where
   * that group was below the disclosure threshold). Absent from reports saved before trends existed.
   */
  trend?: { cycle: string; score: number | null; peerMedian: number | null; peers: number }[];
}

export interface PreviousScores {
  cycle: string;
  reportId: number;
  overall: number | null;
  themes: Record<string, number | null>;
}

export interface ReportInput {
  questionnaire: Questionnaire;
  organisation: { odsCode: string; name: string; careSetting: CareSetting; regionCode: string | null };
  assessment: { id: number; cycle: string; status: string };
  answers: Answers;
  previous: PreviousScores | null;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export function buildReport({
  questionnaire: q,
  organisation,
  assessment,
  answers,
  previous,
}: ReportInput): Report {
  const result = scoreAssessment(q, organisation.careSetting, answers);
  const steps = nextSteps(q, organisation.careSetting, answers, result);
  const levelScale = q.scales.find((s) => s.id === q.scoring.levelScale)!;
  return {
    organisation: {
      odsCode: organisation.odsCode,
      name: organisation.name,
      careSetting: careSettingLabels[organisation.careSetting],
      region: organisation.regionCode ? groupingLabel(organisation.regionCode) : "",
    },
    assessment,
    questionnaire: {
      id: q.id,
      version: q.version,
      title: q.title,
      levelScale: levelScale.levels.map((l) => ({ value: l.value, label: l.label })),
    },
    scoringMethodVersion: result.scoringMethodVersion,
    method: result.method,
    overall: {
      score: round1(result.overall.score),
      level: result.overall.level,
      coverage: round1(result.overall.coverage * 100)! / 100,
      previousScore: previous ? round1(previous.overall) : null,
    },
    previous: previous ? { cycle: previous.cycle, reportId: previous.reportId } : null,
    themes: result.themes.map((t) => {
      const theme = q.themes.find((x) => x.id === t.themeId)!;
      const questions: ReportQuestion[] = t.contributions.map((c) => {
        const question = theme.questions.find((x) => x.id === c.id)!;
        return {
          id: c.id,
          text: question.text,
          answer: describeAnswer(question, q, answers.get(c.id)),
          value: c.value,
          share: c.share,
          points: Math.round(c.points * 10) / 10,
        };
      });
      const byValue = [...questions].sort((a, b) => b.value - a.value);
      const best = byValue[0]?.value;
      const worst = byValue[byValue.length - 1]?.value;
      return {
        id: t.themeId,
        title: t.title,
        score: round1(t.score),
        level: t.level,
        coverage: t.coverage,
        previousScore: previous ? round1(previous.themes[t.themeId] ?? null) : null,
        questions,
        // With every answer equal there is nothing to single out.
        strongest: best === worst ? [] : byValue.filter((x) => x.value === best).slice(0, 3),
        weakest: best === worst ? [] : byValue.filter((x) => x.value === worst).slice(0, 3),
        heldBy: t.heldBy,
        nextSteps: steps
          .filter((s) => s.themeId === t.themeId)
          .map((s) => ({ ...s, gain: Math.round(s.gain * 10) / 10 })),
      };
    }),
    comparisons: null,
  };
}

/** The report's scores by theme id, with "overall", as shown (one decimal place) and as benchmarks store them. */
export function scoresByTheme(report: Report): Record<string, number | null> {
  return { ...Object.fromEntries(report.themes.map((t) => [t.id, t.score])), overall: report.overall.score };
}
