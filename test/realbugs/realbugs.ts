// `npm run realbugs`: the real-bug benchmark. Fetches each case's buggy and fixed published
// versions (npm pack, cached under .cache), lints both files with the built plugin's recommended and
// strict presets and core `require-atomic-updates`, and prints per case and in total what was caught
// at the buggy line and what the expected rule still reports in the fixed version.
//
// Options: --split dev (default) | held-out | all; --kind race | lock | fan-out; --id ID (repeatable);
// --plugin PATH (default: the built eslint-plugin/dist/index.js); --write (update FIGURES.md's dev
// section; with --split held-out, its held-out section).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { PluginLike } from '../corpus/check-file';
import { repoRoot } from '../corpus/packages';
import { KINDS, loadCases, validateCases, type CaseKind, type RealBugCase } from './cases';
import { LINE_TOLERANCE, createCheckers, evaluateCase, fetchCaseFiles, type CaseOutcome } from './evaluate';

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'dev' },
      kind: { type: 'string' },
      id: { type: 'string', multiple: true },
      plugin: { type: 'string' },
      write: { type: 'boolean', default: false },
    },
  });
  const split = values.split;
  if (split !== 'dev' && split !== 'held-out' && split !== 'all') throw new Error(`--split must be \`dev\`, \`held-out\` or \`all\`, not \`${split}\`.`);
  if (values.kind && !KINDS.includes(values.kind as CaseKind)) throw new Error(`--kind must be one of ${KINDS.join(', ')}.`);
  const root = repoRoot();
  const casesFile = path.join(root, 'test/realbugs/cases.json');
  const all = loadCases(casesFile);
  const problems = validateCases(all);
  if (problems.length > 0) throw new Error(`cases.json is not well-formed:\n${problems.join('\n')}`);
  const cases = all.filter(
    (entry) => (split === 'all' || entry.split === split) && (!values.kind || entry.kind === values.kind) && (!values.id || values.id.includes(entry.id)),
  );
  const pluginPath = path.resolve(values.plugin ?? path.join(root, 'eslint-plugin/dist/index.js'));
  if (!existsSync(pluginPath)) throw new Error(`${pluginPath} is missing: run \`npm run build\` first.`);
  const checkers = createCheckers(createRequire(__filename)(pluginPath) as PluginLike);

  console.log(`${cases.length} cases (split ${split}${values.kind ? `, kind ${values.kind}` : ''}); caught = the expected rule reports within ±${LINE_TOLERANCE} lines of the buggy line.\n`);
  const outcomes: Array<{ entry: RealBugCase; outcome: CaseOutcome }> = [];
  for (const entry of cases) {
    const files = await fetchCaseFiles(entry, (line) => console.log(`  ${line}`));
    const outcome = evaluateCase(entry, files, checkers);
    outcomes.push({ entry, outcome });
    console.log(caseLine(entry, outcome));
  }
  const table = totals(outcomes);
  console.log(`\n${table.join('\n')}`);
  if (values.write && !values.kind && !values.id && split !== 'all') writeFigures(root, split, table);
}

const mark = (value: boolean) => (value ? 'yes' : ' - ');

function caseLine(entry: RealBugCase, outcome: CaseOutcome): string {
  const where = `${entry.package}@${entry.buggy}→${entry.fixed} ${entry.file}:${entry.line}`;
  const missing = outcome.ruleExists ? '' : `  (rule \`${entry.rule}\` does not exist yet: a miss)`;
  const others = outcome.anyRuleStrict.filter((rule) => rule !== entry.rule);
  const extra = others.length > 0 ? `  other rules at the line: ${others.join(', ')}` : '';
  const by = outcome.recommendedBy.length > 0 ? ` (${outcome.recommendedBy.join(', ')})` : '';
  const errors = outcome.errors.length > 0 ? `\n    ! ${outcome.errors.join('\n    ! ')}` : '';
  return (
    `${entry.id.padEnd(36)} ${entry.kind.padEnd(7)} ${entry.rule.padEnd(40)} rec ${mark(outcome.recommended)}${by}  strict ${mark(outcome.strict)}  ` +
    `fixed ${outcome.leftInFixed}  (file: ${outcome.expectedInBuggyFile}→${outcome.expectedInFixedFile})  core ${mark(outcome.core)}  ${where}${missing}${extra}${errors}`
  );
}

function totals(outcomes: ReadonlyArray<{ entry: RealBugCase; outcome: CaseOutcome }>): string[] {
  const lines = ['| kind | cases | recommended | strict | expected rule left in fixed | require-atomic-updates | expected rule missing |', '| --- | --- | --- | --- | --- | --- | --- |'];
  const row = (label: string, group: ReadonlyArray<{ outcome: CaseOutcome }>) => {
    const count = (pick: (outcome: CaseOutcome) => boolean) => {
      const n = group.filter(({ outcome }) => pick(outcome)).length;
      return `${n} (${group.length ? Math.round((100 * n) / group.length) : 0} %)`;
    };
    lines.push(
      `| ${label} | ${group.length} | ${count((o) => o.recommended)} | ${count((o) => o.strict)} | ${count((o) => o.leftInFixed > 0)} | ${count((o) => o.core)} | ${group.filter(({ outcome }) => !outcome.ruleExists).length} |`,
    );
  };
  for (const kind of KINDS) {
    const group = outcomes.filter(({ entry }) => entry.kind === kind);
    if (group.length > 0) row(kind, group);
  }
  row('lock + fan-out', outcomes.filter(({ entry }) => entry.kind !== 'race'));
  row('all', outcomes);
  return lines;
}

/** Replaces one split's section of FIGURES.md, stamped with the commit it was measured at. */
function writeFigures(root: string, split: 'dev' | 'held-out', table: string[]): void {
  const file = path.join(root, 'test/realbugs/FIGURES.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Real-bug benchmark figures\n';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    if (execFileSync('git', ['status', '--porcelain', '--', 'eslint-plugin', 'test/realbugs/cases.json'], { cwd: root, encoding: 'utf8' }).trim()) commit += ' + uncommitted changes';
  } catch {
    // Outside a git checkout the figures still stand, without a commit.
  }
  const heading = split === 'dev' ? '## Dev split' : '## Held-out split';
  const section = `${heading}\n\nMeasured at commit ${commit} with \`npm run realbugs -- --split ${split}\`.\n\n${table.join('\n')}\n`;
  const pattern = new RegExp(`${heading}\\n[\\s\\S]*?(?=\\n## |$)`);
  writeFileSync(file, pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}`);
  console.log(`\nWrote ${path.relative(root, file)} (${split}).`);
}
