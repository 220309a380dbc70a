import { content, pageTitle } from "../content";
import { Link } from "@remix-run/react";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle(content.howScoresAreWorkedOut));

/** The scoring method for people reading a report (the full version is docs/scoring.md). */
export default function ScoringHelp() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{content.howScoresAreWorkedOut}</h1>
        <p>
          Every answer becomes a value from 0 to 100, as the questionnaire declares. On the core
          questionnaire, level 1 is 0, level 2 is 25, level 3 is 50, level 4 is 75 and level 5 is 100. CAF
          outcomes are 0 (not achieved), 50 (partially achieved) and 100 (achieved). A checklist is worth the
          shares of the capabilities in place.
        </p>
        <p>
          "Not applicable" answers and unanswered questions drop out, and the other answers' weights are
          rescaled. If less than half of a theme is answered, the theme is "not scored", never zero.
        </p>
        <h2>Theme scores</h2>
        <p>
          In most questionnaires a theme's score is the weighted average of its answers: each answer's share
          of the weight, times its value. In a gated questionnaire, a theme is only as high as its lowest
          answer.
        </p>
        <h2>Levels</h2>
        <p>
          A score is also shown as a level, to one decimal place. On the core questionnaire, the level is 1
          plus the score divided by 25: a score of 62.5 is level 3.5.
        </p>
        <h2>Worked example</h2>
        <p>
          A theme has four questions of equal weight. Two are answered at level 3 (50) and level 4 (75), one
          is not applicable and one is unanswered. The two answers each have half the weight: 25 + 37.5 =
          62.5, level 3.5. Two of the three applicable questions are answered, so coverage is 67%.
        </p>
        <h2>Next steps</h2>
        <p>
          For every answer below the top, the report works out how much the theme score would rise if that
          answer went up a step, and lists the biggest rises first, with what must be true at the next level
          and how to get there.
        </p>
        <h2 id="framework-views">Framework views: CAF outcomes and What Good Looks Like pillars</h2>
        <p>
          An assessment can also be read as CAF contributing outcomes and as What Good Looks Like pillars.
          Each question is mapped to the outcomes it bears on. An answer worth 75 or more (level 4 or 5, or a
          CAF outcome answered Achieved) achieves an outcome, 50 or more (level 3, or Partially achieved)
          partially achieves it, and less does not. An answer that does not apply, or is not answered yet, is
          left out.
        </p>
        <p>
          A CAF outcome is only as achieved as its weakest answer, so while one of its questions is unanswered
          it is "not assessed" (unless an answer already makes it not achieved). A What Good Looks Like pillar
          takes the average of its answers. An outcome with no answer to go on is "not assessed". These views
          are a self-assessment mapped by this service, not a Data Security and Protection Toolkit submission.
        </p>
        <p>
          <Link to="/">Go to your organisations</Link>
        </p>
      </div>
    </div>
  );
}
