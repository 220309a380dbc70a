import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { coreVersion } from "../support/core-version";

/** `npm run cli -- questionnaires ...` as an author or CI runs it. */
const root = fileURLToPath(new URL("../..", import.meta.url));
const realDir = join(root, "questionnaires");
const tsx = join(root, "node_modules/.bin/tsx");
const timeout = 60_000;

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const { PUBLIC_URL: _publicUrl, QUESTIONNAIRES_DIR: _dir, ...inherited } = process.env;
  const result = spawnSync(tsx, ["app/cli.ts", "questionnaires", ...args], {
    cwd: root,
    env: { ...inherited, QUESTIONNAIRES_DIR: realDir, ...env },
    encoding: "utf8",
    timeout,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), "questionnaires-cli-"));
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

describe("questionnaires check", () => {
  it(
    "passes the real questionnaires",
    () => {
      const run = cli(["check"]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split("\n");
      // A superseded version keeps its wording (it may be frozen), so its warnings are only counted.
      expect(lines.filter((l) => l.startsWith("ok "))).toEqual([
        "ok questionnaires/board-digital-leadership/v1.yaml (3 wording warnings, left as they are: a later version exists)",
        "ok questionnaires/board-digital-leadership/v2.yaml",
        "ok questionnaires/board-digital-leadership/v3.yaml",
        "ok questionnaires/core-digital-maturity/v1.yaml (90 wording warnings, left as they are: a later version exists)",
        "ok questionnaires/core-digital-maturity/v2.yaml",
        "ok questionnaires/core-digital-maturity/v3.yaml",
        "ok questionnaires/core-digital-maturity/v4.yaml",
        "ok questionnaires/icb-digital-maturity/v1.yaml",
        "ok questionnaires/icb-digital-maturity/v2.yaml",
      ]);
      // The word-count report: one line per care setting of each current version (7 + 5 + 1).
      const counts = lines.filter((l) => !l.startsWith("ok "));
      expect(counts).toHaveLength(13);
      for (const line of counts)
        expect(line).toMatch(
          /^ {2}[a-z-]+: \d+ questions \(\d+ scored\), [\d,]+ words; about .+ \(\d+ min reading at 150 words a minute, \d+ min evidence and answers, 30 min to check and submit\)$/,
        );
    },
    timeout,
  );

  it(
    "fails on a defect, naming the file and the problem's path",
    () => {
      const dir = copyOf(realDir);
      const file = join(dir, "core-digital-maturity", "v1.yaml");
      const text = readFileSync(file, "utf8");
      const nextStep =
        "            nextStep: >-\n              Roll out the EPR to your highest-volume services next. Stop creating new paper case notes in\n              each service once it goes live.\n";
      expect(text.split(nextStep)).toHaveLength(2);
      writeFileSync(file, text.replace(nextStep, ""));

      const run = cli(["check"], { QUESTIONNAIRES_DIR: dir });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        `${relative(root, file)}: themes[0].questions[0].levels[1].nextStep: Give advice for reaching the next level`,
      );
      // The board questionnaire comes first and is fine.
      expect(run.stdout).toMatch(/^ok .*board-digital-leadership\/v1\.yaml/m);
    },
    timeout,
  );

  it(
    "fails on a YAML syntax error, naming the line",
    () => {
      const dir = copyOf(realDir);
      const file = join(dir, "board-digital-leadership", "v1.yaml");
      const text = readFileSync(file, "utf8");
      const quoted =
        '        evidencePrompt: "For example: the board skills matrix, records of board development sessions."';
      const line = text.slice(0, text.indexOf(quoted)).split("\n").length;
      writeFileSync(file, text.replace(quoted, quoted.replace(/"/g, "")));

      const run = cli(["check"], { QUESTIONNAIRES_DIR: dir });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`${relative(root, file)}: line ${line}: Nested mappings are not allowed`);
    },
    timeout,
  );

  it(
    "fails when there are no questionnaire files",
    () => {
      const run = cli(["check"], { QUESTIONNAIRES_DIR: join(tmpdir(), "no-such-questionnaires-folder") });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("No questionnaire files found");
    },
    timeout,
  );
});

describe("questionnaires export-fhir", () => {
  it(
    "prints the newest version as a FHIR Questionnaire",
    () => {
      const run = cli(["export-fhir", "core-digital-maturity"]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const resource = JSON.parse(run.stdout) as {
        resourceType: string;
        id: string;
        url: string;
        item: { linkId: string }[];
      };
      expect(resource).toMatchObject({
        resourceType: "Questionnaire",
        id: `core-digital-maturity-v${coreVersion}-acute`,
        url: "http://localhost:3000/questionnaires/core-digital-maturity/acute",
        version: String(coreVersion),
        status: "active",
      });
      expect(resource.item[0]?.linkId).toBe("paperless");
    },
    timeout,
  );

  it(
    "prints a named version, with URLs on PUBLIC_URL",
    () => {
      const run = cli(["export-fhir", "board-digital-leadership", "1", "icb"], {
        PUBLIC_URL: "https://dma.example.nhs.uk",
      });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        resourceType: "Questionnaire",
        id: "board-digital-leadership-v1-icb",
        url: "https://dma.example.nhs.uk/questionnaires/board-digital-leadership/icb",
      });
    },
    timeout,
  );

  it(
    "exits 1 for an unknown id or version",
    () => {
      const unknown = cli(["export-fhir", "no-such-questionnaire"]);
      expect(unknown.status).toBe(1);
      expect(unknown.stdout).toBe("");
      expect(unknown.stderr.trim()).toBe('No valid questionnaire "no-such-questionnaire".');

      const noVersion = cli(["export-fhir", "core-digital-maturity", "99"]);
      expect(noVersion.status).toBe(1);
      expect(noVersion.stderr.trim()).toBe('No valid questionnaire "core-digital-maturity" version 99.');
    },
    timeout,
  );

  it(
    "exits 2 with usage when the id is missing",
    () => {
      const run = cli(["export-fhir"]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("Name the questionnaire id.");
    },
    timeout,
  );
});

describe("questionnaires schema", () => {
  it(
    "prints the committed JSON Schema",
    () => {
      const run = cli(["schema"]);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(
        JSON.parse(readFileSync(join(realDir, "questionnaire.schema.json"), "utf8")),
      );
    },
    timeout,
  );
});
