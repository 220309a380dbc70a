import {
  Document,
  Line,
  Page,
  Polygon,
  renderToBuffer,
  StyleSheet,
  Svg,
  Text,
  View,
} from "@react-pdf/renderer";
import { formatNumber, formatScore } from "../format";
import type { Report } from "./report";

/**
 * The board-ready PDF of a saved report, made on the server with @react-pdf/renderer (pure JavaScript, no
 * browser): summary, the radar chart drawn with PDF vector primitives, the score table and next steps.
 */
const styles = StyleSheet.create({
  page: { padding: 36, fontSize: 10, fontFamily: "Helvetica", color: "#212b32" },
  caption: { fontSize: 11, color: "#4c6272" },
  h1: { fontSize: 18, fontFamily: "Helvetica-Bold", marginVertical: 6 },
  h2: { fontSize: 13, fontFamily: "Helvetica-Bold", marginTop: 12, marginBottom: 4 },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: "#d8dde0", paddingVertical: 3 },
  cellWide: { flex: 4 },
  cell: { flex: 1, textAlign: "right" },
  small: { fontSize: 8, color: "#4c6272", marginTop: 2 },
  step: { marginBottom: 4 },
});

const fmt = (n: number | null) => formatScore(n);

function Radar({ report, size = 240 }: { report: Report; size?: number }) {
  const n = report.themes.length;
  const c = size / 2;
  const r = c - 20;
  const point = (i: number, value: number) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [c + Math.cos(angle) * r * (value / 100), c + Math.sin(angle) * r * (value / 100)] as const;
  };
  const polygon = (values: number[]) => values.map((v, i) => point(i, v).join(",")).join(" ");
  return (
    <Svg width={size} height={size}>
      {[25, 50, 75, 100].map((ring) => (
        <Polygon
          key={ring}
          points={polygon(report.themes.map(() => ring))}
          stroke="#d8dde0"
          strokeWidth={0.5}
          fill="none"
        />
      ))}
      {report.themes.map((t, i) => {
        const [x, y] = point(i, 100);
        return <Line key={t.id} x1={c} y1={c} x2={x} y2={y} stroke="#d8dde0" strokeWidth={0.5} />;
      })}
      {report.previous ? (
        <Polygon
          points={polygon(report.themes.map((t) => t.previousScore ?? 0))}
          stroke="#768692"
          strokeWidth={1.5}
          strokeDasharray="4 3"
          fill="none"
        />
      ) : null}
      <Polygon
        points={polygon(report.themes.map((t) => t.score ?? 0))}
        stroke="#005eb8"
        strokeWidth={2}
        fill="#005eb8"
        fillOpacity={0.2}
      />
      {report.themes.map((t, i) => {
        const [x, y] = point(i, 112);
        return (
          <Text key={t.id} x={x - 4} y={y + 3} style={{ fontSize: 8 }}>
            {String(i + 1)}
          </Text>
        );
      })}
    </Svg>
  );
}

export function ReportPdf({
  report,
  signOff,
}: {
  report: Report;
  signOff: { name: string; at: string } | null;
}) {
  return (
    <Document
      title={`${report.organisation.name} – ${report.questionnaire.title} ${report.assessment.cycle}`}
      author="Digital maturity self-assessment"
    >
      <Page size="A4" style={styles.page}>
        <Text style={styles.caption}>
          {report.organisation.name} ({report.organisation.odsCode})
        </Text>
        <Text style={styles.h1}>
          {report.questionnaire.title}: report for {report.assessment.cycle}
        </Text>
        <Text>
          Overall score {fmt(report.overall.score)} out of 100, level {fmt(report.overall.level)}.
          {report.previous
            ? ` Previous cycle (${report.previous.cycle}): ${fmt(report.overall.previousScore)}.`
            : ""}
        </Text>
        <Text style={styles.small}>
          {signOff
            ? `Signed off by ${signOff.name} on ${signOff.at.slice(0, 10)}.`
            : "Not signed off by the board yet."}{" "}
          {report.organisation.careSetting}, {report.organisation.region}. Scoring method{" "}
          {report.scoringMethodVersion} ({report.method}).
        </Text>
        <View style={{ flexDirection: "row", marginTop: 12 }}>
          <Radar report={report} />
          <View style={{ flex: 1, marginLeft: 12 }}>
            <View style={styles.row}>
              <Text style={styles.cellWide}>Theme</Text>
              <Text style={styles.cell}>Score</Text>
              <Text style={styles.cell}>Level</Text>
              {report.previous ? <Text style={styles.cell}>Before</Text> : null}
            </View>
            {report.themes.map((t, i) => (
              <View style={styles.row} key={t.id}>
                <Text style={styles.cellWide}>
                  {i + 1}. {t.title}
                </Text>
                <Text style={styles.cell}>{fmt(t.score)}</Text>
                <Text style={styles.cell}>{fmt(t.level)}</Text>
                {report.previous ? <Text style={styles.cell}>{fmt(t.previousScore)}</Text> : null}
              </View>
            ))}
          </View>
        </View>
        <Text style={styles.h2}>Next steps</Text>
        {report.themes.flatMap((t) =>
          t.nextSteps.slice(0, 2).map((s) => (
            <View key={s.questions[0]!.questionId} style={styles.step} wrap={false}>
              <Text>
                {t.title}: {s.questions.map((x) => `${x.question} (${x.current} to ${x.next})`).join("; ")}, +
                {formatNumber(s.gain, 1)} points
              </Text>
              {s.questions[0]!.advice ? <Text style={styles.small}>{s.questions[0]!.advice}</Text> : null}
            </View>
          )),
        )}
      </Page>
    </Document>
  );
}

export function renderReportPdf(
  report: Report,
  signOff: { name: string; at: string } | null,
): Promise<Buffer> {
  return renderToBuffer(<ReportPdf report={report} signOff={signOff} />);
}
